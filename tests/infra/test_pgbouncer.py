"""The site through PgBouncer in transaction mode (deploy/pgbouncer/pgbouncer.ini).

Every query of these tests goes through a real PgBouncer to the tests' own primary: the
test database was made and migrated through it, pages are read and posts saved through
it, and each transaction may land on another server connection. What breaks there is
state that outlives a transaction: Django's server-side cursors (off with
DATABASE_TRANSACTION_POOLING) and session-level SETs (the site has none).
"""

import psycopg2
import pytest
from django.contrib.redirects.models import Redirect
from django.db import DatabaseError, connections
from django.urls import reverse

from articles.models import Article
from tests.briefing_factories import ArticleEntryFactory, BriefingFactory, SectionFactory
from tests.factories import ArticleFactory, AuthorFactory, SuperuserFactory
from tests.test_admin import article_form_data

pytestmark = [
    pytest.mark.infra,
    pytest.mark.django_db(transaction=True, databases=["default", "cursors"]),
]


def pgbouncer_show(infra, what):
    """PgBouncer's admin console: SHOW `what`, as a list of dicts."""
    console = psycopg2.connect(infra.pgbouncer.url("pgbouncer"))
    console.autocommit = True
    try:
        with console.cursor() as cursor:
            cursor.execute(f"SHOW {what}")
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        console.close()


def pooled_test_database_url(infra):
    """The test database, through PgBouncer, for a client of its own."""
    return infra.pgbouncer.url(connections["default"].settings_dict["NAME"])


def test_the_test_database_is_reached_through_pgbouncer_in_transaction_mode(infra):
    default = connections["default"].settings_dict
    assert (default["HOST"], int(default["PORT"])) == ("127.0.0.1", infra.pgbouncer.port)
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
    # No startup options pass PgBouncer: JIT is off on the server (docs/deployment.md).
    assert "options" not in default["OPTIONS"]
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
    config = {row["key"]: row["value"] for row in pgbouncer_show(infra, "CONFIG")}
    assert config["pool_mode"] == "transaction"
    Article.objects.exists()
    pools = [row for row in pgbouncer_show(infra, "POOLS") if row["database"].startswith("test_")]
    assert pools and pools[0]["pool_mode"] == "transaction"


def test_pages_and_an_admin_save_through_pgbouncer(infra, client):
    jo = AuthorFactory(name="Jo Marsh")
    story = ArticleFactory(title="Mutual pathfinder opens", authors=[jo], tags=["Mutuals"])
    briefing = BriefingFactory(title="Mutuals Briefing")
    ArticleEntryFactory(section=SectionFactory(briefing=briefing), article=story)
    pages = {
        "/": "Mutual pathfinder opens",
        story.get_absolute_url(): "Mutual pathfinder opens",
        "/tag/mutuals/": "Mutual pathfinder opens",
        "/author/jo-marsh/": "Mutual pathfinder opens",
        f"/{story.publish_at:%Y}/": "Mutual pathfinder opens",
        "/search/?q=pathfinder": "Mutual pathfinder opens",
        "/feed/": "Mutual pathfinder opens",
        "/sitemap-posts.xml": story.get_absolute_url(),
        "/briefings/": "Mutuals Briefing",
        "/briefings/mutuals-briefing/": "Mutual pathfinder opens",
    }
    for path, shown in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert shown in response.content.decode(), path

    editor = SuperuserFactory(username="editor")
    client.force_login(editor)
    data = article_form_data(jo, title="Council brings payroll back in-house", slug="payroll")
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    client.logout()
    saved = Article.objects.get(title="Council brings payroll back in-house")
    assert b"Council brings payroll back in-house" in client.get(saved.get_absolute_url()).content
    assert b"Council brings payroll back in-house" in client.get("/author/jo-marsh/").content


def test_a_search_leaves_no_time_limit_on_the_server_connection(infra, client, settings):
    """The search's statement_timeout is SET LOCAL: it ends with its transaction, so the
    next client of that server connection does not inherit it."""
    settings.SEARCH_TIMEOUT_MS = 1234
    ArticleFactory(title="Council outsourcing review")
    assert b"Council outsourcing review" in client.get("/search/?q=outsourcing").content
    other_client = psycopg2.connect(pooled_test_database_url(infra))
    try:
        with other_client.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"
    finally:
        other_client.close()


ROWS = 3000


def thousands_of_redirects():
    # What the WordPress importer leaves on an imported site: a table of thousands of rows.
    Redirect.objects.bulk_create(
        Redirect(site_id=1, old_path=f"/?p={n}", new_path=f"/2012/07/01/post-{n}/")
        for n in range(ROWS)
    )


def iterate_while_another_client_holds_a_transaction(infra, queryset):
    """Read `queryset` in chunks of 100; after the first chunk another client opens a
    transaction, taking the server connection the first chunk came from (PgBouncer hands
    out the most recently used one first), so the next chunks come from another one."""
    rows = queryset.iterator(chunk_size=100)
    read = [next(rows)]
    other = psycopg2.connect(pooled_test_database_url(infra))
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT 1")  # BEGIN; SELECT 1: held until the rollback
            read.extend(rows)
    finally:
        other.rollback()
        other.close()
    return read


def test_a_big_queryset_iteration_through_pgbouncer_reads_every_row(infra):
    thousands_of_redirects()
    paths = Redirect.objects.order_by("pk").values_list("old_path", flat=True)
    read = iterate_while_another_client_holds_a_transaction(infra, paths)
    assert len(read) == ROWS and read[:2] == ["/?p=0", "/?p=1"]


def test_without_transaction_pooling_the_same_iteration_loses_its_cursor(infra):
    """Why DATABASE_TRANSACTION_POOLING matters: Django's server-side cursor (DECLARE ...
    WITH HOLD outside a transaction) stays on one server connection, and the next FETCH
    may be sent to another."""
    thousands_of_redirects()
    paths = Redirect.objects.using("cursors").order_by("pk").values_list("old_path", flat=True)
    with pytest.raises((DatabaseError, psycopg2.Error), match="does not exist"):
        iterate_while_another_client_holds_a_transaction(infra, paths)
