from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = "Briefings"

    def ready(self):
        from briefings import invalidation
        from briefings.models import Briefing
        from campaign4change.permalinks import track_moves

        invalidation.connect()
        track_moves(Briefing, is_public=lambda briefing: briefing.is_published)
