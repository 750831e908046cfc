"""Form fields shared by the site's admin forms."""

from django import forms

from campaign4change.sanitizer import same_rich_text, sanitize_html, sanitize_inline_html


class RichTextField(forms.CharField):
    """Rich text, sanitised on save with `sanitize`. Unchanged when the posted HTML
    differs from the stored HTML only by the editor's or the browser's reformatting
    (CKEditor's layout, a textarea's CRLF line ends): a save that did not touch the
    text must not be recorded as editing it."""

    sanitize = staticmethod(sanitize_html)

    def prepare_value(self, value):
        # The editor gets the text as written: the sanitiser takes out the markup of the
        # images' renditions, which each save writes afresh (campaign4change/images.py).
        return self.sanitize(value) if isinstance(value, str) else value

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return not same_rich_text(initial, data, self.sanitize)


class InlineRichTextField(RichTextField):
    """A short note that keeps links and emphasis only (sanitize_inline_html)."""

    sanitize = staticmethod(sanitize_inline_html)
