from django.contrib.sitemaps import Sitemap

from briefings.invalidation import BRIEFING_LIST
from briefings.models import Briefing
from campaign4change import pagecache


class BriefingSitemap(Sitemap):
    """Published briefings; lastmod is the latest save or announced update."""

    changefreq = "weekly"
    priority = 0.7

    def items(self):
        pagecache.depends_on(BRIEFING_LIST)
        return Briefing.objects.published().order_by("title")

    def lastmod(self, briefing):
        return max(briefing.updated_at, briefing.last_updated or briefing.updated_at)
