"""Corrections in public: /corrections/ and its feeds, the post's JSON-LD, and the link
to the corrections policy from there and from every corrected post."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from articles.corrections import CORRECTIONS_PER_PAGE
from articles.models import ArticleUpdate
from pages.models import Page
from tests.factories import ArticleFactory, ArticleUpdateFactory, PageFactory
from tests.test_query_budget import page_queries
from tests.test_seo import json_ld

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
CORRECTION = ArticleUpdate.Kind.CORRECTION


def correct(post, note, day, kind=CORRECTION):
    return ArticleUpdateFactory(
        article=post, kind=kind, note=note, posted_at=datetime(2025, 3, day, 9, tzinfo=LONDON)
    )


@pytest.fixture
def site():
    budget = ArticleFactory(title="Programme over budget", slug="over-budget")
    vote = ArticleFactory(title="Staff vote for a mutual", slug="staff-vote")
    draft = ArticleFactory(title="Unpublished story", draft=True)
    correct(budget, "It was <em>£220m</em>, not £270m.", day=4)
    correct(vote, 'Read <a href="/2024/01/02/older/">the earlier story</a>: 214 staff.', day=6)
    correct(vote, "Figures confirmed by the council.", day=7, kind=ArticleUpdate.Kind.UPDATE)
    correct(draft, "A correction nobody may read yet.", day=8)
    return budget, vote


def listed(html):
    return re.findall(r'<h2 class="summary-title"><a href="([^"]+)">([^<]+)</a>', html)


def test_corrections_of_public_posts_are_listed_newest_first_with_post_date_and_note(client, site):
    budget, vote = site
    html = client.get("/corrections/").content.decode()
    vote_correction = vote.updates.get(kind=CORRECTION)
    assert listed(html) == [
        (f"{vote.get_absolute_url()}#update-{vote_correction.pk}", "Staff vote for a mutual"),
        (f"{budget.get_absolute_url()}#{budget.updates.get().anchor}", "Programme over budget"),
    ]
    assert '<time datetime="2025-03-06T09:00:00+00:00">6 March 2025</time>' in html
    assert "It was <em>£220m</em>, not £270m." in html
    # Updates that are not corrections, and drafts' corrections, are not.
    assert "Figures confirmed" not in html and "nobody may read" not in html


def test_each_correction_links_to_its_line_on_the_post(client, site):
    budget, _vote = site
    correction = budget.updates.get()
    post = client.get(budget.get_absolute_url()).content.decode()
    assert f'<li id="update-{correction.pk}">' in post


def test_the_list_is_paginated_and_advertises_its_feeds(client, site):
    post = ArticleFactory(title="Often corrected")
    for n in range(CORRECTIONS_PER_PAGE):
        correct(post, f"Correction {n}.", day=10 + n % 10)
    first = client.get("/corrections/").content.decode()
    assert len(listed(first)) == CORRECTIONS_PER_PAGE
    assert 'rel="next"' in first
    second = client.get("/corrections/?page=2").content.decode()
    assert len(listed(second)) == 2
    assert client.get("/corrections/?page=3").status_code == 404
    assert client.get("/corrections/?page=x").status_code == 404
    rss = 'title="Campaign4Change: corrections (RSS)" href="/corrections/feed/"'
    assert rss in first
    assert 'href="/corrections/feed/atom/"' in first


def test_an_empty_list_says_so(client):
    assert "No corrections yet." in client.get("/corrections/").content.decode()


@pytest.mark.parametrize("url", ["/corrections/feed/", "/corrections/feed/atom/"])
def test_the_feeds_carry_each_correction_linked_to_its_post(client, site, site_origin, url):
    budget, vote = site
    response = client.get(url)
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Campaign4Change: corrections"
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "Correction to “Staff vote for a mutual”",
        "Correction to “Programme over budget”",
    ]
    first = feed.entries[0]
    assert first.link.startswith(f"{site_origin}{vote.get_absolute_url()}#update-")
    # Links in notes are absolute, for readers off the site.
    assert f'href="{site_origin}/2024/01/02/older/"' in first.summary
    assert first.id.startswith("tag:") and ":correction/" in first.id
    assert first.published_parsed[:3] == (2025, 3, 6)


def test_the_post_carries_its_corrections_in_news_article_json_ld(client, site, site_origin):
    _budget, vote = site
    data = json_ld(client.get(vote.get_absolute_url()).content.decode())["NewsArticle"]
    correction = vote.updates.get(kind=CORRECTION)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Read the earlier story: 214 staff.",
            "datePublished": correction.posted_at.isoformat(),
            "url": f"{site_origin}{vote.get_absolute_url()}#update-{correction.pk}",
        }
    ]
    uncorrected = ArticleFactory()
    ArticleUpdateFactory(article=uncorrected)
    data = json_ld(client.get(uncorrected.get_absolute_url()).content.decode())["NewsArticle"]
    assert "correction" not in data


def test_corrected_posts_and_the_list_link_to_the_corrections_policy(client, site):
    budget, _vote = site
    PageFactory(title="Corrections policy", slug="corrections-policy", is_corrections_policy=True)
    policy = '<a href="/corrections-policy/">Corrections policy</a>'
    assert policy in client.get("/corrections/").content.decode()
    post = client.get(budget.get_absolute_url()).content.decode()
    assert policy in post and '<a href="/corrections/">All corrections</a>' in post
    # Posts with updates but no correction, and posts without updates, do not.
    updated = ArticleFactory()
    ArticleUpdateFactory(article=updated)
    for plain in (updated, ArticleFactory()):
        assert "corrections-policy" not in client.get(plain.get_absolute_url()).content.decode()


def test_without_a_published_policy_the_list_and_posts_link_to_all_corrections_only(client, site):
    budget, _vote = site
    PageFactory(slug="policy", is_corrections_policy=True, status=Page.Status.DRAFT)
    assert "/policy/" not in client.get("/corrections/").content.decode()
    post = client.get(budget.get_absolute_url()).content.decode()
    assert "/policy/" not in post and "All corrections" in post


def test_the_policy_link_adds_no_query_to_a_corrected_post(client, site):
    budget, _vote = site
    PageFactory(title="Corrections policy", slug="corrections-policy", is_corrections_policy=True)
    uncorrected = ArticleFactory()
    ArticleUpdateFactory(article=uncorrected, posted_at=budget.updates.get().posted_at)
    client.get("/")  # the menus and the month list, now kept in the cache
    # Same page otherwise (a post with one update): the same number of queries.
    corrected_queries = page_queries(client, budget.get_absolute_url())
    plain_queries = page_queries(client, uncorrected.get_absolute_url())
    assert len(corrected_queries) == len(plain_queries)
    assert sum("pages_page" in sql for sql in corrected_queries + plain_queries) == 0


@pytest.mark.parametrize(
    ("url", "cold", "warm"),
    [("/corrections/", 4, 1), ("/corrections/?page=3", 4, 1), ("/corrections/feed/", 1, 1)],
)
def test_corrections_cost_a_fixed_number_of_queries_and_one_once_warm(client, url, cold, warm):
    for n in range(45):
        correct(ArticleFactory(title=f"Post {n}"), f"Correction {n}.", day=1 + n % 28)
    # The count, the page's corrections with their posts, the month list, the menus;
    # then the count, the month list and the menus are kept: only the page's rows.
    # (tests/test_query_budget.py checks it is the same with few corrections.)
    assert (len(page_queries(client, url)), len(page_queries(client, url))) == (cold, warm)


def test_a_correction_added_today_is_first(client, site):
    budget, _vote = site
    ArticleUpdateFactory(
        article=budget, kind=CORRECTION, note="Newest.", posted_at=datetime.now(LONDON)
    )
    html = client.get("/corrections/").content.decode()
    assert html.index("Newest.") < html.index("214 staff")
