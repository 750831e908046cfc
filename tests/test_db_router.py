"""Read replicas: public reads go to a replica, writes and transactions to the primary.

"replica" is a second alias on the same database (tests/conftest.py), as a real replica
would be a second server with the same data.
"""

import os

import pytest
from django.db import connections, models, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, SuperuserFactory
from tests.test_admin import article_form_data
from tests.test_deployment import settings_in

replica_db = pytest.mark.django_db(transaction=True, databases=["default", "replica", "replica2"])


@pytest.fixture
def router(settings):
    settings.DATABASE_ROUTERS = ["campaign4change.db_router.PrimaryReplicaRouter"]
    settings.DATABASE_REPLICAS = ["replica"]


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


@replica_db
def test_public_pages_read_from_the_replica(router, client):
    article = ArticleFactory(title="Read from a replica", tags=["Mutuals"])
    for url in ("/", article.get_absolute_url(), "/tag/mutuals/"):
        with queries_on("default") as primary, queries_on("replica") as replica:
            response = client.get(url)
        assert response.status_code == 200
        assert b"Read from a replica" in response.content
        assert len(replica) > 0
        assert len(primary) == 0, [q["sql"] for q in primary]


@replica_db
def test_searches_run_on_the_replica_under_their_time_limit(router, client):
    ArticleFactory(title="Council outsourcing review")
    with queries_on("default") as primary, queries_on("replica") as replica:
        response = client.get("/search/?q=outsourcing")
    assert b"Council outsourcing review" in response.content
    assert len(primary) == 0, [q["sql"] for q in primary]
    if connections["replica"].vendor == "postgresql":
        assert any("statement_timeout" in q["sql"] for q in replica)


@replica_db
def test_a_search_and_its_bylines_and_tags_read_from_one_replica(router, settings, client):
    settings.DATABASE_REPLICAS = ["replica", "replica2"]
    ArticleFactory(title="Council outsourcing review", tags=["Outsourcing"])
    search_tables = ("articles_article", "articles_articleauthor", "articles_taggedarticle")
    for _ in range(8):  # the replica is chosen at random for each query outside a search
        with queries_on("replica") as one, queries_on("replica2") as two:
            response = client.get("/search/?q=outsourcing")
        assert b"Council outsourcing review" in response.content
        # Everything the results need, on one replica (the footer's month list may not).
        used = [
            alias
            for alias, queries in (("replica", one), ("replica2", two))
            if any(
                table in q["sql"] and "trunc" not in q["sql"].lower()
                for q in queries
                for table in search_tables
            )
        ]
        assert len(used) == 1, used


@replica_db
def test_admin_writes_and_its_transaction_reads_use_the_primary(router, client):
    admin = SuperuserFactory(username="boss")
    client.force_login(admin)
    author = ArticleFactory().byline_authors[0]
    with queries_on("default") as primary, queries_on("replica") as replica:
        response = client.post(reverse("admin:articles_article_add"), article_form_data(author))
    assert response.status_code == 302
    assert Article.objects.filter(slug="council-brings-it-contract-back-in-house").exists()
    writes = [q["sql"] for q in primary if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert writes
    assert not [q["sql"] for q in replica if q["sql"].startswith(("INSERT", "UPDATE"))]


@replica_db
def test_reads_inside_a_transaction_use_the_primary(router):
    ArticleFactory()
    with transaction.atomic(), queries_on("replica") as replica:
        assert Article.objects.count() == 1
    assert len(replica) == 0
    from django.core.signals import request_started

    request_started.send(sender=None)  # a new request, which has written nothing yet
    with queries_on("replica") as replica:
        assert Article.objects.count() == 1
    assert len(replica) == 1


@replica_db
def test_after_writing_a_request_reads_its_own_writes_from_the_primary(router):
    from django.core.signals import request_started

    request_started.send(sender=None)
    with queries_on("replica") as replica:
        Article.objects.exists()
    assert len(replica) == 1
    ArticleFactory()
    with queries_on("replica") as replica:
        assert Article.objects.count() == 1
    assert len(replica) == 0
    request_started.send(sender=None)  # the next request reads from the replica again
    with queries_on("replica") as replica:
        Article.objects.exists()
    assert len(replica) == 1


def test_migrations_only_run_on_the_primary():
    from campaign4change.db_router import PrimaryReplicaRouter

    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica1", "articles")


def test_replica_urls_become_aliases_with_the_router():
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([sorted(s.DATABASES), s.DATABASE_REPLICAS, s.DATABASE_ROUTERS, "
        "s.DATABASES['replica2']['HOST'], s.DATABASES['replica2']['TEST']['MIRROR']]))"
    )
    assert settings_in(
        code,
        DATABASE_URL="postgres://app@primary.internal:5432/c4c",
        DATABASE_REPLICA_URLS=(
            "postgres://app@replica-a.internal:5432/c4c, postgres://app@replica-b.internal:5432/c4c"
        ),
    ) == [
        ["default", "replica1", "replica2"],
        ["replica1", "replica2"],
        ["campaign4change.db_router.PrimaryReplicaRouter"],
        "replica-b.internal",
        "default",
    ]


def test_without_replicas_there_is_no_router():
    from django.conf import settings as live

    if os.environ.get("DATABASE_REPLICA_URLS"):
        pytest.skip("replicas configured for this run")
    assert live.DATABASE_ROUTERS == []


@replica_db
def test_bulk_updates_find_the_rows_to_invalidate_on_the_primary(router):
    """A lagging replica must not hide from the page cache the rows an update changes."""
    from django.core.signals import request_started

    from articles.models import Author, Tag

    ArticleFactory(tags=["Mutuals"])
    for queryset, field in (
        (Article.objects, "title"),
        (Tag.objects, "name"),
        (Author.objects, "name"),
    ):
        request_started.send(sender=None)  # nothing written yet: reads would go to a replica
        with queries_on("replica") as replica:
            queryset.update(**{field: models.F(field)})
        assert len(replica) == 0, [q["sql"] for q in replica]


@replica_db
def test_after_a_save_the_same_browser_reads_from_the_primary_for_a_few_seconds(
    router, client, settings
):
    settings.DATABASE_REPLICA_PIN_SECONDS = 5
    client.force_login(SuperuserFactory(username="boss"))
    author = ArticleFactory().byline_authors[0]
    response = client.post(reverse("admin:articles_article_add"), article_form_data(author))
    assert response.status_code == 302
    pin = response.cookies["c4c_primary"]
    assert pin["max-age"] == 5 and pin["httponly"] and pin["samesite"] == "Lax"
    # The page the admin redirects to, and the post on the site: from the primary.
    for url in (response.url, "/"):
        with queries_on("default") as primary, queries_on("replica") as replica:
            assert client.get(url).status_code == 200
        assert len(primary) > 0 and len(replica) == 0, url
    # Once the cookie is gone (five seconds on), reads go back to the replica.
    del client.cookies["c4c_primary"]
    with queries_on("replica") as replica:
        client.get("/")
    assert len(replica) > 0


@replica_db
def test_reading_pages_sets_no_pin(router, client):
    ArticleFactory(title="Read only")
    response = client.get("/")
    assert "c4c_primary" not in response.cookies


def test_without_replicas_no_pin_is_set(client, db):
    client.force_login(SuperuserFactory(username="boss"))
    author = ArticleFactory().byline_authors[0]
    response = client.post(reverse("admin:articles_article_add"), article_form_data(author))
    assert response.status_code == 302 and "c4c_primary" not in response.cookies
