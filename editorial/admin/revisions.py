"""History: every save keeps a revision (django-reversion) to compare, restore and
recover; a save that changes nothing records nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from difflib import ndiff
from operator import attrgetter

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html, format_html_join
from reversion import add_to_revision, create_revision, set_comment, set_user
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from taggit.managers import TaggableManager

from editorial import history


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
