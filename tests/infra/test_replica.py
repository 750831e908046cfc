"""The read-replica router against a real hot standby streaming from the primary.

To see which server a page was read from, the replica is made to lag on purpose: its
replay of the primary's WAL is paused (pg_wal_replay_pause), so a post saved on the
primary is not on the replica until replay resumes. Public pages read from the
replica; the editor who saved the post reads it back from the primary (the cookie
ReadYourWritesMiddleware sets after a save, campaign4change/db_router.py).
"""

from contextlib import contextmanager

import pytest
from django.db import connections
from django.urls import reverse

from articles.models import Article
from campaign4change.db_router import PIN_COOKIE
from tests.factories import ArticleFactory, AuthorFactory, SuperuserFactory
from tests.test_admin import article_form_data

pytestmark = [
    pytest.mark.infra,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

TITLE = "Council brings payroll back in-house"


@pytest.fixture
def router(settings):
    settings.DATABASE_ROUTERS = ["campaign4change.db_router.PrimaryReplicaRouter"]
    settings.DATABASE_REPLICAS = ["replica"]
    settings.DATABASE_REPLICA_PIN_SECONDS = 5
    # Longer than the replica is made to lag below: the page cache (and the pieces and
    # counts it keeps) stores nothing read from a replica that may not have caught up.
    settings.PAGE_CACHE_SETTLE_SECONDS = 30


def on_replica(sql):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@contextmanager
def replica_lagging(infra):
    """The replica stops replaying what the primary writes, until the block ends."""
    infra.replica_caught_up()
    on_replica("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        on_replica("SELECT pg_wal_replay_resume()")
    infra.replica_caught_up()


def test_the_replica_is_a_hot_standby_streaming_from_the_primary(infra):
    replica = connections["replica"].settings_dict
    assert int(replica["PORT"]) == infra.replica.port
    assert on_replica("SELECT pg_is_in_recovery()") is True
    assert infra.primary.sql("SELECT state FROM pg_stat_replication") == "streaming"


def test_public_pages_read_the_replica_and_the_editor_who_saved_reads_the_primary(
    infra, router, page_cache, client, client_for
):
    jo = AuthorFactory(name="Jo Marsh")
    ArticleFactory(title="Mutual pathfinder opens", authors=[jo], tags=["Outsourcing"])
    editor = client_for(SuperuserFactory(username="editor"))
    with replica_lagging(infra):
        data = article_form_data(jo, title=TITLE, slug="payroll-in-house", tags=["Outsourcing"])
        response = editor.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 302
        assert PIN_COOKIE in response.cookies
        assert Article.objects.using("default").filter(title=TITLE).exists()

        # A reader is served from the replica, which has not replayed the save yet...
        for path in ("/", "/tag/outsourcing/", "/author/jo-marsh/"):
            page = client.get(path).content.decode()
            assert "Mutual pathfinder opens" in page and TITLE not in page, path
        # ...and so is the search, in its time-limited read-only transaction.
        assert "Mutual pathfinder" in client.get("/search/?q=pathfinder").content.decode()
        assert TITLE not in client.get("/search/?q=payroll").content.decode()

        # The editor sees the save at once: the list the admin goes back to, the site.
        assert TITLE in editor.get(response.url).content.decode()
        assert TITLE in editor.get("/").content.decode()
        # Without the cookie (five seconds later), the editor reads the replica again:
        # what the router did before it, for every request after the save.
        del editor.cookies[PIN_COOKIE]
        assert TITLE not in editor.get("/").content.decode()

    # Replay resumed: everyone sees the post.
    assert TITLE in client.get("/").content.decode()
    assert TITLE in client.get("/search/?q=payroll").content.decode()
