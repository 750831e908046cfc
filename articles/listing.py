"""Archive pages whose cost does not grow with the archive.

A page of posts is one query: the page's ids are read from one index (the posts'
(status, date, id) index for the home page and date archives, (tag, date, post) for a
tag, (author, date, post) for an author) in a subquery, and only those posts are read,
with the fields a summary shows, through Article.objects.published(): the OFFSET of page
500 reads the index alone.

Counts are kept in the cache until the list changes (the same dependency keys as the
page cache), so even the index scan behind the page count happens once per change.
"""

from articles import invalidation
from articles.models import Article, ArticleAuthor, TaggedArticle
from campaign4change import pagecache

ORDER = ("-publish_at", "-id")
OLDEST_FIRST = ("publish_at", "id")
# What a summary shows (jinja2/includes/article_summary.html, the front page's stories):
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


class Listing:
    """A sliceable, countable list of public posts for Django's Paginator."""

    def __init__(self, ids, order=ORDER, list_key=None, name=None):
        self.ids = ids  # an ordered queryset of post ids (values_list, flat)
        self.order = order  # the same order, on the posts
        self.list_key = list_key  # bumped whenever these posts change (invalidation.py)
        self.name = name or list_key  # what the count is kept under

    def count(self):
        if self.list_key is None:
            return self.ids.count()
        return pagecache.remember(f"count:{self.name}", [self.list_key], self.ids.count)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        """The posts at `index` (a page), with what their summaries show: one query."""
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        page = self.ids[index]
        posts = Article.objects.published().only(*SUMMARY_FIELDS).filter(pk__in=page)
        return list(posts.order_by(*self.order))

    @classmethod
    def of(cls, articles, list_key=None, order=ORDER, name=None):
        """Any queryset of posts (home page, date archives), paged by id first."""
        ids = articles.order_by(*order).values_list("pk", flat=True)
        return cls(ids, order, list_key, name)

    @classmethod
    def for_tag(cls, tag, oldest_first=False):
        rows = TaggedArticle.objects.filter(tag=tag)
        return cls.of_rows(
            rows, list_key=invalidation.tag_articles(tag.pk), oldest_first=oldest_first
        )

    @classmethod
    def for_author(cls, author):
        rows = ArticleAuthor.objects.filter(author=author)
        return cls.of_rows(rows, list_key=invalidation.author_articles(author.pk))

    @classmethod
    def of_rows(cls, rows, list_key, oldest_first=False):
        """The public posts of tagging or byline `rows`, newest first (or oldest first:
        the same index read backwards), read from the rows' own (tag or author, date,
        post) index. The count is the same either way, and kept once for both."""
        post = f"{rows.model.post_field}_id"
        order = (
            ("article_publish_at", post) if oldest_first else ("-article_publish_at", f"-{post}")
        )
        ids = rows.public().order_by(*order).values_list(post, flat=True)
        return cls(ids, OLDEST_FIRST if oldest_first else ORDER, list_key)
