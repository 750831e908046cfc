"""Archive pages whose cost does not grow with the archive.

A page of posts is one query: the page's ids are read from one index (the posts'
(status, date, id) index for the home page and date archives, (tag, date, post) for a
tag, (author, date, post) for an author) in a subquery, and only those posts are read,
with the fields a summary shows, through Article.objects.published(): the OFFSET of page
500 reads the index alone.

Each kind of list's page query is compiled to SQL once per process
(campaign4change/compiled.py: the time, the tag or author, the date range and the page
are its parameters): Django took longer to write that SQL than PostgreSQL took to answer.

Counts are kept in the cache until the list changes (the same dependency keys as the
page cache), so even the index scan behind the page count happens once per change.
"""

import functools
from datetime import datetime

from django.utils import timezone

from articles import invalidation
from articles.models import Article, ArticleAuthor, TaggedArticle
from campaign4change import pagecache
from campaign4change.compiled import compiled
from campaign4change.paging import PagedList

ORDER = ("-publish_at", "-id")
OLDEST_FIRST = ("publish_at", "id")
# Sticky posts (WordPress's "stick to the front page") come first on the home page.
HOME_ORDER = ("-is_sticky", *ORDER)
# What a summary shows (the macros of jinja2/includes/stories.html, the front page's stories):
# the byline and tags are the post's own copies of their names (articles/derived.py),
# its kicker the main tag among them, its picture the renditions listed when it was
# saved, with their sizes: a thumbnail costs no query and no look-up in the storage.
SUMMARY_FIELDS = (
    "title",
    "slug",
    "status",
    "publish_at",
    "excerpt",
    "reading_minutes",
    "byline_names",
    "tag_names",
    "main_tag",
    "featured_image_renditions",
    "featured_image_alt",
)


class Listing(PagedList):
    """A sliceable, countable list of public posts for Django's Paginator.

    `page_of(page=slice, **values)` reads a page's posts (a compiled query, below);
    `ids(now)` is the same list's ids as a queryset, for counting."""

    def __init__(self, page_of, values, ids, list_key, name=None):
        self.page_of = page_of
        self.values = values
        self.ids = ids
        self.list_key = list_key  # bumped whenever these posts change (invalidation.py)
        self.name = name or list_key  # what the count is kept under

    def count(self):
        count = lambda: self.ids(timezone.now()).count()  # noqa: E731
        return pagecache.remember(f"count:{self.name}", [self.list_key], count)

    def page(self, start, stop):
        """The posts from `start` to `stop`, with what their summaries show: one query."""
        return self.page_of(now=timezone.now(), page=slice(start, stop), **self.values)

    @classmethod
    def home(cls):
        """Every public post, sticky ones first."""
        return cls(_home_page, {}, _home_ids, invalidation.ARTICLE_LIST)

    @classmethod
    def between(cls, since, until, name):
        """Public posts dated from `since` to before `until` (date archives)."""
        ids = lambda now: _dated_ids(now, since, until)  # noqa: E731
        values = {"since": since, "until": until}
        return cls(_dated_page, values, ids, invalidation.ARTICLE_LIST, name)

    @classmethod
    def for_tag(cls, tag, oldest_first=False):
        """A tag's public posts, newest first (or oldest first: the same index read
        backwards). The count is the same either way, and kept once for both."""
        ids = lambda now: _row_ids(TaggedArticle, now, tag.pk, oldest_first)  # noqa: E731
        page_of = _rows_page(TaggedArticle, oldest_first)
        return cls(page_of, {"owner": tag.pk}, ids, invalidation.tag_articles(tag.pk))

    @classmethod
    def for_author(cls, author):
        ids = lambda now: _row_ids(ArticleAuthor, now, author.pk)  # noqa: E731
        page_of = _rows_page(ArticleAuthor, oldest_first=False)
        return cls(page_of, {"owner": author.pk}, ids, invalidation.author_articles(author.pk))


def _summaries(ids, now, order):
    """The posts among `ids` (a subquery), with what a summary shows, in `order`."""
    posts = Article.objects.published(now=now).only(*SUMMARY_FIELDS).filter(pk__in=ids)
    return posts.order_by(*order)


def _home_ids(now):
    return Article.objects.published(now=now).order_by(*HOME_ORDER).values_list("pk", flat=True)


@compiled(Article, now=datetime, page=slice)
def _home_page(now, page):
    return _summaries(_home_ids(now)[page], now, HOME_ORDER)


def _dated_ids(now, since, until):
    dated = Article.objects.published(now=now).filter(publish_at__gte=since, publish_at__lt=until)
    return dated.order_by(*ORDER).values_list("pk", flat=True)


@compiled(Article, now=datetime, since=datetime, until=datetime, page=slice)
def _dated_page(now, since, until, page):
    return _summaries(_dated_ids(now, since, until)[page], now, ORDER)


def _row_ids(model, now, owner, oldest_first=False):
    """The public posts of a tag's or an author's rows (`model`: tagging or byline rows,
    `owner`: the tag's or author's id), read from the rows' own (owner, date, post) index."""
    post = f"{model.post_field}_id"
    order = ("article_publish_at", post) if oldest_first else ("-article_publish_at", f"-{post}")
    rows = model.objects.public(now=now).filter(**{f"{model.owner_field}_id": owner})
    return rows.order_by(*order).values_list(post, flat=True)


@functools.cache
def _rows_page(model, oldest_first):
    @compiled(Article, now=datetime, owner=int, page=slice)
    def page_of(now, owner, page):
        ids = _row_ids(model, now, owner, oldest_first)[page]
        return _summaries(ids, now, OLDEST_FIRST if oldest_first else ORDER)

    page_of.__name__ = f"{model.__name__}_page{'_oldest_first' if oldest_first else ''}"
    return page_of
