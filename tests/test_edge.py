"""Purging the edge by key: what pages tell it, and purges that reach it after every change.

The edge here is a local HTTP server started by the test that records what it is sent
(Fastly's API is outside this machine; tests/test_edge_varnish.py runs a real Varnish).
Changes that must commit to be purged use `transactional_db`.
"""

import http.server
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from campaign4change.pagecache import edge
from campaign4change.pagecache.models import Invalidation
from tests.factories import ArticleFactory, AuthorFactory

EPOCH = "pc:epoch"


class FakeEdge:
    """An HTTP server that records every request and answers `status` after `delay`."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.delay = 0.0
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def handle_one(self):
                time.sleep(fake.delay)
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                fake.requests.append(
                    (self.command, self.path, dict(self.headers), time.monotonic())
                )
                self.send_response(fake.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_PURGE = do_POST = handle_one

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.netloc = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def purged(self, header="xkey"):
        """Every key purged so far, request by request."""
        return [set(request[2].get(header, "").split()) for request in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def eventually(check, timeout=3.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.02)


@pytest.fixture
def fake_edge():
    fake = FakeEdge()
    yield fake
    fake.close()


@pytest.fixture
def varnish_edge(settings, fake_edge):
    """Purges go to `fake_edge` as to Varnish, retried and repeated quickly."""
    settings.EDGE_PURGE = [f"varnish://{fake_edge.netloc}"]
    settings.EDGE_PURGE_RETRY_SECONDS = 0.2
    settings.EDGE_PURGE_REPEAT_SECONDS = 0.4
    yield fake_edge
    edge.stop()


def header_keys(response):
    assert response["Surrogate-Key"] == response["xkey"]
    return set(response["xkey"].split())


# What pages tell the edge -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache_on", [True, False])
def test_public_pages_name_their_keys_and_the_epoch_for_the_edge(
    client, settings, varnish_edge, page_cache_on
):
    settings.PAGE_CACHE = page_cache_on
    story = ArticleFactory(title="Mutual pathfinder opens", tags=["Mutuals"])
    for _ in range(2):  # rendered, then (page cache on) from the cache
        response = client.get(story.get_absolute_url())
        assert {f"articles.article:{story.pk}", "articles.tag:*", EPOCH} <= header_keys(response)
        assert response["Surrogate-Control"] == f"max-age={settings.PAGE_CACHE_TIMEOUT}"
        # Browsers still ask each time; only the edge keeps the page.
        assert response["Cache-Control"] == "max-age=0, must-revalidate"
    assert response.get("X-Cache") == ("HIT" if page_cache_on else None)


@pytest.mark.django_db
def test_without_an_edge_pages_tell_no_shared_cache_to_keep_them(client, page_cache):
    response = client.get(ArticleFactory().get_absolute_url())
    for header in ("Surrogate-Key", "xkey", "Surrogate-Control"):
        assert not response.has_header(header)


@pytest.mark.django_db
def test_pages_for_signed_in_users_and_the_admin_are_not_for_the_edge(
    admin_client, page_cache, varnish_edge
):
    story = ArticleFactory()
    for url in (story.get_absolute_url(), "/", reverse("admin:articles_article_changelist")):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert not response.has_header("Surrogate-Control") and not response.has_header("xkey")
        assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache_urls")
@pytest.mark.parametrize("path", ["/private/", "/no-store/", "/sets-cookie/", "/error/"])
def test_responses_that_must_not_be_shared_are_not_for_the_edge(
    client, page_cache, varnish_edge, path
):
    response = client.get(path)
    assert not response.has_header("Surrogate-Control") and not response.has_header("xkey")


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache_on", [True, False])
def test_a_page_changed_while_it_rendered_tells_the_edge_not_to_keep_it(
    client, settings, varnish_edge, retitled_while_rendering, page_cache_on
):
    settings.PAGE_CACHE = page_cache_on
    story = ArticleFactory(title="Mutual pathfinder opens")
    with retitled_while_rendering(story, "Changed mid-render"):
        response = client.get(story.get_absolute_url())
    assert response["Surrogate-Control"] == "no-store"
    assert not response.has_header("xkey")
    again = client.get(story.get_absolute_url())
    assert again["Surrogate-Control"].startswith("max-age=")


@pytest.mark.django_db
def test_with_the_cache_unreachable_the_edge_keeps_pages_only_briefly(
    client, unreachable_cache, page_cache, varnish_edge
):
    story = ArticleFactory()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert response["Surrogate-Control"] == f"max-age={edge.UNCERTAIN_MAX_AGE}"
    assert f"articles.article:{story.pk}" in header_keys(response)


def test_a_page_with_too_many_keys_names_their_groups_and_is_still_purged():
    posts = [f"articles.article:{pk}" for pk in range(1, 400)]
    value = edge.header_keys([*posts, "articles.tag:7:articles"])
    assert len(value) <= edge.MAX_HEADER_BYTES
    assert set(value.split()) == {EPOCH, "any:articles.article", "any:articles.tag"}
    # Whatever purges one of its keys purges the page.
    assert set(edge.purge_keys(["articles.article:123"])) & set(value.split())
    assert set(edge.purge_keys(["articles.tag:7:articles"])) & set(value.split())

    labels = [f"app{n}.model{n}:1" for n in range(400)]
    value = edge.header_keys(labels)
    assert set(value.split()) == {EPOCH, edge.EVERY_PAGE}
    assert edge.EVERY_PAGE in edge.purge_keys(["briefings.briefing:5"])


def test_keys_a_header_cannot_hold_are_named_alike_by_pages_and_purges():
    odd = "articles.search:council contract, delay"  # a space and a comma split keys
    in_page = edge.header_keys([odd]).split()
    assert edge.edge_key(odd) in in_page and edge.edge_key(odd) in edge.purge_keys([odd])
    assert all(" " not in key and "," not in key for key in in_page)


# Purges after commit ----------------------------------------------------------------------------


def all_purged_twice():
    return not Invalidation.objects.filter(edge_due_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_a_save_purges_its_keys_at_the_edge_after_commit_and_once_more_later(varnish_edge):
    story = ArticleFactory(title="Mutual pathfinder opens")
    eventually(all_purged_twice)
    varnish_edge.requests.clear()

    story.title = "Mutual pathfinder closes"
    story.save()
    saved = time.monotonic()
    row = Invalidation.objects.latest("pk")
    assert row.edge_purges == 0 and row.edge_due_at is not None
    eventually(all_purged_twice)
    assert Invalidation.objects.get(pk=row.pk).edge_purges == 2
    key = f"articles.article:{story.pk}"
    times = [request[3] for request in varnish_edge.requests if key in request[2]["xkey"].split()]
    assert varnish_edge.requests[0][:2] == ("PURGE", "/")
    assert times[0] - saved < 0.5  # at once, after the commit
    assert times[-1] - times[0] >= 0.4  # and again, EDGE_PURGE_REPEAT_SECONDS later


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_post_is_purged_at_the_edge_when_due_without_any_request(varnish_edge):
    from datetime import timedelta

    from django.utils import timezone

    post = ArticleFactory(publish_at=timezone.now() + timedelta(seconds=1))
    eventually(all_purged_twice)
    varnish_edge.requests.clear()
    # No reader reaches the app: the edge answers them. The sender looks for itself.
    eventually(lambda: any("articles.article:list" in keys for keys in varnish_edge.purged()))
    assert timezone.now() >= post.publish_at
    assert any(f"articles.article:{post.pk}" in keys for keys in varnish_edge.purged())


@pytest.mark.django_db(transaction=True)
def test_changes_committed_together_are_purged_in_one_request(varnish_edge):
    from django.db import transaction

    with transaction.atomic():
        first = ArticleFactory()
        second = ArticleFactory()
    eventually(lambda: varnish_edge.requests)
    assert {f"articles.article:{first.pk}", f"articles.article:{second.pk}"} <= (
        varnish_edge.purged()[0]
    )


@pytest.mark.django_db(transaction=True)
def test_a_save_never_waits_for_a_slow_edge(varnish_edge):
    varnish_edge.delay = 2.0  # connections accepted, no answer for a while
    started = time.monotonic()
    story = ArticleFactory()
    story.title = "Saved while the edge hangs"
    story.save()
    assert time.monotonic() - started < 1.0
    assert not Invalidation.objects.filter(edge_purges__gt=0).exists()
    eventually(lambda: not Invalidation.objects.filter(edge_purges=0).exists(), timeout=10)


@pytest.mark.django_db(transaction=True)
def test_a_purge_the_edge_refused_is_delivered_once_it_is_back(varnish_edge, caplog):
    varnish_edge.status = 503
    story = ArticleFactory()
    eventually(lambda: len(varnish_edge.requests) >= 2)  # the first try, and a retry
    assert not Invalidation.objects.filter(edge_purges__gt=0).exists()
    assert "Edge purge failed" in caplog.text

    varnish_edge.status = 200
    eventually(lambda: not Invalidation.objects.filter(edge_purges=0).exists())
    assert f"articles.article:{story.pk}" in set().union(*varnish_edge.purged())


@pytest.mark.django_db(transaction=True)
def test_every_configured_edge_must_take_a_purge(settings, varnish_edge):
    down = FakeEdge()
    down.status = 500
    settings.EDGE_PURGE = [f"varnish://{varnish_edge.netloc}", f"varnish://{down.netloc}"]
    try:
        ArticleFactory()
        eventually(lambda: varnish_edge.requests and down.requests)
        time.sleep(0.3)
        assert Invalidation.objects.filter(edge_purges=0).exists()
        down.status = 200
        eventually(lambda: not Invalidation.objects.filter(edge_purges=0).exists())
    finally:
        down.close()


# Fastly ---------------------------------------------------------------------------------------


@pytest.fixture
def fastly(settings, fake_edge):
    settings.EDGE_PURGE = ["fastly://SU1Z0isxPaozGVKXdv0eY"]
    settings.FASTLY_API_TOKEN = "fastly-token-for-tests"
    settings.FASTLY_API_URL = f"http://{fake_edge.netloc}"
    yield fake_edge
    edge.stop()


def test_fastly_purges_by_surrogate_key_at_most_256_keys_a_request(fastly):
    keys = [f"articles.article:{pk}" for pk in range(600)]
    edge.send(keys)
    assert len(fastly.requests) == 3
    for method, path, headers, _at in fastly.requests:
        assert (method, path) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
        assert headers["Fastly-Key"] == "fastly-token-for-tests"
        assert len(headers["Surrogate-Key"].split()) <= 256
    sent = set().union(*fastly.purged("Surrogate-Key"))
    assert sent == set(edge.purge_keys(keys))


@pytest.mark.django_db(transaction=True)
def test_a_save_purges_its_keys_at_fastly(fastly):
    author = AuthorFactory(name="Jo Marsh")
    author.name = "Jo Marsh-Okafor"
    author.save()
    eventually(
        lambda: any(
            {f"articles.author:{author.pk}", "articles.author:*"} <= keys
            for keys in fastly.purged("Surrogate-Key")
        )
    )


def test_fastly_refusing_a_purge_is_an_edge_failure(fastly):
    fastly.status = 401
    with pytest.raises(edge.EdgeUnavailable, match="401"):
        edge.send(["articles.article:1"])


# The command for cron ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_purge_edge_command_sends_what_is_due_and_fails_while_the_edge_refuses(
    settings, varnish_edge, capsys
):
    varnish_edge.status = 503
    ArticleFactory()
    edge.stop()  # no process of the site is running: only cron
    time.sleep(settings.EDGE_PURGE_RETRY_SECONDS)  # the purges come due
    with pytest.raises(CommandError, match="still due"):
        call_command("purge_edge")
    varnish_edge.status = 200
    call_command("purge_edge")
    assert "change(s) purged" in capsys.readouterr().out
    assert not Invalidation.objects.filter(edge_purges=0).exists()


@pytest.mark.django_db(transaction=True)
def test_purge_edge_all_purges_every_page(varnish_edge):
    call_command("purge_edge", "--all")
    assert any(EPOCH in keys for keys in varnish_edge.purged())


def test_purge_edge_command_without_an_edge_says_so():
    with pytest.raises(CommandError, match="DJANGO_EDGE_PURGE is not set"):
        call_command("purge_edge")
