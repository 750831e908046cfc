"""Tagging and byline rows carry a copy of their post's public date, for the archives' index."""

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone


class ListingRowQuerySet(models.QuerySet):
    def public(self, now=None):
        """Rows of public posts: their copy of the date is set only while the post is
        published (`Article.listing_date`), so the rest of the rule (`is_public`) is
        that the date has come (as of `now`, for queries compiled once)."""
        return self.filter(article_publish_at__lte=now or timezone.now())

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(): fill in the listing dates the rows were not given
        # (load_demo, importers), in one query.
        objs = list(objs)
        missing = [obj for obj in objs if obj.article_publish_at is None]
        if missing:
            dates = listing_dates({obj.post_id for obj in missing})
            for obj in missing:
                obj.article_publish_at = dates.get(obj.post_id)
        return super().bulk_create(objs, *args, **kwargs)


class ListingDateMixin(models.Model):
    """A copy of the post's publish date on a tagging or byline row, NULL for drafts.

    Tag and author archives count and page through these rows with one index (tag or
    author, date), instead of joining every post of the tag: the cost of page 500 of a
    tag with 50,000 posts stays that of page 1. Kept in step by Article.save() and
    ArticleQuerySet.update(); what an archive finally shows is still filtered by
    Article.objects.published().
    """

    article_publish_at = models.DateTimeField(null=True, blank=True, editable=False)
    post_field = None  # set by each subclass: the name of its foreign key to the post
    owner_field = None  # and of its key to what lists the post (a tag, an author)

    objects = ListingRowQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.post_id}: {self.article_publish_at}"

    def save(self, *args, **kwargs):
        self.article_publish_at = self.post.listing_date
        super().save(*args, **kwargs)

    @property
    def post(self):
        return getattr(self, self.post_field)

    @property
    def post_id(self):
        return getattr(self, f"{self.post_field}_id")


def listing_dates(article_ids):
    """{id: listing date} of the published posts among `article_ids` (`Article.
    listing_date`, in one query); a post missing from it has none."""
    from articles.models.posts import Article  # which imports this module

    published = Article.objects.filter(pk__in=article_ids, status=Article.Status.PUBLISHED)
    return dict(published.values_list("pk", "publish_at"))


def listing_date_of(post_field):
    """The listing date of the post that the outer row's `post_field` names, as a
    subquery: for copying it onto many rows in one UPDATE."""
    from articles.models.posts import Article

    published = Article.objects.filter(pk=OuterRef(post_field), status=Article.Status.PUBLISHED)
    return Subquery(published.order_by().values("publish_at")[:1])


def sync_listing_dates(article_ids):
    """Copy the posts' listing dates onto their tagging and byline rows (bulk changes)."""
    from articles.models.post_parts import ArticleAuthor
    from articles.models.tags import TaggedArticle

    TaggedArticle.objects.filter(content_object_id__in=article_ids).update(
        article_publish_at=listing_date_of("content_object_id")
    )
    ArticleAuthor.objects.filter(article_id__in=article_ids).update(
        article_publish_at=listing_date_of("article_id")
    )
