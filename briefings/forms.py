from django import forms

from articles.tag_input import TagsField
from briefings.models import Briefing, Entry
from campaign4change.editor import RichTextEditor
from campaign4change.forms import RichTextField


class BriefingAdminForm(forms.ModelForm):
    """The briefing itself, plus the note that goes with this save.

    `update_note` and `announce` are not stored on the briefing: the admin turns them into
    the BriefingChange recorded for this save (see BriefingAdmin.save_related).
    """

    update_note = forms.CharField(
        label="Note on this change",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text="What changed and why, e.g. “Added the Pathfinder progress report”. "
        "Kept in the change history.",
    )
    announce = forms.BooleanField(
        label="Announce this change to readers",
        required=False,
        help_text="Adds the note to the briefing's public update history and its feed.",
    )

    class Meta:
        model = Briefing
        fields = ["title", "slug", "introduction", "tags", "status", "curators"]
        widgets = {"introduction": RichTextEditor()}
        field_classes = {"introduction": RichTextField, "tags": TagsField}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("announce") and not cleaned.get("update_note", "").strip():
            self.add_error("update_note", "Write a note for readers to announce this change.")
        return cleaned


class EntryInlineForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = ["article", "url", "title", "source", "source_date", "note", "position"]
        # Compact widgets: a row of the entries table should fit on a laptop screen.
        widgets = {
            "url": forms.URLInput(attrs={"size": 26}),
            "title": forms.TextInput(attrs={"size": 24}),
            "source": forms.TextInput(attrs={"size": 14}),
            "note": forms.TextInput(attrs={"size": 24}),
        }
