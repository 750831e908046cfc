from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages that are not posts (About, Contact, Corrections policy...), at top-level
    addresses. Builds on campaign4change/ and editorial/; articles/ never imports it
    (the WordPress importer hands it WordPress pages through a registry)."""

    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from articles.wordpress.importer import register_item_importer
        from campaign4change import pagecache
        from campaign4change.permalinks import track_moves
        from editorial import previews
        from pages import invalidation, wordpress
        from pages.models import Page
        from pages.template_globals import LINKS_PIECE
        from pages.views import PageView

        invalidation.connect()
        pagecache.on_every_page(*LINKS_PIECE)
        # A public page's old address keeps working after a change of slug.
        track_moves(Page, is_public=lambda page: page.is_published, fields=["slug", "status"])
        previews.register(Page, PageView, is_public=lambda page: page.is_published)
        register_item_importer("page", wordpress.PageImport)
