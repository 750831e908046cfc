"""Search: ranked full-text search on PostgreSQL, a text match on SQLite; never an error."""

import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, Tag
from tests.factories import ArticleFactory
from tests.pages import listed

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranked full-text search is PostgreSQL's"
)


def listed_posts(response):
    """The posts a results page lists, in order."""
    slugs = [url.rstrip("/").rsplit("/", 1)[1] for url in listed(response)]
    by_slug = Article.objects.in_bulk(slugs, field_name="slug")
    return [by_slug[slug] for slug in slugs]


def results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return listed_posts(response)


def test_search_finds_words_in_title_standfirst_and_body(client):
    in_title = ArticleFactory(title="Pathfinder mutuals report")
    in_standfirst = ArticleFactory(title="One", standfirst="The pathfinder scheme grows.")
    in_body = ArticleFactory(title="Two", standfirst="", body="<p>A pathfinder spoke.</p>")
    ArticleFactory(title="Unrelated", body="<p>Nothing here.</p>")
    assert set(results(client, "pathfinder")) == {in_title, in_standfirst, in_body}


def test_search_never_shows_drafts_or_scheduled_posts(client):
    ArticleFactory(title="Secret outsourcing plan", draft=True)
    ArticleFactory(title="Future outsourcing plan", scheduled=True)
    live = ArticleFactory(title="Public outsourcing plan")
    assert results(client, "outsourcing") == [live]


def test_all_words_must_match(client):
    both = ArticleFactory(title="Council shared services", body="<p>Shared services grow.</p>")
    ArticleFactory(title="Council budget", body="<p>The budget.</p>")
    assert results(client, "council shared") == [both]


@postgresql_only
def test_title_outranks_standfirst_outranks_body(client):
    body = ArticleFactory(title="Alpha", standfirst="", body="<p>About mutualisation.</p>")
    standfirst = ArticleFactory(title="Beta", standfirst="On mutualisation.", body="<p>x</p>")
    title = ArticleFactory(title="Mutualisation explained", standfirst="", body="<p>x</p>")
    # Newest first would give the reverse order: rank decides.
    for days, article in enumerate([body, standfirst, title]):
        Article.objects.filter(pk=article.pk).update(
            publish_at=article.publish_at.replace(year=2020 + days)
        )
    assert results(client, "mutualisation") == [title, standfirst, body]


@postgresql_only
def test_search_uses_stems_phrases_and_exclusions(client):
    mutuals = ArticleFactory(title="Mutuals spin out", body="<p>Staff-owned mutuals.</p>")
    nhs = ArticleFactory(title="NHS mutual spins out", body="<p>An NHS mutual.</p>")
    assert set(results(client, "mutual")) == {mutuals, nhs}
    assert results(client, "mutual -nhs") == [mutuals]
    assert results(client, '"staff-owned mutuals"') == [mutuals]


@postgresql_only
def test_tags_are_searchable_and_follow_renames(client):
    article = ArticleFactory(title="A story", body="<p>x</p>", tags=["Tri-borough"])
    assert results(client, "tri-borough") == [article]
    tag = Tag.objects.get(name="Tri-borough")
    tag.name = "Shared Services Partnership"
    tag.save()
    assert results(client, "partnership") == [article]
    article.tags.clear()
    assert results(client, "partnership") == []


def test_snippets_highlight_the_matched_words_and_stay_escaped(client):
    ArticleFactory(
        title="Procurement reform",
        standfirst="",
        body="<p>Rules on procurement &amp; <em>contracts</em> &lt;script&gt; changed.</p>",
    )
    html = client.get("/search/", {"q": "procurement"}).content.decode()
    assert "<mark>procurement</mark>" in html.lower()
    assert "<script>" not in html.split("</head>")[1]
    assert "&lt;script&gt;" in html


@postgresql_only
def test_extracts_show_a_match_deep_in_a_long_post_and_never_its_markup(client):
    # The word is first in the text some 6,000 characters in: before, only in a link's
    # address. The extract shows the sentence, never the address or a cut tag.
    filler = "<p>" + "Ministers met the unions about pay and pensions. " * 120 + "</p>"
    ArticleFactory(
        title="Pay talks",
        standfirst="",
        body='<p>See <a href="https://example.com/outsourcing-review">the review</a>.</p>'
        + filler
        + "<p>Ministers agreed. The outsourcing contract ends in May.</p>",
    )
    html = client.get("/search/", {"q": "outsourcing"}).content.decode()
    [extract] = re.findall(r'<p class="excerpt snippet">(.*?)</p>', html, re.DOTALL)
    assert "The <mark>outsourcing</mark> contract ends" in extract
    # No address, and no piece of a tag (escaped, it would read &quot; or &gt;).
    assert "example.com" not in extract and "href" not in extract
    assert "&gt;" not in extract and "&quot;" not in extract


def test_results_paginate_and_keep_the_query(client, settings):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 2, title="Digital strategy news")
    page_one = client.get("/search/", {"q": "digital strategy"}).content.decode()
    assert 'href="?q=digital+strategy&amp;page=2"' in page_one
    page_two = client.get("/search/", {"q": "digital strategy", "page": 2})
    assert len(listed(page_two)) == 2
    assert f"{settings.ARTICLES_PER_PAGE + 2} posts found" in page_two.content.decode()


def test_a_query_matching_too_many_posts_lists_the_newest_and_says_so(client, monkeypatch):
    # Ranking is bounded (articles.search.MAX_RESULTS) so a common word costs the same
    # on a site of any size; the reader is told, not silently shortened.
    monkeypatch.setattr("articles.search.MAX_RESULTS", 3)
    now = timezone.now()
    oldest = ArticleFactory(title="Council council council", publish_at=now - timedelta(days=9))
    newer = [
        ArticleFactory(
            title=f"Post {n}", body="<p>The council met.</p>", publish_at=now - timedelta(days=n)
        )
        for n in range(1, 5)
    ]
    response = client.get("/search/", {"q": "council"})
    found = listed_posts(response)
    assert set(found) == set(newer[:3]) and oldest not in found
    assert "More than 3 posts found. Here are the newest 3" in response.content.decode()
    assert client.get("/search/", {"q": "council", "page": 2}).status_code == 404


@postgresql_only
@pytest.mark.parametrize("walk_above", [0, 10**9], ids=["newest first", "through GIN"])
def test_common_and_rare_words_are_found_the_same_way(client, monkeypatch, walk_above):
    # How matches are collected depends on how common the words are; what is listed
    # must not: the same posts, best first, newest first among equals, and the cap.
    monkeypatch.setattr("articles.search.MAX_RESULTS", 3)
    monkeypatch.setattr("articles.search.WALK_ABOVE", walk_above)
    now = timezone.now()
    ArticleFactory(title="Old council", publish_at=now - timedelta(days=9))
    best = ArticleFactory(title="Council council", publish_at=now - timedelta(days=3))
    older = ArticleFactory(body="<p>The council met.</p>", publish_at=now - timedelta(days=2))
    newer = ArticleFactory(body="<p>The council met.</p>", publish_at=now - timedelta(days=1))
    response = client.get("/search/", {"q": "council"})
    assert results(client, "council") == [best, newer, older]
    assert "More than 3 posts found" in response.content.decode()


def test_empty_query_shows_the_form_only(client):
    ArticleFactory()
    response = client.get("/search/")
    assert response.status_code == 200
    assert listed(response) == []
    assert b'<input type="search" name="q"' in response.content


def test_no_results_says_so(client):
    ArticleFactory(title="Something")
    assert b"No posts matched" in client.get("/search/", {"q": "zebra"}).content


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "a & b",
        "a | b",
        "!!!",
        "foo:*",
        "foo:",
        "(nested (brackets",
        "-",
        "or",
        "the",
        "'; DROP TABLE articles_article; --",
        "%",
        "_",
        "\\",
        "Реформа госуслуг",
        "Ψηφιακή",
        "الحكومة الرقمية",
        "数字政府",
        "😀",
        " " * 50,
        "<script>alert(1)</script>",
    ],
)
def test_odd_queries_never_error(client, query):
    ArticleFactory(title="Реформа госуслуг and digital government 数字政府")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("query", ["x" * 10_000, "nul\x00byte"])
def test_unusable_queries_get_a_400_with_the_form(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert b'class="form-error"' in response.content
    assert b'<input type="search" name="q"' in response.content


def test_search_pages_are_not_indexed(client):
    html = client.get("/search/", {"q": "x"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html


@postgresql_only
def test_search_vector_is_stored_and_indexed():
    article = ArticleFactory(title="Stored vector")
    article.refresh_from_db()
    assert "'store':1A" in article.search_vector and "'vector':2A" in article.search_vector
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_idx'")
        assert "USING gin (search_vector)" in cursor.fetchone()[0]


@postgresql_only
def test_update_search_index_command_fills_vectors_written_around_the_orm(client):
    article = ArticleFactory(title="Bulk loaded pathfinder")
    Article.objects.filter(pk=article.pk).update(search_vector=None)
    assert results(client, "pathfinder") == []
    call_command("update_search_index")
    assert results(client, "pathfinder") == [article]


def test_update_search_index_command_runs_on_any_database(capsys):
    ArticleFactory()
    call_command("update_search_index")
    assert capsys.readouterr().out.strip()


@postgresql_only
def test_a_search_that_runs_too_long_is_stopped_with_advice_not_an_error(client, settings):
    # Highlighting matches reads each listed post's whole text: ~50 KB posts take far
    # longer than a 1 ms limit, and no time at all under a generous one.
    long_body = "<p>" + "The council outsourcing contract was renegotiated again. " * 900 + "</p>"
    ArticleFactory.create_batch(10, body=long_body)
    settings.SEARCH_TIMEOUT_MS = 1
    response = client.get("/search/?q=council+outsourcing")
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "That search took too long" in html
    assert 'value="council outsourcing"' in html  # the reader's words, to refine
    settings.SEARCH_TIMEOUT_MS = 10_000
    response = client.get("/search/?q=council+outsourcing")
    assert response.status_code == 200
    assert len(listed(response)) == 10


@postgresql_only
def test_a_long_posts_search_vector_is_read_from_its_row():
    """Ranking reads each match's vector from the post's row: kept out of line, each
    would cost a lookup in the TOAST index and its chunks (some four buffers a post)."""
    words = " ".join(f"council{n}" for n in range(300))  # a vector of some 4 KB
    ArticleFactory.create_batch(20, body=f"<p>{words}</p>")

    def buffers(select):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {select}")
            plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        return plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]

    ranking = "SELECT sum(ts_rank(search_vector, to_tsquery('council1'))) FROM articles_article"
    titles = "SELECT sum(length(title)) FROM articles_article"
    # The same rows, read the same way: only reading vectors out of line would add buffers.
    assert buffers(ranking) - buffers(titles) < 10
