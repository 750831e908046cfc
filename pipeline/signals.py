"""A post of the pipeline that goes from draft to published (or scheduled), by any
path (the form, the list's action, a restored revision), tells its people."""

import reversion
from django.db.models.signals import post_save, pre_save

from articles.models import Article
from pipeline import notify
from pipeline.models import Assignment


def remember_status(sender, instance, raw=False, **kwargs):
    instance._pipeline_was_draft = (
        not raw
        and instance.pk is not None
        and instance.status == Article.Status.PUBLISHED
        and Article.objects.filter(pk=instance.pk, status=Article.Status.DRAFT).exists()
    )


def tell_when_published(sender, instance, created, raw=False, **kwargs):
    if not getattr(instance, "_pipeline_was_draft", False):
        return
    if not Assignment.objects.filter(article=instance).exists():
        return  # imported or older posts: not the pipeline's
    # Admin saves run inside a revision that knows who saved (django-reversion).
    by = reversion.get_user() if reversion.is_active() else None
    notify.published(instance, by)


def connect():
    pre_save.connect(remember_status, sender=Article, dispatch_uid="pipeline.remember_status")
    post_save.connect(tell_when_published, sender=Article, dispatch_uid="pipeline.published")
