from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms

from articles.models import Article


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


class SearchForm(forms.Form):
    # Long enough for any real query; a longer one is refused with a 400, not searched.
    q = forms.CharField(
        label="Search posts",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={"max_length": "Please use at most %(limit_value)d characters."},
    )
