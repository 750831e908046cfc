"""Archive pages whose cost does not grow with the archive.

A page is found by ids, from one index (the posts' (status, date, id) index for the
home page, (tag, date, post) for a tag, (author, date, post) for an author): the count
and the OFFSET of page 500 read only that index.

Counts are kept in the cache until the list changes (the same dependency keys as the
page cache), so even the index scan behind the page count happens once per change.

`summaries()` turns a page's ids into HTML: each post's summary is kept in the cache
until that post, or any tag or author, changes; the others are loaded (the page's posts
only, with their relations) through Article.objects.published(), the one definition of
what a reader may see. Publishing a post makes the home page and its tag archives
stale; they are rebuilt from one new summary and nine cached ones.
"""

import re

from articles import invalidation
from articles.models import Article, ArticleAuthor, Author, Tag, TaggedArticle
from campaign4change import pagecache

ORDER = ("-publish_at", "-id")
# What a summary shows (jinja2/includes/article_summary.html): the byline and tags are
# the post's own copies of their names (articles/derived.py).
SUMMARY_FIELDS = ("title", "slug", "status", "publish_at", "excerpt", "byline_names", "tag_names")


class Listing:
    """A sliceable, countable list of post ids for Django's Paginator."""

    def __init__(self, ids, list_key=None):
        self.ids = ids  # an ordered queryset of post ids (values_list, flat)
        self.list_key = list_key  # bumped whenever these posts change (invalidation.py)

    def count(self):
        if self.list_key is None:
            return self.ids.count()
        return pagecache.remember(f"count:{self.list_key}", [self.list_key], self.ids.count)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        """The ids of the posts at `index` (a page: LIMIT/OFFSET on the index alone)."""
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        return list(self.ids[index])

    @classmethod
    def of(cls, articles, list_key=None, order=ORDER):
        """Any queryset of posts (home page, date archives), paged by id first."""
        return cls(articles.order_by(*order).values_list("pk", flat=True), list_key)

    @classmethod
    def for_tag(cls, tag):
        rows = TaggedArticle.objects.filter(tag=tag)
        return cls.of_rows(rows, list_key=invalidation.tag_articles(tag.pk))

    @classmethod
    def for_author(cls, author):
        rows = ArticleAuthor.objects.filter(author=author)
        return cls.of_rows(rows, list_key=invalidation.author_articles(author.pk))

    @classmethod
    def of_rows(cls, rows, list_key):
        """The public posts of tagging or byline `rows`, newest first, read from the
        rows' own (tag or author, date, post) index."""
        post = f"{rows.model.post_field}_id"
        public = rows.public()
        ids = public.order_by("-article_publish_at", f"-{post}").values_list(post, flat=True)
        return cls(ids, list_key)


def summary_keys(article_id):
    """What a post's summary shows: the post with its byline and tags (one key, see
    invalidation.py), and the names and addresses of tags and authors."""
    return [
        pagecache.key(Article, article_id),
        pagecache.kind_key(Tag),
        pagecache.kind_key(Author),
    ]


def summaries(article_ids, render, using=None):
    """{id: summary} of public posts `article_ids`, in that order, as `render(article)`
    returns them; kept in the cache (`pagecache.fragments`), the missing ones loaded
    together (one query) through Article.objects.published(),
    from database `using` (default: the router's choice).

    A cached summary is shown without asking again: its post was public when it was
    rendered, and saving a change to the post's status or date bumps its key, after
    which its summary is rendered again through published().
    """
    names = {f"summary:{pk}": pk for pk in article_ids}

    def render_missing(missing):
        articles = (
            Article.objects.using(using)
            .published()
            .only(*SUMMARY_FIELDS)
            .filter(pk__in=[names[name] for name in missing])
        )
        return {f"summary:{article.pk}": render(article) for article in articles}

    found = pagecache.fragments(
        {name: summary_keys(pk) for name, pk in names.items()}, render_missing
    )
    return {pk: found[name] for name, pk in names.items() if name in found}


EXCERPT = re.compile(r'<p class="excerpt">.*?</p>', re.DOTALL)


def with_extract(summary, extract):
    """`summary` with a search result's `extract` (HTML) in place of the post's excerpt
    (the excerpt is escaped text: it holds no tag that could end the paragraph)."""
    return EXCERPT.sub(lambda _match: f'<p class="excerpt snippet">{extract}</p>', summary, 1)
