from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from campaign4change import pagecache
from pages.invalidation import PAGE_LIST
from pages.models import Page


class PageSitemap(Sitemap):
    """Published pages; lastmod is their last edit."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        pagecache.depends_on(PAGE_LIST)
        return Page.objects.published().order_by("menu_order", "title").only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at

    def get_latest_lastmod(self):
        pagecache.depends_on(PAGE_LIST)
        return Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]
