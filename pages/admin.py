"""Pages, for editors only (editorial/roles.py gives the Editor role every page
permission, and no other role any): written with the posts' editor, kept in revisions,
previewed with preview links, and ordered in their menus by dragging rows of the list."""

from adminsortable2.admin import SortableAdminMixin
from django.contrib import admin
from django.utils.html import format_html

from editorial.admin import (
    ConflictDetectionAdminMixin,
    PreviewLinksAdminMixin,
    RevisionAdminMixin,
    UnchangedSaveAdminMixin,
)
from pages.forms import PageAdminForm
from pages.models import Page


@admin.register(Page)
class PageAdmin(
    # First: its list view adds the drag handles, then the others' views run.
    SortableAdminMixin,
    ConflictDetectionAdminMixin,
    UnchangedSaveAdminMixin,
    PreviewLinksAdminMixin,
    RevisionAdminMixin,
    admin.ModelAdmin,
):
    form = PageAdminForm
    prepopulated_fields = {"slug": ["title"]}
    # Few columns: with the drag handles they fit a 1280 px screen.
    list_display = ["title", "address", "status", "menu", "is_corrections_policy"]
    list_filter = ["status", "menu"]
    search_fields = ["title", "slug", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        (
            "Publishing",
            {
                "fields": ["status", "menu", "is_corrections_policy"],
                "description": "Drag the rows of the list of pages to order each menu.",
            },
        ),
    ]

    @admin.display(description="address", ordering="slug")
    def address(self, page):
        url = page.get_absolute_url()
        if not page.is_published:
            return url
        return format_html('<a href="{}">{}</a>', url, url)

    def _update_order(self, updated_items, extra_model_filters):
        # The list's drag and drop: saved one by one (a handful of pages), so that the
        # page cache hears of it and refreshes the menus (pages/invalidation.py).
        # Junk in the posted list is refused (the caller answers 400) before anything moves.
        wanted = {int(pk): int(order) for pk, order in updated_items}
        if any(order < 0 for order in wanted.values()):
            raise ValueError("an order cannot be negative")
        pages = Page.objects.filter(**extra_model_filters).in_bulk(list(wanted))
        moved = 0
        for pk, order in wanted.items():
            page = pages.get(pk)
            if page is not None and page.menu_order != order:
                page.menu_order = order
                page.save(update_fields=["menu_order"])
                moved += 1
        return moved
