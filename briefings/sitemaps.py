from django.contrib.sitemaps import Sitemap

from briefings.models import Briefing


class BriefingSitemap(Sitemap):
    """Published briefings; lastmod is the latest save or announced update."""

    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Briefing.objects.published().with_last_updated().order_by("title")

    def lastmod(self, briefing):
        return max(briefing.updated_at, briefing.last_updated)
