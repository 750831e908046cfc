from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = "Briefings"

    def ready(self):
        from articles.models import Article, Author
        from articles.views import ArticleView
        from briefings import invalidation, template_globals
        from briefings.models import (
            Briefing,
            BriefingChange,
            Entry,
            Section,
            entries_follow_briefing,
            entries_follow_section,
            last_updated_on_history,
            last_updated_on_save,
        )
        from briefings.views import BriefingView
        from campaign4change.permalinks import track_moves
        from editorial import history, previews

        invalidation.connect()
        # "Last updated" is kept on the briefing: worked out again after any save of it
        # (restored revisions included) or of its history.
        uid = "briefings.last_updated"
        post_save.connect(last_updated_on_save, sender=Briefing, dispatch_uid=uid)
        for signal in (post_save, post_delete):
            signal.connect(last_updated_on_history, sender=BriefingChange, dispatch_uid=uid)
        # Entries keep a copy of whether their briefing is published (Entry.save() and
        # these, for a briefing or a section however written).
        uid = "briefings.briefing_published"
        post_save.connect(entries_follow_briefing, sender=Briefing, dispatch_uid=uid)
        post_save.connect(entries_follow_section, sender=Section, dispatch_uid=uid)
        # "Featured in" on post pages: whether to look is answered by the post's query.
        ArticleView.annotations[template_globals.LISTED] = template_globals.listed_in_a_briefing
        track_moves(
            Briefing, is_public=lambda briefing: briefing.is_published, fields=["slug", "status"]
        )

        previews.register(
            Briefing,
            BriefingView,
            is_public=lambda briefing: briefing.is_published,
        )
        # Old revisions stay restorable when a listed post or a curator is deleted.
        history.keep_references_restorable(Article, Entry, "article")
        history.keep_references_restorable(Author, Briefing, "curators")
