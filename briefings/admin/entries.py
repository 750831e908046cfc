"""Entries in the admin: cards inside a briefing's sections, and the list of external
links across briefings, to find the broken ones."""

import nested_admin
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from briefings.forms import EntryInlineForm
from briefings.models import Entry, Section
from editorial.admin import (
    BoundedInlineMixin,
)


def reader_visibility(entry):
    """Whether readers see a post entry: only a public post's entry is on the page."""
    article = entry.article
    if article.is_published:
        return "Live"
    if article.is_scheduled:
        when = date_format(timezone.localtime(article.publish_at), "j M Y, H:i")
        return format_html(
            '<strong class="entry-hidden">Scheduled, hidden from readers until {}</strong>', when
        )
    return format_html('<strong class="entry-hidden">{}</strong>', "Draft, hidden from readers")


def link_health(entry):
    """A short, plain account of the last link check, for editors."""
    if not entry.pk or not entry.is_external:
        return "–"
    if entry.link_checked_at is None:
        return "Not checked yet"
    checked = date_format(timezone.localtime(entry.link_checked_at), "j M Y H:i")
    if entry.link_error:
        return format_html("⚠ Broken: {} <small>({})</small>", entry.link_error, checked)
    if entry.is_broken:
        return format_html("⚠ Broken: HTTP {} <small>({})</small>", entry.link_status, checked)
    if entry.was_redirected:
        return format_html(
            "OK, moved to <a href='{}' rel='noopener noreferrer'>{}</a> <small>({})</small>",
            entry.link_final_url,
            entry.link_final_url,
            checked,
        )
    return format_html("OK (HTTP {}) <small>({})</small>", entry.link_status, checked)


class EntryInline(
    BoundedInlineMixin, nested_admin.SortableHiddenMixin, nested_admin.NestedStackedInline
):
    """An entry is a card: its header bar is the drag handle, under it the post picker or
    the external link's fields, a few to a line (newsroom.css), so that a section reads
    as a list one can scan and the page fits the screen."""

    model = Entry
    max_num = 200
    form = EntryInlineForm
    fk_name = "section"
    sortable_field_name = "position"
    autocomplete_fields = ["article"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("article", "url"),
                    ("title", "source", "source_date"),
                    ("note", "status"),
                    "position",
                ]
            },
        )
    ]
    readonly_fields = ["status"]
    extra = 0
    verbose_name = "entry"
    verbose_name_plural = (
        "entries (drag an entry by its bar to reorder it, or into another section)"
    )

    def get_queryset(self, request):
        # The status column reads each entry's post.
        return super().get_queryset(request).select_related("article")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "article":
            # Only the picker: the admin's edit/add/delete/view icons beside it were one
            # more row of small controls next to the drag handle.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield

    @admin.display(description="status")
    def status(self, entry):
        """A post's visibility to readers, or an external link's health."""
        if entry.pk and entry.article_id:
            return reader_visibility(entry)
        return link_health(entry)


class SectionInline(
    BoundedInlineMixin, nested_admin.SortableHiddenMixin, nested_admin.NestedStackedInline
):
    model = Section
    max_num = 30
    fields = ["title", "position"]
    sortable_field_name = "position"
    inlines = [EntryInline]
    extra = 0
    verbose_name_plural = "sections (drag a section by its bar to reorder it)"


class BrokenEntryFilter(admin.SimpleListFilter):
    title = "link health"
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return [("broken", "Broken"), ("ok", "Working"), ("unchecked", "Not checked yet")]

    def queryset(self, request, queryset):
        if self.value() == "broken":
            return queryset.broken()
        if self.value() == "ok":
            return queryset.filter(link_checked_at__isnull=False).exclude(
                pk__in=Entry.objects.broken()
            )
        if self.value() == "unchecked":
            return queryset.filter(link_checked_at__isnull=True)
        return queryset


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """External links across all briefings, to find the broken ones.

    Read-only: links are fixed on the briefing's own page, so that the fix is recorded in
    the briefing's change history like any other edit.
    """

    list_display = ["__str__", "briefing_link", "source", "health"]
    list_filter = [BrokenEntryFilter, "section__briefing"]
    list_select_related = ["section__briefing"]
    search_fields = ["title", "url", "source", "note"]
    fields = ["briefing_link", "url", "title", "source", "source_date", "note", "health"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).external()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="briefing", ordering="section__briefing__title")
    def briefing_link(self, entry):
        briefing = entry.section.briefing
        url = reverse("admin:briefings_briefing_change", args=[briefing.pk])
        return format_html("<a href='{}'>{}</a> ({})", url, briefing, entry.section)

    @admin.display(description="link health")
    def health(self, entry):
        return link_health(entry)
