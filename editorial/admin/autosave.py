"""Autosave: a private copy of a form every few seconds of idle typing and when the
page is left, offered back ("Restore the unsaved version from 10:42?") when the object
is opened again.

The browser half is editorial/static/editorial/admin/unsaved_work.js. It POSTs the
fields named in `autosave_fields` to `<object>/autosave/` (or `add/autosave/` with the
key of a new object's form); the copy is an `Autosave` row of the user's own, written
over in place. It never touches the object, its revisions or the page cache: nothing
is published until the form itself is saved, which discards the copy.
"""

import html
import re
import uuid

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from reversion_compare.helpers import html_diff

from editorial.admin.links import row_by_id
from editorial.models import Autosave

DRAFT_KEY = re.compile(r"[0-9a-f]{32}")
RESTORE_PARAMETER = "restore-autosave"
KEY_FIELD = "autosave_key"
NEW_OBJECT_OFFERS = 5
# Where a rich-text paragraph ends: the comparison shows one paragraph per line.
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|pre|div)>|<br\s*/?>", re.I)


def refusal(message, status):
    response = JsonResponse({"error": message}, status=status)
    if status == 405:
        response["Allow"] = "POST"
    return response


def when(moment):
    """'10:42' today, 'Tue 9 Dec, 10:42' another day."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "D j M, H:i")


def readable(value):
    """A field's value as text to compare: rich text as one paragraph per line."""
    if isinstance(value, list):
        return ", ".join(value)
    value = value or ""
    if "<" not in value:
        return value
    lines = (" ".join(line.split()) for line in strip_tags(BLOCK_END.sub("\n", value)).split("\n"))
    return html.unescape("\n".join(line for line in lines if line))


class AutosaveAdminMixin:
    """Autosaved copies of `autosave_fields` for this model's add and change forms."""

    autosave_fields = ()

    @property
    def media(self):
        return super().media + forms.Media(js=["editorial/admin/unsaved_work.js"])

    # URLs -------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("add/autosave/", view(self.autosave_view), name=f"{name}_autosave_new"),
            path(
                "autosave/<int:autosave_id>/discard/",
                view(self.discard_autosave_view),
                name=f"{name}_autosave_discard",
            ),
            path("<path:object_id>/autosave/", view(self.autosave_view), name=f"{name}_autosave"),
            *super().get_urls(),
        ]

    def autosave_url(self, obj, view="autosave", *args):
        opts = self.model._meta
        if obj is None and view == "autosave":
            view, args = "autosave_new", ()
        elif obj is not None:
            args = (obj.pk, *args)
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    # The endpoint -----------------------------------------------------------------

    def autosave_view(self, request, object_id=None):
        """Keep the posted fields as the user's private copy; JSON either way."""
        if request.method != "POST":
            return refusal("Autosaves are sent with POST.", 405)
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size > settings.AUTOSAVE_MAX_BYTES:
            return refusal("Too long to keep a private copy: save the form instead.", 413)
        if object_id is None:
            if not self.has_add_permission(request):
                return refusal("You may not add these.", 403)
            key = request.POST.get("draft_key", "")
            if not DRAFT_KEY.fullmatch(key):
                return refusal("This form has no valid key: reload the page.", 400)
            target = {"object_id": None, "draft_key": key}
        else:
            # Only the row is needed for the permission check (ownership is checked by
            # has_change_permission itself): no prefetching of what the form shows.
            obj = row_by_id(self.model, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                return refusal("You may not edit this.", 403)
            target = {"object_id": obj.pk, "draft_key": ""}
        values = self.autosave_values(request.POST)
        if not values:
            return refusal("Nothing to keep: no field was sent.", 400)
        saved_at = self.keep_autosave(request.user, target, values)
        return JsonResponse({"saved_at": saved_at.isoformat(), "saved_at_text": when(saved_at)})

    def autosave_values(self, data):
        values = {}
        for name in self.autosave_fields:
            if name in data:
                given = data.getlist(name)
                values[name] = given[0] if len(given) == 1 else given
        return values

    def keep_autosave(self, user, target, values):
        """One row per user and object, written over in place (one UPDATE, usually)."""
        content_type = ContentType.objects.get_for_model(self.model)
        rows = Autosave.objects.filter(user=user, content_type=content_type, **target)
        now = timezone.now()
        if rows.update(fields=values, saved_at=now):
            return now
        try:
            with transaction.atomic():
                Autosave.objects.create(
                    user=user, content_type=content_type, fields=values, saved_at=now, **target
                )
        except IntegrityError:
            # Created meanwhile by the same user's other request (a beacon on leaving).
            rows.update(fields=values, saved_at=now)
        return now

    def discard_autosave_view(self, request, autosave_id):
        if request.method != "POST":
            return refusal("Discard with POST.", 405)
        autosave = self.own_autosaves(request).filter(pk=autosave_id).first()
        if autosave is None:
            self.message_user(request, "There was no unsaved version to discard.")
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        autosave.delete()
        self.message_user(request, f"Discarded the unsaved version from {when(autosave.saved_at)}.")
        opts = self.model._meta
        if autosave.object_id is None:
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_add")
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", autosave.object_id)

    def own_autosaves(self, request):
        return Autosave.objects.filter(
            user=request.user, content_type=ContentType.objects.get_for_model(self.model)
        )

    # The form: restore, offer, discard on save ------------------------------------

    def restored_autosave(self, request, obj):
        """The user's copy that this page was opened to restore (GET ?restore-autosave=)."""
        if request.method != "GET" or not request.GET.get(RESTORE_PARAMETER, "").isdigit():
            return None
        if not hasattr(request, "_restored_autosave"):
            request._restored_autosave = (
                self.own_autosaves(request)
                .filter(pk=request.GET[RESTORE_PARAMETER], object_id=getattr(obj, "pk", None))
                .first()
            )
        return request._restored_autosave

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        restored = self.restored_autosave(request, obj)
        adding = obj is None

        class AutosavedForm(form_class):
            # A new object's form has a key of its own, so its copy is found again
            # (and two "Add" tabs keep two copies); restoring a copy adopts its key.
            autosave_key = forms.CharField(
                widget=forms.HiddenInput, required=False, max_length=32, disabled=not adding
            )

            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                if restored is not None:
                    self.initial.update(restored.fields)
                self.fields[KEY_FIELD].initial = (
                    restored.draft_key if restored is not None and adding else uuid.uuid4().hex
                )

            def clean_autosave_key(self):
                key = self.cleaned_data.get(KEY_FIELD) or ""
                return key if DRAFT_KEY.fullmatch(key) else ""

        AutosavedForm.__name__ = form_class.__name__
        return AutosavedForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if KEY_FIELD in form.fields:
            restored = self.restored_autosave(request, obj)
            context["autosave"] = {
                "url": self.autosave_url(obj),
                "fields": " ".join(self.autosave_fields),
                "key_field": form[KEY_FIELD],
                "restored": restored,
                "restored_when": when(restored.saved_at) if restored is not None else None,
                "offers": self.autosave_offers(request, obj, form),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def autosave_offers(self, request, obj, form):
        """The user's copies to offer back, each with what it would change."""
        if request.method != "GET" or self.restored_autosave(request, obj) is not None:
            return []
        copies = self.own_autosaves(request).filter(object_id=getattr(obj, "pk", None))
        offers = []
        for autosave in copies[:NEW_OBJECT_OFFERS]:
            differences = self.autosave_differences(form, autosave)
            if not differences:
                # Nothing that is not saved already (a copy sent as the form was saved).
                autosave.delete()
                continue
            offers.append(
                {
                    "autosave": autosave,
                    "when": when(autosave.saved_at),
                    "title": readable(autosave.fields.get(self.autosave_fields[0], "")),
                    "differences": differences,
                    "restore_url": f"?{RESTORE_PARAMETER}={autosave.pk}",
                    "discard_url": self.autosave_url(None, "autosave_discard", autosave.pk),
                }
            )
        return offers

    def autosave_differences(self, form, autosave):
        """[(label, highlighted difference)] between the form as it opens and the copy,
        for the fields that differ (rich text compared as it would be stored)."""
        differences = []
        for name in self.autosave_fields:
            if name not in autosave.fields or name not in form.fields:
                continue
            bound, kept = form[name], autosave.fields[name]
            saved = bound.field.widget.format_value(bound.initial)
            if bound.field.has_changed(bound.initial, kept):
                differences.append((bound.label, html_diff(readable(saved), readable(kept))))
        return differences

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved: the private copy has served its purpose.
        copies = self.own_autosaves(request)
        copies.filter(object_id=form.instance.pk).delete()
        key = form.cleaned_data.get(KEY_FIELD)
        if key and not change:
            copies.filter(object_id=None, draft_key=key).delete()
