"""Keep derived data (the stored search vector) in step with what it is derived from.

The single place where search vectors are refreshed: an article saved, its tags changed,
or a tag renamed. Each refresh is one UPDATE computed in the database; on SQLite it is
a no-op (see ArticleQuerySet.update_search_vectors).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, Tag, TaggedArticle


@receiver(post_save, sender=Article, dispatch_uid="articles:search:article")
def article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and set(update_fields) == {"search_vector"}):
        return
    Article.objects.filter(pk=instance.pk).update_search_vectors()


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="articles:search:tags")
def article_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        Article.objects.filter(pk=instance.pk).update_search_vectors()
    elif pk_set:
        Article.objects.filter(pk__in=pk_set).update_search_vectors()


@receiver(post_save, sender=Tag, dispatch_uid="articles:search:tag")
def tag_saved(sender, instance, created, raw=False, **kwargs):
    # A new tag has no articles yet; a renamed one changes the words of all of its own.
    if not created and not raw:
        Article.objects.filter(tags=instance).update_search_vectors()


@receiver(pre_delete, sender=Tag, dispatch_uid="articles:search:tag-delete")
def tag_deleted(sender, instance, **kwargs):
    # Deleting a tag deletes its taggings without an m2m signal: refresh its articles
    # once the delete has happened.
    article_ids = list(Article.objects.filter(tags=instance).values_list("pk", flat=True))
    if article_ids:
        transaction.on_commit(
            lambda: Article.objects.filter(pk__in=article_ids).update_search_vectors()
        )
