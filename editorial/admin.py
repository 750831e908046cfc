"""Admin building blocks shared by every kind of content (posts, briefings...).

- OwnershipAdminMixin: row-level rules; without the model's `change_others_<model>`
  permission a user sees and touches only the rows they own.
- ConflictDetectionAdminMixin: no lost updates; a save based on a stale copy is refused.
- RevisionAdminMixin: every save keeps a revision (django-reversion) that can be
  compared (django-reversion-compare), restored, and recovered after a delete.
- UnchangedSaveAdminMixin: a save that changes nothing records nothing and moves no date.
- PreviewLinksAdminMixin: create and list preview links from an object's change page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from difflib import ndiff
from operator import attrgetter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from reversion import add_to_revision, create_revision, set_comment, set_user
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from taggit.managers import TaggableManager

from campaign4change.django_fixes import valid_pks
from editorial import history, previews
from editorial.models import PreviewLink
from editorial.roles import ROLES, assign_role


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])


# Ownership ---------------------------------------------------------------------------


class OwnershipAdminMixin:
    """Row-level permissions: what a user may see, change and delete, row by row.

    `owner_lookup` is the path from the model to the user who owns a row (for posts,
    the staff account of an author in the byline). Users holding the model's
    `change_others_<model>` permission (editors) are not restricted.
    """

    owner_lookup = None

    def others_permission(self):
        opts = self.model._meta
        return f"{opts.app_label}.change_others_{opts.model_name}"

    def sees_everything(self, request):
        return request.user.has_perm(self.others_permission())

    def owned_rows(self, request):
        return self.model._default_manager.filter(**{self.owner_lookup: request.user}).values("pk")

    def editable_rows(self, request, queryset):
        """Of the user's own rows, those they may change (hook: drafts only, say)."""
        return queryset

    def autocomplete_rows(self, request, queryset):
        """What the user may pick in another form's autocomplete (default: own rows)."""
        return queryset.filter(pk__in=self.owned_rows(request))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.sees_everything(request):
            return queryset
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            return self.autocomplete_rows(request, queryset)
        # A subquery, not a join: no duplicate rows, and SELECT ... FOR UPDATE stays legal.
        return queryset.filter(pk__in=self.owned_rows(request))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django answers "… doesn't exist. Perhaps it was deleted?" for any id that
        # get_queryset leaves out, which misleads about a row that is someone else's.
        obj = self.hidden_row(object_id) if self.has_view_or_change_permission(request) else None
        if obj is None:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        self.message_user(request, self.not_yours_message(obj), messages.WARNING)
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def hidden_row(self, object_id):
        """The row with this id, whoever owns it, or None."""
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
            return self.model._default_manager.filter(pk=pk).first()
        except (ValidationError, ValueError):
            return None

    def not_yours_message(self, obj):
        kind = self.model._meta.verbose_name
        preview = previews.get(self.model)
        if preview is not None and preview.is_public(obj):
            # Its title is public already: name it, and say where to read it.
            return format_html(
                "You may not edit “{}”: it is someone else’s {}. "
                '<a href="{}">Read it on the site</a>.',
                obj,
                kind,
                obj.get_absolute_url(),
            )
        # Nothing of a draft is shown to those who may not open it, not even its title.
        draft = ", and not published" if preview is not None else ""
        return f"This {kind} exists, but you may not open it: it is someone else’s{draft}."

    def may_change(self, request, obj):
        if self.sees_everything(request):
            return True
        own = self.model._default_manager.filter(pk=obj.pk, pk__in=self.owned_rows(request))
        return self.editable_rows(request, own).exists()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def response_action(self, request, queryset):
        # Bulk actions (publish, delete...) only ever touch rows the user may change.
        if not self.sees_everything(request):
            selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
            editable = self.editable_rows(request, queryset)
            if request.POST.get("select_across") != "1":
                allowed = editable.filter(pk__in=valid_pks(self.model, selected)).count()
                if skipped := len(selected) - allowed:
                    self.message_user(
                        request,
                        f"{skipped} of the selected items were left alone: you may not "
                        "change them.",
                        messages.WARNING,
                    )
            queryset = editable
        return super().response_action(request, queryset)


class BoundedInlineMixin:
    """An inline accepts at most `max_num` rows, and a form claiming thousands more is
    refused before Django builds them (its own ceiling is max_num + 1000 forms, which
    a tampered form count turns into seconds of work per request)."""

    max_num = 100

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.get_max_num(request, obj, **kwargs))
        return super().get_formset(request, obj, **kwargs)


class ParentPermissionInlineMixin:
    """An inline (a post's byline, its related links) is part of its parent: whoever
    may add or change the parent may edit these rows, with no permissions of their own."""

    def parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def _parent_may(self, request, obj):
        parent = self.parent_admin()
        if obj is None:
            return parent.has_add_permission(request)
        return parent.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent_may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_may(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.parent_admin().has_view_permission(request, obj)


# No lost updates ---------------------------------------------------------------------

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


# Saves that change nothing ----------------------------------------------------------


class UnchangedSaveAdminMixin:
    """A save from the change page that changes nothing (neither the form nor any
    inline) writes nothing: no revision, no "Changed ..." in the history, and the row
    keeps its `updated_at`, so the dates derived from it (dateModified, the sitemap's
    lastmod, feeds) do not move and no cached page is invalidated. The editor is told
    "No changes to save." and sent on as after any save.

    The object is written in save_related, once the inlines have said whether they
    changed: a change to an inline alone still saves the object, moving its version
    (see ConflictDetectionAdminMixin). Restoring a revision always saves: the form
    then matches the rows it has just restored, and the restore must be recorded.
    """

    unchanged_message = "No changes to save."

    def skips_unchanged_saves(self, request):
        opts = self.model._meta
        return request.resolver_match.url_name == f"{opts.app_label}_{opts.model_name}_change"

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            changed = form.has_changed() or any(formset.has_changed() for formset in formsets)
            if not changed and self.skips_unchanged_saves(request):
                request.saved_nothing = True
                return
            super().save_model(request, form.instance, form, change)
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "saved_nothing", False):
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "saved_nothing", False):
            return None
        return super().log_change(request, obj, message)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's response_change redirects as each button asks; only its "... was
        # changed successfully" is replaced.
        if getattr(request, "saved_nothing", False) and level == messages.SUCCESS:
            message, level = self.unchanged_message, messages.INFO
        return super().message_user(request, message, level, *args, **kwargs)


# Revisions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparedRows:
    """A relation a revision holds with its object (a post's byline, its tags...) as
    the compare view shows it: one line per row, `describe(row)`, in the relation's
    order (alphabetical when it has none, as for tags). `related` names the foreign
    keys `describe` follows, fetched in one query each."""

    accessor: str  # a reverse accessor in revision_follow
    verbose_name: str  # the heading; reversion-compare's template reads this name
    describe: Callable
    related: tuple = ()

    def lines(self, revision, obj):
        rows = history.rows_in_revision(revision, obj, self.accessor)
        prefetch_related_objects(rows, *self.related)
        ordering = rows[0]._meta.ordering if rows else ()
        for name in reversed(ordering):
            rows.sort(key=attrgetter(name.lstrip("-")), reverse=name.startswith("-"))
        lines = [
            " ".join(self.describe(row).split())
            if all(getattr(row, name) is not None for name in self.related)
            else "(deleted)"
            for row in rows
        ]
        return lines if ordering else sorted(lines, key=str.casefold)

    def diff(self, before, after):
        """Lines removed and added, as reversion-compare shows a field's difference."""
        marks = {"-": "del", "+": "ins"}
        lines = (
            format_html("<{0}>{1}</{0}>", marks[line[0]], line) if line[0] in marks else line
            for line in ndiff(before, after)
            if not line.startswith("?")  # difflib's hints within a line
        )
        return format_html(
            '<pre class="highlight">{}</pre>', format_html_join("\n", "{}", ((x,) for x in lines))
        )


class RevisionAdminMixin(CompareVersionAdmin):
    """Every save keeps a revision of the object and its inlines (django-reversion):
    editors see who changed what and when, compare two revisions, restore one, and
    recover deleted objects. Chosen over django-simple-history because a revision
    groups the object with its inlines (byline, tags, links...) and restores them
    together, and recovering deleted objects is built in."""

    history_latest_first = True
    # Related rows a revision holds and restores with the object (reverse accessors;
    # "sections.entries" follows each section's entries too).
    revision_follow = ()
    # How the compare view shows followed relations (ComparedRows), from each
    # revision's own copies of the rows. reversion-compare compares the object's fields
    # and any followed relation not listed here.
    compared_rows = ()

    def __init__(self, model, admin_site):
        history.register(model, self.revision_follow)
        super().__init__(model, admin_site)
        self.compare_exclude = [*(self.compare_exclude or ()), *self.compared_elsewhere()]

    def compared_elsewhere(self):
        """What reversion-compare must leave out: taggit's tags (it cannot read them),
        relations that compared_rows shows, and those a revision does not hold (other
        objects' rows that point here, such as posts linking to this one)."""
        left_to_it = {path.split(".")[0] for path in self.revision_follow} - {
            rows.accessor for rows in self.compared_rows
        }
        fields = self.model._meta.get_fields(include_hidden=True)
        reverse = [field for field in fields if field.auto_created and not field.concrete]
        return [
            *(field.name for field in fields if isinstance(field, TaggableManager)),
            *(field.name for field in reverse if field.get_accessor_name() not in left_to_it),
        ]

    def compare(self, obj, version1, version2):
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        for rows in self.compared_rows:
            before, after = rows.lines(version1.revision, obj), rows.lines(version2.revision, obj)
            if before != after:
                diff.append(
                    {
                        "field": rows,
                        "is_related": True,
                        "follow": True,
                        "diff": rows.diff(before, after),
                    }
                )
        return diff, has_unfollowed_fields

    def changelist_view(self, request, extra_context=None):
        # reversion would wrap the whole list page in one revision; actions here save
        # each object in its own revision instead, so restoring one post never
        # reverts the others selected with it.
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def save_with_revision(self, request, obj, comment, **save_kwargs):
        """Save `obj` from a bulk action, keeping a revision of its own."""
        with create_revision():
            set_user(request.user)
            set_comment(comment)
            obj.save(**save_kwargs)
            add_to_revision(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Record the object again once its inlines and tags are saved, so the revision
        # holds the finished state (tags are written after the object's post_save).
        add_to_revision(form.instance)

    def may_see_history(self, request, obj):
        return self.has_view_or_change_permission(request, obj)

    def may_recover(self, request):
        """Recovering a deleted object is for those who can touch anyone's objects."""
        return (
            self.has_add_permission(request)
            and self.has_change_permission(request)
            and (request.user.is_superuser or getattr(self, "sees_everything", bool)(request))
        )

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not self.may_see_history(request, obj):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        if not self.may_see_history(request, obj):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Only a version of this very object, and only for someone who may change it:
        # reversion reverts first and asks questions later.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        get_object_or_404(Version.objects.get_for_object(obj), pk=version_id, object_id=str(obj.pk))
        url_before = self.public_url(obj)
        response = self.revert_safely(
            request,
            lambda: super(RevisionAdminMixin, self).revision_view(
                request, object_id, version_id, extra_context
            ),
        )
        if request.method == "POST" and response.status_code == 302:
            self.record_public_move(url_before, obj)
        return response

    def recoverlist_view(self, request, extra_context=None):
        if not self.may_recover(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.may_recover(request):
            raise PermissionDenied
        # Only a deleted object of this model (reversion accepts any version).
        get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        return self.revert_safely(
            request,
            lambda: super(RevisionAdminMixin, self).recover_view(
                request, version_id, extra_context
            ),
        )

    def revert_safely(self, request, view):
        try:
            return view()
        except IntegrityError:
            self.message_user(
                request,
                "That version refers to something that has since been deleted, so it "
                "cannot be restored as it was. Nothing was changed.",
                messages.ERROR,
            )
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def public_url(self, obj):
        obj = self.model._default_manager.filter(pk=obj.pk).first()
        is_public = getattr(obj, "is_published", False)
        return obj.get_absolute_url() if obj is not None and is_public else None

    def record_public_move(self, url_before, obj):
        # Restoring an old slug bypasses the save signals that leave redirects.
        from campaign4change.permalinks import record_move

        url_after = self.public_url(obj)
        if url_before and url_after and url_before != url_after:
            record_move(url_before, url_after)


# Preview links -----------------------------------------------------------------------


class PreviewLinksAdminMixin:
    """A "Preview links" box on the change page of a draft: make a link, see live ones."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "preview_links"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not request.user.has_perm("editorial.add_previewlink"):
            return fieldsets
        return [*fieldsets, ("Preview for reviewers", {"fields": ["preview_links"]})]

    @admin.display(description="Preview links")
    def preview_links(self, obj):
        entry = previews.get(type(obj))
        if entry is None or obj.pk is None:
            return "–"
        if entry.is_public(obj):
            return "Published: share its public address."
        links = PreviewLink.objects.for_object(obj).active()
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> – expires {}{}</li>',
            (
                (
                    admin_url(link),
                    link.note or f"link {link.pk}",
                    date_format(timezone.localtime(link.expires_at), "j M Y, H:i"),
                    f" (opened {link.use_count}×)" if link.use_count else "",
                )
                for link in links
            ),
        )
        add_url = reverse("admin:editorial_previewlink_add")
        content_type = ContentType.objects.get_for_model(obj)
        return format_html(
            '<ul class="preview-links">{}</ul><a class="button" href="{}?content_type={}'
            '&amp;object_id={}">Create a preview link</a> <span class="help">A signed '
            "address that shows this draft to someone without an account, until it "
            "expires or you revoke it.</span>",
            rows,
            add_url,
            content_type.pk,
            obj.pk,
        )


class PreviewLinkForm(forms.ModelForm):
    lifetime = forms.TypedChoiceField(
        label="Valid for",
        coerce=int,
        initial=7,
        help_text="The link stops working after this, or when you revoke it.",
    )

    class Meta:
        model = PreviewLink
        fields = ["content_type", "object_id", "note"]
        widgets = {"content_type": forms.HiddenInput, "object_id": forms.HiddenInput}

    def __init__(self, *args, request=None, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.request = request
        if self.instance.pk is not None:
            # An existing link: only its note can change (and it can be revoked).
            del self.fields["lifetime"]
            return
        self.fields["lifetime"].choices = [
            (days, f"{days} day{'s' if days != 1 else ''}")
            for days in settings.PREVIEW_LINK_LIFETIMES_DAYS
        ]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            return cleaned_data
        content_type, object_id = cleaned_data.get("content_type"), cleaned_data.get("object_id")
        if content_type is None or object_id is None:
            raise ValidationError("Open this page from the draft you want to share.")
        model = content_type.model_class()
        entry = previews.get(model) if model is not None else None
        target = model._default_manager.filter(pk=object_id).first() if entry else None
        model_admin = admin.site._registry.get(model)
        if target is None or model_admin is None:
            raise ValidationError("There is nothing to preview here.")
        if not model_admin.has_change_permission(self.request, target):
            raise ValidationError("You can only share drafts you may edit.")
        if entry.is_public(target):
            raise ValidationError("This is published already: share its public address.")
        return cleaned_data


@admin.register(PreviewLink)
class PreviewLinkAdmin(OwnershipAdminMixin, admin.ModelAdmin):
    owner_lookup = "created_by"
    form = PreviewLinkForm
    list_display = ["__str__", "note", "created_by", "created_at", "expires_at", "state"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "created_by"]
    search_fields = ["note"]
    actions = ["revoke"]
    readonly_fields = ["target_link", "created_by", "created_at", "expires_at"]
    readonly_fields += ["state", "revoked_at", "last_used_at", "use_count"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["content_type", "object_id", "lifetime", "note"]
        return ["target_link", "note", "state", "created_by", "created_at"] + [
            "expires_at",
            "revoked_at",
            "last_used_at",
            "use_count",
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class RequestForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, request=request, **form_kwargs)

        return RequestForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.expires_at = timezone.now() + timezone.timedelta(days=form.cleaned_data["lifetime"])
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            format_html(
                "Preview link created. Send this address to your reviewer: <code>{}</code>",
                request.build_absolute_uri(obj.get_absolute_url()),
            ),
            messages.SUCCESS,
        )
        return redirect(admin_url(obj))

    def response_change(self, request, obj):
        if "_revoke" in request.POST:
            obj.revoke()
            self.message_user(request, "Preview link revoked: it no longer opens the draft.")
            return redirect(admin_url(obj))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = context.get("original")
        if obj is not None and obj.is_active:
            context["preview_address"] = request.build_absolute_uri(obj.get_absolute_url())
            context["show_revoke"] = self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, **kwargs)

    change_form_template = "admin/editorial/previewlink/change_form.html"

    @admin.display(description="draft")
    def target_link(self, link):
        target = link.target
        if target is None:
            return "(deleted)"
        return format_html('<a href="{}">{}</a>', admin_url(target), target)

    @admin.action(description="Revoke selected preview links", permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} preview link(s).", messages.SUCCESS)


# Roles on the user admin -------------------------------------------------------------

User = get_user_model()


def make_role_action(role):
    def action(modeladmin, request, queryset):
        for user in queryset:
            assign_role(user, role)
        label = role or "no newsroom role"
        modeladmin.message_user(request, f"{queryset.count()} user(s) now: {label}.")

    action.__name__ = f"make_{(role or 'none').lower()}"
    action.short_description = (
        f"Give selected users the {role} role" if role else "Remove selected users' role"
    )
    action.allowed_permissions = ["change"]
    return action


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "role"]
    list_filter = [*UserAdmin.list_filter]
    actions = [make_role_action(role) for role in [*ROLES, None]]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="role")
    def role(self, user):
        if user.is_superuser:
            return "Administrator"
        names = {group.name for group in user.groups.all()}
        return next((r for r in reversed(list(ROLES)) if r in names), "–")
