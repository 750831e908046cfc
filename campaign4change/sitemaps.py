"""Every section of the site-wide sitemap, served as an index at /sitemap.xml."""

from articles.sitemaps import ArticleSitemap, AuthorSitemap, TagSitemap
from briefings.sitemaps import BriefingSitemap
from pages.sitemaps import PageSitemap

SITEMAPS = {
    "posts": ArticleSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "briefings": BriefingSitemap,
    "pages": PageSitemap,
}
