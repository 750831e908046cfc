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
            "is_sticky",
            "featured_image",
            "featured_image_alt",
        ]
        # Rich text is stored as plain HTML in a TextField: the widget is chosen here,
        # so replacing CKEditor later needs no data migration.
        widgets = {
            "body": CKEditorUploadingWidget(),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
        }
