"""RSS 2.0 and Atom feeds of the site, of each tag and of each author.

RSS lives at `<page>/feed/`, Atom beside it at `<page>/feed/atom/`. Items carry the
whole post, every author, the tags as categories, and an updated time that moves when
an update or correction is appended.
"""

import re

from django.conf import settings
from django.contrib.sites.models import Site
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from articles import invalidation
from articles.models import Article, Author, Tag
from campaign4change import pagecache
from campaign4change.feedgenerators import FullContentAtomFeed, FullContentRssFeed

FEED_LENGTH = 20
# Root-relative links and images in post bodies ("/media/...") must be absolute in a
# feed, which is read far from the site.
ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolutize(html, origin):
    if '="/' not in html:  # most posts: a substring search is 50 times faster than the regex
        return html
    return ROOT_RELATIVE.sub(lambda match: f"{match.group(1)}{origin}/", html)


class ArticleFeed(Feed):
    """The site's newest posts; subclasses narrow `articles()` to a tag or an author."""

    feed_type = FullContentRssFeed
    language = settings.LANGUAGE_CODE
    url_name = "articles:feed"

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published()

    def list_key(self, obj):
        return invalidation.ARTICLE_LIST

    def items(self, obj):
        # A tag's or author's own key: its description or bio is this feed's.
        pagecache.depends_on(self.list_key(obj), *([obj] if obj is not None else []))
        return (
            self.articles(obj).defer("search_vector").order_by("-publish_at", "-id")[:FEED_LENGTH]
        )

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        origin = f"{request.scheme}://{get_current_site(request).domain}"
        for item in feed.items:
            item["content_html"] = absolutize(item["content_html"], origin)
            item["authors"] = [(name, f"{origin}{path}") for name, path in item["authors"]]
        return feed

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return settings.SITE_TAGLINE

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return reverse("articles:home")

    def feed_url(self, obj):
        return reverse(self.url_name, args=self.url_args(obj))

    def url_args(self, obj):
        return []

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # A summary; the whole post is in content:encoded / content. Escaped, since
        # readers treat the description as HTML.
        return escape(article.excerpt)

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_author_name(self, article):
        return article.byline or None

    def item_categories(self, article):
        return [tag.name for tag in article.tag_links]

    def item_guid(self, article):
        # A tag: URI (RFC 4151) that stays the same when the slug or date changes, so
        # readers never see a post twice. The Site is cached after its first lookup.
        domain = Site.objects.get_current().domain.split(":")[0]
        return f"tag:{domain},{article.created_at:%Y-%m-%d}:article/{article.pk}"

    item_guid_is_permalink = False

    def item_extra_kwargs(self, article):
        return {
            "content_html": article.body,
            "authors": [
                (author.name, author.get_absolute_url()) for author in article.byline_links
            ],
        }


class TagFeed(ArticleFeed):
    url_name = "articles:tag_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def articles(self, tag):
        return Article.objects.published().filter(tags=tag)

    def list_key(self, tag):
        return invalidation.tag_articles(tag.pk)

    def title(self, tag):
        return f"{settings.SITE_NAME}: posts tagged {tag.name}"

    def description(self, tag):
        return tag.description or f"The newest posts tagged {tag.name}."

    def link(self, tag):
        return tag.get_absolute_url()

    def url_args(self, tag):
        return [tag.slug]


class AuthorFeed(ArticleFeed):
    url_name = "articles:author_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def articles(self, author):
        return Article.objects.published().filter(authors=author)

    def list_key(self, author):
        return invalidation.author_articles(author.pk)

    def title(self, author):
        return f"{settings.SITE_NAME}: posts by {author.name}"

    def description(self, author):
        return author.bio or f"The newest posts by {author.name}."

    def link(self, author):
        return author.get_absolute_url()

    def url_args(self, author):
        return [author.slug]


class AtomMixin:
    feed_type = FullContentAtomFeed

    @property
    def url_name(self):
        return super().url_name + "_atom"


class ArticleAtomFeed(AtomMixin, ArticleFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
