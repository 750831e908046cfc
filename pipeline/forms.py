from django import forms
from django.utils import timezone

from pipeline.models import DeskSettings, MailKind, Stage


class PitchForm(forms.Form):
    title = forms.CharField(max_length=300, help_text="A working headline: it can change later.")
    pitch = forms.CharField(
        label="The idea",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few lines: what the story is, why now, who you would talk to. Only "
        "the newsroom sees this.",
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, required=False, label="Assign to")
    due_date = forms.DateField(
        label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people
        self.fields["assignee"].label_from_instance = lambda user: user.author.name


class SendBackForm(forms.Form):
    note = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What needs doing. The writer gets it by email and under the post.",
    )


class NoteForm(forms.Form):
    body = forms.CharField(label="Note", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    quote = forms.CharField(
        label="Quoted passage",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: the words of the post this note is about.",
    )


class ReplyForm(forms.Form):
    body = forms.CharField(label="Reply", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class MoveForm(forms.Form):
    """Move a calendar item to another day: `item` is "due-<post id>" or "publish-<id>"."""

    item = forms.RegexField(regex=r"^(due|publish)-\d{1,18}$")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError("Choose today or a later day.")
        return day

    @property
    def kind_and_pk(self):
        kind, pk = self.cleaned_data["item"].split("-")
        return kind, int(pk)


class CalendarFilterForm(forms.Form):
    """The calendar's filters; anything malformed is simply ignored."""

    YEARS = range(1970, 2200)

    view = forms.ChoiceField(choices=[("month", "Month"), ("week", "Week")], required=False)
    date = forms.DateField(required=False)
    stage = forms.ChoiceField(required=False)
    person = forms.TypedChoiceField(coerce=int, required=False)
    tag = forms.CharField(max_length=100, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "All stages")] + [
            (stage.kind, stage.name) for stage in Stage.objects.all()
        ]
        self.fields["person"].choices = [("", "Everyone")] + [
            (user.pk, user.get_full_name() or user.get_username()) for user in people
        ]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day is not None and day.year not in self.YEARS:
            raise forms.ValidationError("Choose a date between 1970 and 2199.")
        return day


class DeskSettingsForm(forms.ModelForm):
    wanted = forms.MultipleChoiceField(
        label="Email me when",
        choices=MailKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DeskSettings
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted"].initial = [
            kind for kind in MailKind.values if kind not in self.instance.muted
        ]

    def save(self, commit=True):
        wanted = set(self.cleaned_data["wanted"])
        self.instance.muted = [kind for kind in MailKind.values if kind not in wanted]
        return super().save(commit)
