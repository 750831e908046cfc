"""What a post holds besides its own row: its byline (in order), the posts its author
chose to show under it, and its dated updates and corrections."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from articles.models.authors import Author
from articles.models.listing_rows import ListingDateMixin
from campaign4change.sanitizer import sanitize_inline_html


class ArticleAuthor(ListingDateMixin, models.Model):
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="article_links")
    position = models.PositiveSmallIntegerField(default=0, db_index=True)
    post_field = "article"
    owner_field = "author"

    class Meta:
        ordering = ["position"]
        verbose_name = "author"
        verbose_name_plural = "authors (in byline order)"
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_once")
        ]
        indexes = [
            models.Index(
                fields=["author", "-article_publish_at", "-article"],
                name="article_author_listing_idx",
            )
        ]

    def __str__(self):
        return self.author.name


class RelatedLink(models.Model):
    """A post the author chose to show under another, in the order chosen."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="linked_from", verbose_name="related post"
    )
    position = models.PositiveSmallIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position"]
        verbose_name = "related link"
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_link_once"),
            models.CheckConstraint(
                condition=~Q(article=models.F("related")), name="related_link_not_self"
            ),
        ]

    def __str__(self):
        return str(self.related)

    def clean(self):
        if self.article_id and self.article_id == self.related_id:
            raise ValidationError({"related": "A post cannot be related to itself."})


class ArticleUpdate(models.Model):
    """A dated update or correction appended to a post ("Update, 3 Feb: ...")."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.UPDATE)
    posted_at = models.DateTimeField("date", default=timezone.now)
    note = models.TextField(help_text="Links and emphasis are kept; other markup is removed.")

    class Meta:
        ordering = ["posted_at", "id"]
        verbose_name = "update or correction"
        verbose_name_plural = "updates and corrections"
        # /corrections/ and its feeds: the newest corrections first, read from the index.
        indexes = [
            models.Index(fields=["kind", "-posted_at", "-id"], name="article_update_kind_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {date_format(timezone.localtime(self.posted_at))}"

    def save(self, *args, **kwargs):
        self.note = sanitize_inline_html(self.note)
        super().save(*args, **kwargs)

    @property
    def is_correction(self):
        return self.kind == self.Kind.CORRECTION

    @property
    def anchor(self):
        """The id of its line on the post's page (articles/includes/post.html)."""
        return f"update-{self.pk}"
