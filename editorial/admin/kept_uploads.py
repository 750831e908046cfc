"""A file chosen in a form that comes back with an error stays chosen.

A browser cannot fill a file box again, so an upload that was fine in itself, sent
with a form that had an error elsewhere (alt text missing, a title too long, a byline
problem), would otherwise have to be chosen again. It is kept as the user's own
`KeptUpload`, the form refers to it in a hidden field and shows it as chosen, and the
next submission uses it unless another file is chosen or the box is cleared.
"""

from datetime import timedelta

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from editorial.models import KeptUpload

KEPT_SUFFIX = "-kept"
# Kept files nobody came back for are deleted after this (when the same user next
# keeps one): enough to fix a form after lunch, not to let files pile up.
KEEP_FOR = timedelta(days=1)


class KeptUploadWidgetMixin:
    """Shows the kept file (if any) after whatever the field's own widget shows."""

    kept = None

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.kept is None:
            return html
        kept = render_to_string(
            "admin/editorial/kept_upload.html", {"name": name + KEPT_SUFFIX, "kept": self.kept}
        )
        return html + kept


def keeping_widget(widget):
    """A copy of `widget` whose class also shows a kept file."""
    kept_class = type(f"Kept{type(widget).__name__}", (KeptUploadWidgetMixin, type(widget)), {})
    copy = kept_class.__new__(kept_class)
    copy.__dict__.update(widget.__dict__)
    return copy


def discard(kept_uploads):
    """Delete kept uploads and, once that is committed, their files."""
    for kept in kept_uploads:
        storage, name = kept.file.storage, kept.file.name
        kept.delete()
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def as_upload(kept):
    with kept.file.open("rb") as stored:
        return SimpleUploadedFile(kept.name, stored.read())


class KeptUploadsAdminMixin:
    """Keeps the uploads of a form sent back with errors (see the module's docstring)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class KeptUploadsForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.kept_uploads = {}
                for name, field in self.fields.items():
                    if isinstance(field, forms.FileField) and not field.disabled:
                        field.widget = keeping_widget(field.widget)
                        if self.is_bound:
                            self.use_kept_upload(name)

            def use_kept_upload(self, name):
                html_name = self.add_prefix(name)
                token = self.data.get(html_name + KEPT_SUFFIX, "")
                dropped = self.data.get(html_name + KEPT_SUFFIX + "-drop") or self.data.get(
                    html_name + "-clear"
                )
                if not token or html_name in self.files or dropped:
                    return
                try:
                    kept = KeptUpload.objects.filter(pk=token, user=user).first()
                except forms.ValidationError:  # not a UUID
                    kept = None
                if kept is None or not kept.file.storage.exists(kept.file.name):
                    return
                self.files = self.files.copy()
                self.files[html_name] = as_upload(kept)
                self.kept_uploads[name] = kept

        KeptUploadsForm.__name__ = form_class.__name__
        return KeptUploadsForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if request.method == "POST" and hasattr(form, "kept_uploads"):
            self.keep_uploads(request, form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def keep_uploads(self, request, form):
        """Keep each file that was fine in itself, and show it as chosen."""
        for name, field in form.fields.items():
            if not isinstance(field.widget, KeptUploadWidgetMixin):
                continue
            upload = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
            kept = form.kept_uploads.get(name)
            fresh = form.add_prefix(name) in request.FILES
            if fresh and name not in form.errors and hasattr(upload, "read"):
                discard(
                    KeptUpload.objects.filter(
                        user=request.user, created_at__lt=timezone.now() - KEEP_FOR
                    )
                )
                upload.seek(0)
                kept = KeptUpload(user=request.user, name=upload.name[:200])
                kept.file.save(upload.name, upload, save=False)
                kept.save()
                form.kept_uploads[name] = kept
            field.widget.kept = kept if name not in form.errors else None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved with the object: the kept copy is no longer needed.
        discard(getattr(form, "kept_uploads", {}).values())
