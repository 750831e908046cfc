from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms

from articles.models import Article, Tag

MAX_TAGS = 30


def validate_tag_names(names):
    """Tags typed into a form: each must fit the tag table, and a post has a few, not
    hundreds (an overlong tag would otherwise fail in the database, not in the form)."""
    limit = Tag._meta.get_field("name").max_length
    too_long = [name for name in names if len(name) > limit]
    if too_long:
        raise forms.ValidationError(
            f"A tag may be at most {limit} characters; this one is longer: “{too_long[0][:40]}…”."
        )
    if len(names) > MAX_TAGS:
        raise forms.ValidationError(f"Use at most {MAX_TAGS} tags.")
    return names


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "standfirst",
            "body",
            "tags",
            "status",
            "publish_at",
            "featured_image",
            "featured_image_alt",
        ]
        # Rich text is stored as plain HTML in a TextField: the widget is chosen here,
        # so replacing CKEditor later needs no data migration.
        widgets = {
            "body": CKEditorUploadingWidget(),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_tags(self):
        return validate_tag_names(self.cleaned_data.get("tags") or [])


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug", "description"]
        help_texts = {
            "slug": "The tag's address. Change it and the old address redirects to the new one.",
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        # Tags are case-insensitive: a rename onto an existing tag is a merge.
        clash = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise forms.ValidationError(
                f"There is already a tag “{clash.name}”. To combine the two, select both "
                "in the list of tags and use the “Merge selected tags” action."
            )
        return name


class TagMergeForm(forms.Form):
    merge_into = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this tag",
        help_text="The other tags are merged into it and deleted; their posts keep the "
        "tag, and their addresses redirect to this one.",
        empty_label=None,
    )

    def __init__(self, tags, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["merge_into"]
        field.queryset = Tag.objects.filter(pk__in=[tag.pk for tag in tags])
        field.initial = tags[0].pk
