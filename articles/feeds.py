"""RSS 2.0 and Atom feeds of the site, of each tag and of each author.

RSS lives at `<page>/feed/`, Atom beside it at `<page>/feed/atom/`. Items carry the
whole post, every author, the tags as categories, and an updated time that moves when
an update or correction is appended.
"""

import re
from datetime import datetime

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles import invalidation
from articles.models import Article, Author, Tag
from campaign4change import pagecache
from campaign4change.compiled import compiled
from campaign4change.feedgenerators import FullContentAtomFeed, FullContentRssFeed

FEED_LENGTH = 20
# Root-relative links and images in post bodies ("/media/...") must be absolute in a
# feed, which is read far from the site.
ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolutize(html, origin):
    if '="/' not in html:  # most posts: a substring search is 50 times faster than the regex
        return html
    return ROOT_RELATIVE.sub(lambda match: f"{match.group(1)}{origin}/", html)


# What an item shows: its title, address, summary, whole text, dates, byline and tags.
ITEM_FIELDS = (
    "title",
    "slug",
    "status",
    "publish_at",
    "created_at",
    "updated_at",
    "last_update_at",
    "excerpt",
    "body",
    "byline_names",
    "tag_names",
)


def _newest(posts):
    return posts.only(*ITEM_FIELDS).order_by("-publish_at", "-id")[:FEED_LENGTH]


@compiled(Article, now=datetime)
def _site_items(now):
    return _newest(Article.objects.published(now=now))


@compiled(Article, now=datetime, tag=int)
def _tag_items(now, tag):
    return _newest(Article.objects.published(now=now).filter(tags=tag))


@compiled(Article, now=datetime, author=int)
def _author_items(now, author):
    return _newest(Article.objects.published(now=now).filter(authors=author))


class ArticleFeed(Feed):
    """The site's newest posts; subclasses narrow `newest()` to a tag or an author."""

    feed_type = FullContentRssFeed
    language = settings.LANGUAGE_CODE
    url_name = "articles:feed"

    def get_object(self, request, *args, **kwargs):
        return None

    def newest(self, obj, now):
        return _site_items(now=now)

    def list_key(self, obj):
        return invalidation.ARTICLE_LIST

    def items(self, obj):
        # A tag's or author's own key: its description or bio is this feed's.
        pagecache.depends_on(self.list_key(obj), *([obj] if obj is not None else []))
        return self.newest(obj, timezone.now())

    def get_feed(self, obj, request):
        # Django's Feed.get_feed() asks each item for some twenty attributes, each looked
        # up and inspected; a feed of whole posts knows its few and names them once.
        domain = get_current_site(request).domain
        origin = f"{request.scheme}://{domain}"
        feed = self.feed_type(
            title=self.title(obj),
            subtitle=self.description(obj),
            link=origin + self.link(obj),
            description=self.description(obj),
            language=self.language,
            feed_url=origin + reverse(self.url_name, args=self.url_args(obj)),
        )
        # Ids are tag: URIs (RFC 4151) that stay the same when the slug or date changes,
        # so readers never see a post twice.
        host = domain.split(":")[0]
        for article in self.items(obj):
            feed.add_item(
                title=article.title,
                link=origin + article.get_absolute_url(),
                # A summary; the whole post is in content:encoded / content. Escaped,
                # since readers treat the description as HTML.
                description=escape(article.excerpt),
                unique_id=f"tag:{host},{article.created_at:%Y-%m-%d}:article/{article.pk}",
                unique_id_is_permalink=False,
                pubdate=article.publish_at,
                updateddate=article.modified_at,
                categories=[tag.name for tag in article.tag_links],
                content_html=absolutize(article.body, origin),
                authors=[(author.name, origin + author.url) for author in article.byline_links],
            )
        return feed

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return settings.SITE_TAGLINE

    def link(self, obj):
        return reverse("articles:home")

    def url_args(self, obj):
        return []


class TagFeed(ArticleFeed):
    url_name = "articles:tag_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def newest(self, tag, now):
        return _tag_items(now=now, tag=tag.pk)

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

    def newest(self, author, now):
        return _author_items(now=now, author=author.pk)

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
