"""Every section of the site-wide sitemap, served as an index at /sitemap.xml.

Apps add their sections here (`briefings` adds its own).
"""

from articles.sitemaps import ArticleSitemap, AuthorSitemap, TagSitemap

SITEMAPS = {
    "posts": ArticleSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
