"""Tags (django-taggit: case-insensitive, readable slugs in any script), posts' taggings."""

from django.db import connection, models
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import TagBase, TaggedItemBase

from articles.models.listing_rows import ListingDateMixin, ListingRowQuerySet
from articles.models.named import NamedQuerySet
from campaign4change.links import cached_reverse
from campaign4change.text import readable_slugify


class TagQuerySet(NamedQuerySet):
    def with_article_counts(self, up_to=None):
        """Annotate `article_count`: how many public posts carry each tag (one subquery).

        Counted on the taggings' copy of the publish date (NULL for drafts), which the
        (tag, date) index answers alone, without joining the posts. With `up_to`, the
        count stops there: the cost of counting a tag on half of 100,000 posts becomes
        that of counting `up_to` rows, for callers that only need to know "that many or
        more" (rarity weights of related posts).
        """
        if up_to is not None:
            # Django has no sliced count subquery; the derived table keeps the LIMIT
            # inside the count, on SQLite and PostgreSQL alike. It names the tag table
            # itself: use this on a queryset of tags, not inside a subquery (where
            # Django renames the table).
            table, tags = TaggedArticle._meta.db_table, self.model._meta.db_table
            # Only our own table names are formatted into the SQL; values are parameters.
            capped = RawSQL(  # noqa: S611
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} AS capped_tagging"  # noqa: S608
                f' WHERE capped_tagging.tag_id = "{tags}"."id"'
                " AND capped_tagging.article_publish_at <= %s LIMIT %s) AS capped_count",
                [connection.ops.adapt_datetimefield_value(timezone.now()), up_to],
                output_field=models.IntegerField(),
            )
            return self.annotate(article_count=capped)
        counts = (
            TaggedArticle.objects.public()
            .filter(tag=models.OuterRef("pk"))
            .order_by()
            .values("tag")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return self.annotate(
            article_count=Coalesce(models.Subquery(counts), 0, output_field=models.IntegerField())
        )


class Tag(TagBase):
    """A taggit tag with a readable slug in any script and an optional description."""

    description = models.TextField(
        blank=True, help_text="Optional introduction shown at the top of the tag archive."
    )
    is_story = models.BooleanField(
        "is a story",
        default=False,
        help_text="A running story: its archive offers “The story so far”, its posts as a "
        "timeline, oldest first.",
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = "tag"
        verbose_name_plural = "tags"
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = readable_slugify(tag, max_length=90)
        if i is not None:
            slug += f"-{i}"
        return slug

    def get_absolute_url(self):
        return cached_reverse("articles:tag", slug=self.slug)

    def get_story_url(self):
        return cached_reverse("articles:tag_story", slug=self.slug)


class TaggedArticle(TaggedItemBase, ListingDateMixin):
    """Tagging through a real foreign key: faster joins and referential integrity."""

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    post_field = "content_object"
    owner_field = "tag"
    # Named again: taggit's base class comes first and its plain manager would win,
    # and its bulk_create would leave the listing dates empty.
    objects = ListingRowQuerySet.as_manager()

    class Meta:
        unique_together = [("content_object", "tag")]
        indexes = [
            models.Index(
                fields=["tag", "-article_publish_at", "-content_object"],
                name="tagged_article_listing_idx",
            )
        ]
