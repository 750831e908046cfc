"""Pages of the reading site (date archives, search, feeds, sitemap) never go stale."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article, Tag
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import listed_titles
from tests.test_pagecache import cached, get, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def story():
    return ArticleFactory(
        title="Mutual pathfinder opens",
        authors=[AuthorFactory(slug="jo")],
        tags=["Mutuals"],
        publish_at=datetime(2025, 3, 4, 9, tzinfo=LONDON),
    )


PAGES = [
    "/2025/",
    "/2025/03/",
    "/2025/03/04/",
    "/feed/",
    "/feed/atom/",
    "/tag/mutuals/feed/",
    "/author/jo/feed/",
    "/sitemap-posts.xml",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_newly_published_post_appears_on_cached_lists(client, story, url):
    draft = ArticleFactory(
        title="Second pathfinder contract",
        draft=True,
        slug="second-contract",
        authors=[story.byline_authors[0]],
        tags=["Mutuals"],
        publish_at=datetime(2025, 3, 4, 11, tzinfo=LONDON),
    )
    assert "second-contract" not in cached(client, url)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "second-contract" in html(client, url)


def test_search_results_follow_edits_and_tag_renames(client, story):
    assert "Mutual pathfinder opens" in cached(client, "/search/?q=pathfinder")
    story.title = "Mutual spin-out opens"
    story.save()
    assert "Mutual spin-out opens" in html(client, "/search/?q=spin-out")
    assert "Mutual pathfinder opens" not in html(client, "/search/?q=pathfinder")
    tag = Tag.objects.get(name="Mutuals")
    assert "Mutuals" in cached(client, "/search/?q=spin-out")
    tag.name = "Staff mutuals"
    tag.save()
    assert "Staff mutuals" in html(client, "/search/?q=spin-out")


@pytest.mark.parametrize("url", ["post", "/tag/mutuals/", "/author/jo/", "/briefings/"])
def test_the_month_list_on_cached_pages_follows_new_and_emptied_months(client, story, url):
    # Every page's footer lists the months with posts.
    url = story.get_absolute_url() if url == "post" else url
    assert 'href="/2025/05/"' not in cached(client, url)
    may = ArticleFactory(title="Unrelated", publish_at=datetime(2025, 5, 20, 9, tzinfo=LONDON))
    assert 'href="/2025/05/"' in cached(client, url)
    may.delete()
    assert 'href="/2025/05/"' not in cached(client, url)


def test_publishing_into_a_month_with_posts_leaves_other_pages_cached(client, story):
    cached(client, "/briefings/")
    ArticleFactory(title="Unrelated", publish_at=datetime(2025, 3, 20, 9, tzinfo=LONDON))
    assert get(client, "/briefings/")[1] == "HIT"


def test_making_a_post_sticky_moves_it_to_the_top_of_the_cached_home_page(client, settings):
    old = ArticleFactory(title="Oldest story", publish_at=datetime(2024, 1, 2, 9, tzinfo=LONDON))
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE)
    assert "Oldest story" not in cached(client, "/")
    old.is_sticky = True
    old.save()
    assert listed_titles(client.get("/"))[0] == "Oldest story"
