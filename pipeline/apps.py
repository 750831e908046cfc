from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PipelineConfig(AppConfig):
    """The newsroom pipeline: pitch → assigned → writing → in review → ready →
    published, with assignees, due dates, notes, email, My desk and a calendar."""

    name = "pipeline"
    verbose_name = "Pipeline"

    def ready(self):
        from pipeline import signals
        from pipeline.models import ensure_stages

        signals.connect()
        post_migrate.connect(ensure_stages, sender=self, dispatch_uid="pipeline.ensure_stages")
