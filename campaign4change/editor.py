"""The rich-text editor: django-ckeditor's CKEditor 4 widget, configured from the sanitiser.

settings.CKEDITOR_CONFIGS says what the editor loads (its plugins) and shows (its
toolbar); this widget adds what is computed: the content filter's allow-list, taken from
campaign4change/sanitizer.py so that the editor and the sanitiser agree on every element,
attribute and class; the style sheet that makes images fit the column while editing;
and where pasted or dropped images are uploaded.
"""

from ckeditor.widgets import CKEditorWidget
from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django.templatetags.static import static
from django.urls import reverse

from campaign4change.sanitizer import editor_allowed_content


def computed_config(config, uploads):
    config["allowedContent"] = editor_allowed_content()
    config["contentsCss"] = [static("ckeditor/ckeditor/contents.css"), static("css/editor.css")]
    if uploads:
        # Pasted and dropped images go through the same upload view as the Image dialog
        # (JSON answer); without this they would be inlined as data: URLs, which the
        # sanitiser drops.
        config["imageUploadUrl"] = f"{reverse('ckeditor_upload')}?responseType=json"
    else:
        # Nowhere to upload to: refuse pasted image files rather than inline them.
        config["removePlugins"] = "uploadimage"
        config["clipboard_handleImages"] = False
    return config


class RichTextEditor(CKEditorUploadingWidget):
    """The editor for people who may upload images (articles.upload_image)."""

    def _set_config(self):
        super()._set_config()
        computed_config(self.config, uploads=True)


class RichTextEditorWithoutUploads(CKEditorWidget):
    """The same editor without the upload and browse pages (no upload permission)."""

    def _set_config(self):
        super()._set_config()
        computed_config(self.config, uploads=False)
