"""The story so far: a tag an editor marks as a story offers its posts as a timeline,
oldest first, grouped by month, a page at a time, with its briefing beside it."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles import invalidation
from articles.models import Article, Tag, TaggedArticle
from articles.story import STORY_POSTS_PER_PAGE
from campaign4change import pagecache
from editorial.roles import EDITOR, JOURNALIST
from tests.briefing_factories import BriefingFactory
from tests.factories import ArticleFactory
from tests.forms import admin_form, change_url
from tests.test_query_budget import page_queries

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
START = datetime(2023, 11, 20, 9, tzinfo=LONDON)


def timeline(html):
    """[(month heading, [post titles])] as the page shows them."""
    months = re.findall(r'<h2 id="month-[\d-]+">([^<]+)</h2>(.*?)</ol>', html, re.DOTALL)
    return [
        (month, re.findall(r'<h3 class="timeline-title"><a href="[^"]+">([^<]+)</a>', body))
        for month, body in months
    ]


def make_story(count, name="Mutuals", every=timedelta(days=9)):
    """`count` public posts tagged `name`, `every` apart from START, quickly (bulk)."""
    tag = Tag.objects.create(name=name, slug=name.lower(), is_story=True)
    posts = Article.objects.bulk_create(
        Article(
            title=f"Chapter {n}",
            slug=f"chapter-{n}",
            status=Article.Status.PUBLISHED,
            publish_at=START + n * every,
            excerpt=f"What happened in chapter {n}, in a few words. " * 3,
        )
        for n in range(count)
    )
    TaggedArticle.objects.bulk_create(TaggedArticle(content_object=p, tag=tag) for p in posts)
    # What a save would do: tell the page cache when the next scheduled post is due.
    pagecache.reschedule(invalidation.SCHEDULE)
    return tag


@pytest.fixture
def story():
    tag = make_story(5)
    ArticleFactory(title="Still a draft", tags=["Mutuals"], draft=True)
    ArticleFactory(title="Another topic", tags=["NHS"])
    return tag


def test_the_tag_archive_of_a_story_offers_the_story_so_far(client, story):
    html = client.get("/tag/mutuals/").content.decode()
    assert '<a href="/tag/mutuals/story/">The story so far</a>' in html
    ArticleFactory(tags=["NHS"])
    assert "The story so far" not in client.get("/tag/nhs/").content.decode()


def test_the_timeline_runs_oldest_to_newest_grouped_by_month_with_summaries(client, story):
    response = client.get("/tag/mutuals/story/")
    assert response.status_code == 200
    html = response.content.decode()
    assert timeline(html) == [
        ("November 2023", ["Chapter 0", "Chapter 1"]),
        ("December 2023", ["Chapter 2", "Chapter 3", "Chapter 4"]),
    ]
    assert "Still a draft" not in html and "Another topic" not in html
    assert '<time datetime="2023-11-20T09:00:00+00:00">20 November</time>' in html
    # A one-line summary: the derived excerpt, cut short.
    summary = re.search(r'<p class="timeline-summary">([^<]+)</p>', html).group(1)
    assert summary.startswith("What happened in chapter 0") and len(summary.split()) <= 26
    assert "5 posts, oldest first." in html
    # The latest is marked, and linked from the top.
    assert re.search(
        r'<li class="timeline-entry" id="latest">\s*<p class="meta"><time[^>]*>26 December', html
    )
    assert '<a href="#latest">Jump to the latest</a>' in html
    assert "<title>The story so far: Mutuals – Campaign4Change</title>" in html


def test_a_tag_that_is_not_a_story_has_no_timeline(client):
    ArticleFactory(tags=["NHS"])
    assert client.get("/tag/nhs/story/").status_code == 404
    assert client.get("/tag/no-such-tag/story/").status_code == 404


def test_the_tags_briefing_is_beside_the_timeline(client, story):
    assert "story-briefing" not in client.get("/tag/mutuals/story/").content.decode()
    BriefingFactory(title="Mutuals Briefing", tags=["Mutuals"])
    BriefingFactory(title="Draft Briefing", tags=["Mutuals"], draft=True)
    html = client.get("/tag/mutuals/story/").content.decode()
    aside = html[html.index('<aside class="story-briefing"') : html.index("</aside>")]
    assert '<a href="/briefings/mutuals-briefing/">Mutuals Briefing</a>' in aside
    assert "Updated" in aside and "Draft Briefing" not in html


def test_long_stories_are_paginated_and_the_jump_goes_to_the_last_page(client):
    make_story(STORY_POSTS_PER_PAGE * 2 + 3)
    first = client.get("/tag/mutuals/story/").content.decode()
    months = timeline(first)
    assert months[0][1][0] == "Chapter 0"
    assert sum(len(titles) for _month, titles in months) == STORY_POSTS_PER_PAGE
    assert '<a href="?page=3#latest">Jump to the latest</a>' in first
    assert 'rel="next">Later posts' in first and 'id="latest"' not in first
    last = client.get("/tag/mutuals/story/?page=3").content.decode()
    newest = f"Chapter {STORY_POSTS_PER_PAGE * 2 + 2}"
    assert timeline(last)[-1][1][-1] == newest
    assert 'id="latest"' in last and 'rel="prev">← Earlier posts' in last
    assert client.get("/tag/mutuals/story/?page=4").status_code == 404
    assert client.get("/tag/mutuals/story/?page=abc").status_code == 404


@pytest.mark.parametrize("page", [1, 5, 10])
def test_a_story_of_500_posts_costs_a_fixed_number_of_queries(client, page):
    make_story(500, every=timedelta(days=2))
    BriefingFactory(title="Mutuals Briefing", tags=["Mutuals"])
    url = f"/tag/mutuals/story/?page={page}"
    # The tag, the count, the page's posts, the briefing, the month list, the menus;
    # once the count, the month list and the menus are kept: the tag, posts, briefing.
    cold, warm = page_queries(client, url), page_queries(client, url)
    assert (len(cold), len(warm)) == (6, 3), "\n".join(cold)
    html = client.get(url).content.decode()
    assert sum(len(titles) for _month, titles in timeline(html)) == STORY_POSTS_PER_PAGE


# Editors only -------------------------------------------------------------------------------


def test_an_editor_marks_a_tag_as_a_story_in_the_admin(member, client_for, client):
    ArticleFactory(tags=["Mutuals"])
    tag = Tag.objects.get(name="Mutuals")
    editor = client_for(member(EDITOR, "ed"))
    data = admin_form(editor, change_url(tag))
    data["is_story"] = "on"
    assert editor.post(change_url(tag), data).status_code == 302
    tag.refresh_from_db()
    assert tag.is_story
    assert client.get("/tag/mutuals/story/").status_code == 200
    stories = editor.get(reverse("admin:articles_tag_changelist") + "?is_story__exact=1")
    assert "Mutuals" in stories.content.decode()


def test_a_journalist_cannot_mark_a_story(member, client_for):
    ArticleFactory(tags=["Mutuals"])
    tag = Tag.objects.get(name="Mutuals")
    journalist = client_for(member(JOURNALIST, "jo"))
    response = journalist.post(
        change_url(tag), {"name": "Mutuals", "slug": "mutuals", "is_story": "on"}
    )
    assert response.status_code == 403
    tag.refresh_from_db()
    assert not tag.is_story
