"""The benchmark's parts at tiny scale: data builder, URL lists, bench-mode views.

The load run itself (`make bench`) is not part of the suite; .ci/run smoke-tests it.
"""

import io
import json
import statistics
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleAuthor, Author, Tag, TaggedArticle
from briefings.models import Briefing, Entry

pytestmark = pytest.mark.django_db


def populate(**options):
    defaults = {"posts": 120, "authors": 5, "tags": 40, "briefings": 3, "entries": 9}
    call_command("bench_populate", verbosity=0, **{**defaults, **options})


def test_populate_builds_the_planned_site():
    populate()
    assert Article.objects.count() == 120
    assert Author.objects.count() == 5
    assert Tag.objects.count() == 40
    assert Briefing.objects.published().count() == 3
    assert Entry.objects.filter(section__briefing__isnull=False).count() == 27
    tags_per_post = Counter(TaggedArticle.objects.values_list("content_object_id", flat=True))
    assert set(tags_per_post.values()) <= {3, 4, 5}
    authors_per_post = Counter(ArticleAuthor.objects.values_list("article_id", flat=True))
    assert set(authors_per_post.values()) <= {1, 2, 3}
    words = len(Article.objects.first().body.split())
    assert 600 <= words <= 1100
    years = {d.year for d in Article.objects.dates("publish_at", "year")}
    assert len(years) >= 8
    assert Article.objects.published().count() >= 110


def test_tags_follow_a_skewed_zipf_like_frequency():
    populate(posts=400)
    uses = sorted(
        Tag.objects.annotate(n=Count("tagged_articles")).values_list("n", flat=True), reverse=True
    )
    assert uses[0] > 5 * statistics.median(uses)


def test_populate_refuses_a_database_with_content_unless_told():
    populate(posts=10)
    with pytest.raises(CommandError, match="already has content"):
        populate(posts=10)
    populate(posts=12, reset=True)
    assert Article.objects.count() == 12
    populate(posts=12, if_needed=True)  # already built: nothing happens
    assert Article.objects.count() == 12


def test_populate_rejects_impossible_sizes():
    with pytest.raises(CommandError):
        populate(posts=0)


def test_bench_urls_lists_every_page_kind_and_each_url_works(client):
    populate()
    out = io.StringIO()
    call_command("bench_urls", stdout=out)
    pages = json.loads(out.getvalue())
    for kind in ("home", "post", "tag archive", "author archive", "briefing", "briefings index"):
        assert pages[kind], kind
    assert len(pages["post"]) >= 100
    for kind, paths in pages.items():
        if kind == "ceiling":
            continue
        for path in paths[:5]:
            assert client.get(path).status_code == 200, (kind, path)


def test_ceiling_page_does_not_exist_outside_bench_mode(client):
    assert client.get("/__bench__/ceiling/").status_code == 404


@pytest.mark.urls("bench.urls")
def test_ceiling_page_is_a_fixed_20_kb_page(client, page_cache):
    for _ in range(2):
        response = client.get("/ceiling/")
        assert response.status_code == 200
        assert len(response.content) == 20 * 1024
        assert response.get("X-Cache") is None


def test_bench_mode_reports_sql_queries_per_request(client, settings):
    settings.MIDDLEWARE = ["bench.middleware.QueryCountHeaderMiddleware", *settings.MIDDLEWARE]
    populate(posts=20, briefings=1)
    for _ in range(2):  # the second request finds the page count in the cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert int(response["X-SQL-Queries"]) == len(queries) > 0
