from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = "Briefings"

    def ready(self):
        from briefings.models import Briefing
        from campaign4change.permalinks import track_moves

        track_moves(Briefing, is_public=lambda briefing: briefing.is_published)
