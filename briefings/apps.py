from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = "Briefings"

    def ready(self):
        from articles.models import Article, Author
        from articles.views import ArticleView
        from briefings import invalidation, template_globals
        from briefings.models import Briefing, Entry
        from briefings.views import BriefingView
        from campaign4change.permalinks import track_moves
        from editorial import history, previews

        invalidation.connect()
        # "Featured in" on post pages: whether to look is answered by the post's query.
        ArticleView.annotations[template_globals.LISTED] = template_globals.listed_in_a_briefing
        track_moves(
            Briefing, is_public=lambda briefing: briefing.is_published, fields=["slug", "status"]
        )

        previews.register(
            Briefing,
            BriefingView,
            is_public=lambda briefing: briefing.is_published,
            queryset=lambda: Briefing.objects.with_last_updated(),
        )
        # Old revisions stay restorable when a listed post or a curator is deleted.
        history.keep_references_restorable(Article, Entry, "article")
        history.keep_references_restorable(Author, Briefing, "curators")
