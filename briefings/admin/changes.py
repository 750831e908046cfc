"""The history of a briefing's saves: read-only but for the announcement."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from briefings.models import BriefingChange


@admin.register(BriefingChange)
class BriefingChangeAdmin(admin.ModelAdmin):
    """The full history of saves. Only the announcement (flag and note) can be edited."""

    # Five columns fit beside the filters at 1280 px: who saved goes with what changed.
    list_display = ["created_at", "briefing", "what_changed", "notable", "note"]
    list_filter = ["notable", "briefing"]
    list_select_related = ["briefing", "user"]
    date_hierarchy = "created_at"
    fields = ["briefing", "created_at", "user", "entries_changed", "notable", "note"]
    readonly_fields = ["briefing", "created_at", "user", "entries_changed"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="what changed")
    def what_changed(self, change):
        return format_html("{}<br><small>by {}</small>", change.summary, change.user or "system")

    @admin.display(description="entries")
    def entries_changed(self, change):
        lines = []
        for label, items in [
            ("Added", change.added),
            ("Removed", change.removed),
            ("Moved", change.moved),
        ]:
            for item in items:
                lines.append((label, item.get("title", ""), item.get("section", "")))
        if not lines:
            return change.summary
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}: {} <small>({})</small></li>", lines)
        )
