"""No lost updates: a save based on a stale copy is refused, and says who saved in
between.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from editorial import history
from editorial.admin.links import admin_url

VERSION_FIELD = "loaded_version"


def version_token(obj, field):
    value = getattr(obj, field)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def with_conflict_check(form_class, version_field):
    """`form_class` plus a hidden copy of the version the form was loaded from; a save
    from a stale copy is a form error (so nothing is saved, and the editor's changes
    stay in the form) that names who saved in between and links to the newer version."""

    class ConflictCheckedForm(form_class):
        loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                self.fields[VERSION_FIELD].initial = version_token(self.instance, version_field)

        def clean(self):
            cleaned_data = super().clean()
            if self.instance.pk is None:
                return cleaned_data
            manager = type(self.instance)._default_manager
            if transaction.get_connection().in_atomic_block:
                # Hold the row until this save commits: two saves cannot both pass.
                manager = manager.select_for_update()
            current = manager.filter(pk=self.instance.pk).first()
            if current is None:
                return cleaned_data
            current_token = version_token(current, version_field)
            if self.data.get(self.add_prefix(VERSION_FIELD)) != current_token:
                # Saving again now deliberately replaces the newer version (which stays
                # in the history): point the hidden field at it.
                self.data = self.data.copy()
                self.data[self.add_prefix(VERSION_FIELD)] = current_token
                raise ValidationError(conflict_message(current), code="conflict")
            return cleaned_data

    ConflictCheckedForm.__name__ = form_class.__name__
    return ConflictCheckedForm


def conflict_message(current):
    latest = history.latest_version(current)
    who, when = "Someone else", ""
    if latest is not None:
        if latest.revision.user is not None:
            user = latest.revision.user
            who = user.get_full_name() or user.get_username()
        when = " at " + date_format(timezone.localtime(latest.revision.date_created), "H:i, j M")
    return format_html(
        "{who} saved this {kind}{when}, after you opened it, so your changes have not been "
        "saved. They are still in the form below. "
        '<a href="{url}" target="_blank" rel="noopener">Open the newer version</a> '
        '(or <a href="{history}" target="_blank" rel="noopener">see what changed</a>) '
        "and copy your changes across; or save again to replace their version with yours "
        "(theirs stays in the history).",
        who=who,
        kind=current._meta.verbose_name,
        when=when,
        url=admin_url(current),
        history=admin_url(current, "history"),
    )


class ConflictDetectionAdminMixin:
    """Optimistic concurrency for a model whose `version_field` changes on every save."""

    version_field = "updated_at"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = with_conflict_check(kwargs.get("form", self.form), self.version_field)
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or any(VERSION_FIELD in options["fields"] for _, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]
