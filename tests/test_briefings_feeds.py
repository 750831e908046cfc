import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from briefings.sitemaps import BriefingSitemap
from tests.briefing_factories import BriefingChangeFactory, BriefingFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
ATOM = "{http://www.w3.org/2005/Atom}"


def briefing_with_updates():
    briefing = BriefingFactory(title="Mutuals Briefing", slug="mutuals-briefing")
    story = ArticleFactory(
        title="Our story", slug="our-story", publish_at=datetime(2025, 5, 1, 9, tzinfo=LONDON)
    )
    BriefingChangeFactory(
        briefing=briefing,
        note="Added the Pathfinder progress report",
        added=[
            {"title": "Pathfinder progress report", "url": "https://gov.example/report"},
            {"title": "Our story", "url": story.get_absolute_url(), "article_id": story.pk},
        ],
        removed=[{"title": "Old consultation <draft>", "url": "https://gov.example/old"}],
        created_at=datetime(2025, 6, 1, 9, tzinfo=LONDON),
    )
    BriefingChangeFactory(
        briefing=briefing,
        note="Updated for the spending review",
        created_at=datetime(2025, 9, 1, 9, tzinfo=LONDON),
    )
    BriefingChangeFactory(briefing=briefing, notable=False, note="Typo fixed")
    return briefing


def test_rss_feed_lists_announced_updates_newest_first(client):
    briefing_with_updates()
    response = client.get("/briefings/mutuals-briefing/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
    assert channel.findtext("title").startswith("Mutuals Briefing")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Updated for the spending review",
        "Added the Pathfinder progress report",
    ]
    older = items[1]
    assert "#update-" in older.findtext("link")
    description = older.findtext("description")
    assert '<a href="https://gov.example/report">Pathfinder progress report</a>' in description
    assert '<a href="http://testserver/2025/05/01/our-story/">Our story</a>' in description
    assert "Old consultation &lt;draft&gt;" in description  # escaped, not markup
    assert "Typo fixed" not in response.content.decode()


def test_atom_feed_has_updated_time_of_latest_update(client):
    briefing_with_updates()
    response = client.get("/briefings/mutuals-briefing/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert feed.findtext(f"{ATOM}updated") == "2025-09-01T08:00:00+00:00"
    assert len(feed.findall(f"{ATOM}entry")) == 2


def test_feed_of_draft_or_unknown_briefing_is_404(client):
    BriefingFactory(slug="draft", draft=True)
    assert client.get("/briefings/draft/feed/").status_code == 404
    assert client.get("/briefings/draft/feed/atom/").status_code == 404
    assert client.get("/briefings/nope/feed/").status_code == 404


def test_feed_query_count_is_fixed(client, django_assert_max_num_queries):
    briefing = BriefingFactory()
    BriefingChangeFactory.create_batch(20, briefing=briefing)
    # the site (for absolute links; cached after the first request), briefing, updates
    with django_assert_max_num_queries(3):
        client.get(f"{briefing.get_absolute_url()}feed/")


def test_sitemap_lists_published_briefings_with_lastmod():
    briefing = BriefingFactory(title="Published")
    BriefingFactory(title="Draft", draft=True)
    future = timezone.now() + timedelta(days=3)
    BriefingChangeFactory(briefing=briefing, created_at=future)
    sitemap = BriefingSitemap()
    items = list(sitemap.items())
    assert [b.title for b in items] == ["Published"]
    assert sitemap.location(items[0]) == briefing.get_absolute_url()
    assert sitemap.lastmod(items[0]) == future
    briefing.refresh_from_db()
    quiet = BriefingFactory(title="Quiet")
    quiet_item = next(b for b in sitemap.items() if b.pk == quiet.pk)
    assert sitemap.lastmod(quiet_item) == quiet.updated_at
