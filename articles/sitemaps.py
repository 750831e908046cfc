"""Sitemap sections for posts, tags and authors (see campaign4change/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest

from articles.models import Article, Author, Tag
from campaign4change import pagecache


def public_articles():
    return Article.objects.published().with_last_modified()


class LastModifiedSitemap(Sitemap):
    def get_urls(self, *args, **kwargs):
        # Which posts, tags and authors are listed, and their lastmod, change with any
        # post, tag or author: the cached sitemap depends on all three kinds.
        pagecache.depends_on(*(pagecache.kind_key(model) for model in (Article, Tag, Author)))
        return super().get_urls(*args, **kwargs)

    def lastmod(self, item):
        return item.last_modified

    def get_latest_lastmod(self):
        # One aggregate query: Django's default loads every item of the section, and the
        # sitemap index asks each section for it.
        return public_articles().aggregate(latest=Max("last_modified"))["latest"]


class ArticleSitemap(LastModifiedSitemap):
    def items(self):
        return public_articles().order_by("-publish_at", "-id").only("slug", "publish_at")


class TagSitemap(LastModifiedSitemap):
    """Tags with at least one public post; lastmod is the latest change to their posts."""

    def items(self):
        return (
            Tag.objects.filter(tagged_articles__content_object__in=Article.objects.published())
            .annotate(
                last_modified=Max(
                    Greatest(
                        "tagged_articles__content_object__updated_at",
                        "tagged_articles__content_object__publish_at",
                    )
                )
            )
            .order_by("name")
            .only("slug")
        )


class AuthorSitemap(LastModifiedSitemap):
    """Authors with at least one public post; lastmod is the latest change to their posts."""

    def items(self):
        return (
            Author.objects.filter(article_links__article__in=Article.objects.published())
            .annotate(
                last_modified=Max(
                    Greatest(
                        "article_links__article__updated_at", "article_links__article__publish_at"
                    )
                )
            )
            .order_by("name")
            .only("slug")
        )
