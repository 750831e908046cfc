from django import forms

from campaign4change.editor import RichTextEditor
from campaign4change.forms import RichTextField
from pages.models import Page


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "body", "status", "menu", "is_corrections_policy"]
        # The post's editor, configured from the same sanitiser (campaign4change/editor.py).
        widgets = {"body": RichTextEditor()}
        field_classes = {"body": RichTextField}

    def clean_is_corrections_policy(self):
        marked = self.cleaned_data["is_corrections_policy"]
        if marked:
            other = Page.objects.filter(is_corrections_policy=True).exclude(pk=self.instance.pk)
            current = other.first()
            if current is not None:
                raise forms.ValidationError(
                    f"“{current}” is the corrections policy already: untick it there first."
                )
        return marked
