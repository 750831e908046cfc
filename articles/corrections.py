"""Corrections, in public: /corrections/ lists the corrections of public posts, newest
first, with RSS and Atom feeds beside it.

A correction is an `ArticleUpdate` of kind "correction" (a dated note under a post).
The page depends on the corrections (`invalidation.CORRECTIONS`, bumped when one is
added, edited or removed), on the set of public posts (`ARTICLE_LIST`: a corrected
draft that goes live joins the list) and on the posts it loads (their titles).
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.views.generic import ListView

from articles import invalidation
from articles.feeds import FEED_LENGTH, absolutize
from articles.models import Article, ArticleUpdate
from campaign4change import pagecache
from campaign4change.feedgenerators import FullContentAtomFeed, FullContentRssFeed

CORRECTIONS_PER_PAGE = 20
LIST_KEYS = (invalidation.CORRECTIONS, invalidation.ARTICLE_LIST)


def public_corrections():
    """Corrections of public posts, newest first, each with the post's title and address."""
    return (
        ArticleUpdate.objects.filter(
            kind=ArticleUpdate.Kind.CORRECTION,
            article__in=Article.objects.published().values("pk"),
        )
        .select_related("article")
        .only(
            "kind",
            "posted_at",
            "note",
            "article__title",
            "article__slug",
            "article__status",
            "article__publish_at",
        )
        .order_by("-posted_at", "-id")
    )


class CorrectionList:
    """A sliceable, countable list for Django's Paginator: a page is one query, and the
    count is kept in the cache until the list changes."""

    def __init__(self):
        self.corrections = public_corrections()

    def count(self):
        return pagecache.remember("count:corrections", LIST_KEYS, self.corrections.count)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        return list(self.corrections[index])


def feeds():
    return [
        (
            "corrections",
            reverse("articles:corrections_feed"),
            reverse("articles:corrections_feed_atom"),
        )
    ]


class CorrectionsView(ListView):
    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = CORRECTIONS_PER_PAGE

    def get_queryset(self):
        pagecache.depends_on(*LIST_KEYS)
        return CorrectionList()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [("Home", reverse("articles:home")), ("Corrections", None)]
        context["page_feeds"] = feeds()
        return context


class CorrectionsFeed(Feed):
    """The newest corrections: each item links to the corrected line of its post."""

    feed_type = FullContentRssFeed
    url_name = "articles:corrections_feed"
    language = settings.LANGUAGE_CODE

    def title(self):
        return f"{settings.SITE_NAME}: corrections"

    def description(self):
        return f"Corrections to posts on {settings.SITE_NAME}, newest first."

    def subtitle(self):
        return self.description()

    def link(self):
        return reverse("articles:corrections")

    def feed_url(self):
        return reverse(self.url_name)

    def items(self):
        pagecache.depends_on(*LIST_KEYS)
        return public_corrections()[:FEED_LENGTH]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        origin = f"{request.scheme}://{get_current_site(request).domain}"
        for item in feed.items:
            item["description"] = absolutize(item["description"], origin)
        return feed

    def item_title(self, correction):
        return f"Correction to “{correction.article.title}”"

    def item_description(self, correction):
        # The note as stored: sanitised, links and emphasis only.
        return correction.note

    def item_link(self, correction):
        return f"{correction.article.get_absolute_url()}#{correction.anchor}"

    def item_pubdate(self, correction):
        return correction.posted_at

    def item_updateddate(self, correction):
        return correction.posted_at

    def item_guid(self, correction):
        domain = Site.objects.get_current().domain.split(":")[0]
        return f"tag:{domain},{correction.posted_at:%Y-%m-%d}:correction/{correction.pk}"

    item_guid_is_permalink = False


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = FullContentAtomFeed
    url_name = "articles:corrections_feed_atom"
