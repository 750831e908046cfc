"""One screen to maintain a briefing: its sections and their entries are nested inlines.

Sections and entries are sorted by dragging (django-nested-admin), and an entry can be
dragged from one section to another. Each save is recorded as a BriefingChange in
`save_related`, once the inlines are saved, by comparing the entries before and after.
"""

import nested_admin
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from articles.models import Article
from briefings import inbox
from briefings.admin.entries import SectionInline
from briefings.changes import record_change, snapshot
from briefings.forms import BriefingAdminForm
from briefings.models import Briefing, BriefingChange, Entry, Section
from campaign4change.django_fixes import valid_key
from editorial.admin import (
    ComparedRows,
    ConflictDetectionAdminMixin,
    PreviewLinksAdminMixin,
    RevisionAdminMixin,
)

RECENT_CHANGES_SHOWN = 10


def posted_pk(request, name, model):
    """The id of a `model` posted as `name`, or None when it is missing or malformed."""
    return valid_key(model._meta.pk, request.POST.get(name))


class BrokenLinksFilter(admin.SimpleListFilter):
    title = "link health"
    parameter_name = "links"

    def lookups(self, request, model_admin):
        return [("broken", "Has broken links"), ("ok", "No broken links")]

    def queryset(self, request, queryset):
        broken = Entry.objects.broken().values("section__briefing")
        if self.value() == "broken":
            return queryset.filter(pk__in=broken)
        if self.value() == "ok":
            return queryset.exclude(pk__in=broken)
        return queryset


def count_of(entries):
    """A subquery counting `entries` per briefing (avoids the join blow-up of two Counts)."""
    return Coalesce(
        Subquery(
            entries.filter(section__briefing=OuterRef("pk"))
            .order_by()
            .values("section__briefing")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


@admin.register(Briefing)
class BriefingAdmin(
    ConflictDetectionAdminMixin,
    PreviewLinksAdminMixin,
    RevisionAdminMixin,
    nested_admin.NestedModelAdmin,
):
    """Briefings, for editors (the Editor role holds every briefing permission).

    Each save keeps a revision of the briefing with its sections, entries and topic
    tags; a save from a stale copy is refused; drafts get preview links."""

    form = BriefingAdminForm
    change_form_template = "admin/briefings/briefing/change_form.html"
    revision_follow = ["sections.entries", "taggedbriefing_set"]
    compared_rows = [
        ComparedRows("taggedbriefing_set", "topic tags", lambda tagging: tagging.tag.name, ("tag",))
    ]
    inlines = [SectionInline]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["curators"]
    list_display = [
        "title",
        "status",
        "inbox_link",
        "entries_total",
        "broken_links",
        "last_updated_display",
    ]
    list_filter = ["status", BrokenLinksFilter, "tags"]
    search_fields = ["title", "slug", "introduction"]
    readonly_fields = ["recent_changes", "inbox_link"]

    class Media:
        js = ["briefings/admin/entry_cards.js", "editorial/admin/unsaved_work.js"]

    fieldsets = [
        (None, {"fields": ["inbox_link"]}),
        (None, {"fields": ["title", "slug", "introduction", "tags", "curators", "status"]}),
        ("History", {"fields": ["recent_changes"], "classes": ["collapse"]}),
    ]

    def get_deleted_objects(self, objs, request):
        # A briefing's sections, entries and change log are parts of it: whoever may
        # delete the briefing deletes them with it (their own admins are read-only).
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        parts = {m._meta.verbose_name for m in (Section, Entry, BriefingChange)}
        return to_delete, model_count, perms_needed - parts, protected

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                entries_count=count_of(Entry.objects.all()),
                broken_count=count_of(Entry.objects.broken()),
                inbox_count=Subquery(inbox.inbox_count()),
            )
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # The inbox belongs to a saved briefing.
        return fieldsets if obj is not None else fieldsets[1:]

    @admin.display(description="inbox", ordering="inbox_count")
    def inbox_link(self, briefing):
        url = reverse("admin:briefings_briefing_inbox", args=[briefing.pk])
        count = getattr(briefing, "inbox_count", None)
        if count is None:
            count = inbox.inbox_posts(briefing.pk).count()
        if not count:
            return format_html('<a href="{}">Inbox: no new posts</a>', url)
        return format_html(
            '<a href="{}"><strong>Inbox: {} new post{}</strong></a> on its topics',
            url,
            count,
            "" if count == 1 else "s",
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/inbox/", view(self.inbox_view), name="briefings_briefing_inbox"),
            *super().get_urls(),
        ]

    def inbox_view(self, request, pk):
        """New posts on the briefing's topics: "Add to section…" (two clicks) or
        "Dismiss". Only a POST by an editor adds anything."""
        briefing = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, briefing):
            raise PermissionDenied
        if request.method == "POST":
            return self.inbox_action(request, briefing)
        posts = inbox.inbox_posts(briefing.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Inbox of {briefing}",
            "opts": self.model._meta,
            "original": briefing,
            "posts": posts,
            "sections": list(briefing.sections.all()),
            "topics": set(briefing.tags.values_list("pk", flat=True)),
            "inbox_days": settings.BRIEFING_INBOX_DAYS,
        }
        return TemplateResponse(request, "admin/briefings/briefing/inbox.html", context)

    def inbox_action(self, request, briefing):
        here = reverse("admin:briefings_briefing_inbox", args=[briefing.pk])
        article = Article.objects.filter(pk=posted_pk(request, "article", Article)).first()
        if article is None:
            raise Http404("No such post.")
        if "dismiss" in request.POST:
            inbox.dismiss(briefing, article, request.user)
            self.message_user(request, f"Dismissed “{article}”: it will not be offered again.")
            return redirect(here)
        section = briefing.sections.filter(pk=posted_pk(request, "section", Section)).first()
        if section is None:
            self.message_user(request, "Choose a section of this briefing.", messages.ERROR)
            return redirect(here)
        try:
            inbox.add_to_section(section, article, request.user)
        except inbox.NotInInbox:
            self.message_user(
                request,
                f"“{article}” is not in the inbox any more (added, dismissed or unpublished).",
                messages.WARNING,
            )
            return redirect(here)
        self.message_user(
            request,
            format_html(
                "Added “{}” to {}. It is in the change history; <a href='{}'>announce it</a> "
                "to readers if it matters.",
                article,
                section,
                reverse("admin:briefings_briefingchange_changelist")
                + f"?briefing__id__exact={briefing.pk}",
            ),
            messages.SUCCESS,
        )
        return redirect(here)

    @admin.display(description="entries", ordering="entries_count")
    def entries_total(self, briefing):
        return briefing.entries_count

    @admin.display(description="broken links", ordering="broken_count")
    def broken_links(self, briefing):
        if not briefing.broken_count:
            return "0"
        return format_html("<strong>⚠ {}</strong>", briefing.broken_count)

    @admin.display(description="last updated", ordering="last_updated")
    def last_updated_display(self, briefing):
        if briefing.last_updated is None:
            return "—"
        return date_format(timezone.localtime(briefing.last_updated), "j M Y")

    @admin.display(description="recent changes")
    def recent_changes(self, briefing):
        if briefing.pk is None:
            return "Nothing yet: every save will be listed here."
        changes = briefing.changes.select_related("user")[:RECENT_CHANGES_SHOWN]
        rows = format_html_join(
            "",
            "<li>{} – {}: {}{}</li>",
            (
                (
                    date_format(timezone.localtime(change.created_at), "j M Y H:i"),
                    change.user or "system",
                    change.summary,
                    format_html(" – <strong>announced:</strong> “{}”", change.note)
                    if change.notable
                    else (format_html(" – note: “{}”", change.note) if change.note else ""),
                )
                for change in changes
            ),
        )
        history = reverse("admin:briefings_briefingchange_changelist")
        return format_html(
            "<ul>{}</ul><p><a href='{}?briefing__id__exact={}'>Full change history</a> "
            "(mark an earlier change as announced, or correct its note).</p>",
            rows,
            history,
            briefing.pk,
        )

    def save_related(self, request, form, formsets, change):
        # The briefing row is saved; its sections and entries are not yet: the snapshot
        # taken now is the "before" of this change.
        before = snapshot(form.instance) if change else {}
        super().save_related(request, form, formsets, change)
        changed_fields = [
            name for name in form.changed_data if name not in {"update_note", "announce"}
        ]
        if any(
            formset.new_objects or formset.changed_objects or formset.deleted_objects
            for formset in formsets
            if formset.model is Section
        ):
            changed_fields.append("sections")
        record_change(
            form.instance,
            request.user,
            before,
            notable=form.cleaned_data.get("announce", False),
            note=form.cleaned_data.get("update_note", ""),
            changed_fields=changed_fields,
        )
