"""WordPress posts to posts here: content, slug, date, status, byline and tags.

A post imported before is updated in place when the export changed, and left alone
when it did not; one edited here since the last import is skipped unless told
(--overwrite-local-edits), so nobody's work is lost without a word.
"""

from datetime import UTC
from urllib.parse import unquote

from django.db.models.signals import m2m_changed
from django.utils import timezone

from articles.models import Article, ArticleAuthor, ImportedItem, Tag, TaggedArticle
from articles.signals import byline_replaced
from articles.wordpress.content import convert_body, plain_text
from articles.wordpress.imported import digest
from campaign4change.text import readable_slugify, unique_slug

# Part of every post's source hash: a new converter version re-imports unchanged posts.
CONVERTER_VERSION = "1"
SLUG_LENGTH = 180  # leaves room for /YYYY/MM/DD/ within a redirect's 200 characters
TITLE_LENGTH = Article._meta.get_field("title").max_length

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # a future date: scheduled, appears by itself
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
NOT_IMPORTED_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "an empty auto-draft",
    "inherit": "a revision",
}


class Posts:
    def __init__(self, source, records, summary, authors, tags, attachments, redirects, overwrite):
        self.source = source
        self.records = records  # wp:post_id -> PostRecord, from earlier imports
        self.summary = summary
        self.authors = authors
        self.tags = tags
        self.attachments = attachments
        self.redirects = redirects
        self.overwrite_local_edits = overwrite
        self.seen = set()  # wp:post_ids read in this run

    def import_item(self, item):
        if item.status in NOT_IMPORTED_STATUSES:
            self.summary.add("posts", "skipped", NOT_IMPORTED_STATUSES[item.status], item.title)
            return
        status = STATUSES.get(item.status, Article.Status.DRAFT)
        if item.post_password and status == Article.Status.PUBLISHED:
            status = Article.Status.DRAFT
            self.summary.notes.append(
                f"“{item.title}” was password-protected in WordPress: imported as a draft."
            )
        if item.post_id in self.seen:
            self.summary.add("posts", "skipped", "appearing twice in the file", item.title)
            return
        self.seen.add(item.post_id)
        record = self.records.get(item.post_id)
        if record is not None and record.article_id is None:
            self.summary.add("posts", "skipped", "deleted here since the last import", item.title)
            return

        authors = [self.authors.get(item.creator)] if item.creator else []
        tags = self.tags.for_item(item)
        desired_slug = readable_slugify(
            unquote(item.post_name) or item.title or f"post-{item.post_id}", SLUG_LENGTH
        )
        body = self.attachments.rewrite(convert_body(item.content))
        values = {
            "title": title_for(item),
            "standfirst": plain_text(item.excerpt),
            "body": body,
            "status": status,
            "publish_at": publish_time(item),
            "is_sticky": item.is_sticky,
        }
        source_hash = digest(
            [
                CONVERTER_VERSION,
                values,
                desired_slug,
                sorted(tag.pk for tag in tags),
                [author.pk for author in authors],
            ]
        )
        if record is None:
            article = Article(**values)
            article.slug = free_slug(desired_slug)
            outcome = "created"
        else:
            if record.source_hash == source_hash and not self.overwrite_local_edits:
                self.summary.add("posts", "unchanged")
                return
            article = Article.objects.get(pk=record.article_id)
            if local_hash(article) != record.local_hash and not self.overwrite_local_edits:
                self.summary.add(
                    "posts",
                    "skipped",
                    "edited here since the last import (--overwrite-local-edits replaces them)",
                    item.title,
                )
                return
            for field, value in values.items():
                setattr(article, field, value)
            article.slug = slug_for_update(article, desired_slug)
            outcome = "updated"

        article.save()
        set_authors(article, authors, created=record is None)
        set_tags(article, tags, created=record is None)
        new_local_hash = local_hash(article, tags, authors)
        fields = {
            "article_id": article.pk,
            "old_url": item.link,
            "source_hash": source_hash,
            "local_hash": new_local_hash,
        }
        if record is None:
            ImportedItem.objects.create(
                source=self.source, kind=ImportedItem.Kind.POST, source_id=item.post_id, **fields
            )
        else:
            ImportedItem.objects.filter(pk=record.pk).update(imported_at=timezone.now(), **fields)
            if record.local_hash == new_local_hash:
                # The export changed in ways that do not show here (a new converter, say).
                outcome = "unchanged"
        self.summary.add("posts", outcome)
        self.attachments.note_featured_image(article, item)
        if status == Article.Status.PUBLISHED:
            self.redirects.for_post(item, article.get_absolute_url())


def title_for(item):
    title = plain_text(item.title)
    if not title:
        words = plain_text(item.content).split()[:8]
        title = " ".join(words) + ("…" if words else "Untitled")
    return title[:TITLE_LENGTH]


def publish_time(item):
    if item.post_date_gmt is not None:
        return item.post_date_gmt.replace(tzinfo=UTC)
    if item.post_date is not None:
        # No GMT date (drafts): WordPress's local time, taken as the site's time zone.
        return timezone.make_aware(item.post_date)
    return timezone.now()


def free_slug(desired, exclude_pk=None):
    # The exact slug is usually free: one indexed lookup instead of a LIKE scan.
    if not Article.objects.filter(slug=desired).exclude(pk=exclude_pk).exists():
        return desired
    return unique_slug(Article, desired, exclude_pk=exclude_pk, max_length=SLUG_LENGTH + 6)


def slug_for_update(article, desired):
    current = article.slug
    suffix = current[len(desired) + 1 :]
    if current == desired or (current.startswith(desired + "-") and suffix.isdigit()):
        return current
    return free_slug(desired, exclude_pk=article.pk)


def set_authors(article, authors, created):
    wanted = [author.pk for author in authors]
    if not created:
        current = list(
            article.article_authors.order_by("position").values_list("author_id", flat=True)
        )
        if current == wanted:
            return
        article.article_authors.all().delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author_id=pk, position=position)
        for position, pk in enumerate(wanted)
    )
    # bulk_create sends no signals: say what changed.
    byline_replaced.send(sender=Article, article_id=article.pk)


def set_tags(article, tags, created):
    """Tag rows written directly (taggit's manager costs a query per tag), with the
    m2m_changed signals taggit would send, so listeners still hear of it."""
    wanted = {tag.pk for tag in tags}
    rows = TaggedArticle.objects.filter(content_object=article)
    current = set() if created else set(rows.values_list("tag_id", flat=True))
    signal = {
        "sender": TaggedArticle,
        "instance": article,
        "reverse": False,
        "model": Tag,
        "using": article._state.db,
    }
    if removed := current - wanted:
        m2m_changed.send(action="pre_remove", pk_set=removed, **signal)
        rows.filter(tag_id__in=removed).delete()
        m2m_changed.send(action="post_remove", pk_set=removed, **signal)
    if added := wanted - current:
        m2m_changed.send(action="pre_add", pk_set=added, **signal)
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag_id=pk) for pk in sorted(added)
        )
        m2m_changed.send(action="post_add", pk_set=added, **signal)


def local_hash(article, tags=None, authors=None):
    """How the post looks here: differs from the record's when someone edited it."""
    if tags is None:
        tag_ids = list(article.tags.values_list("pk", flat=True))
    else:
        tag_ids = [tag.pk for tag in tags]
    if authors is None:
        author_ids = list(
            article.article_authors.order_by("position").values_list("author_id", flat=True)
        )
    else:
        author_ids = [author.pk for author in authors]
    return digest(
        [
            article.title,
            article.slug,
            article.standfirst,
            article.body,
            article.status,
            article.publish_at.astimezone(UTC).isoformat(),
            article.is_sticky,
            sorted(tag_ids),
            author_ids,
        ]
    )
