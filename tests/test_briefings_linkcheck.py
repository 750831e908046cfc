"""The link checker against a real HTTP server started here, on 127.0.0.1."""

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from briefings.models import Entry
from tests.briefing_factories import ArticleEntryFactory, ExternalEntryFactory, SectionFactory

pytestmark = pytest.mark.django_db
TIMEOUT = "1"
HUGE = 10 * 1024**3  # 10 GB announced; only what fits in socket buffers is ever sent
CHUNK = b"x" * 65536


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.route(send_body=False)

    def do_GET(self):
        self.route(send_body=True)

    def route(self, send_body):
        server = self.server
        with server.lock:
            server.requests[(self.command, self.path)] += 1
            server.user_agents.add(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/ok":
            self.answer(200, send_body)
        elif path == "/moved":
            self.answer(301, send_body, location="/ok")
        elif path == "/loop":
            self.answer(302, send_body, location="/loop")
        elif path == "/missing":
            self.answer(404, send_body)
        elif path == "/error":
            self.answer(500, send_body)
        elif path == "/head-refused":
            self.answer(405 if self.command == "HEAD" else 200, send_body)
        elif path == "/slow":
            # Far beyond the checker's timeout; ends early when the test finishes.
            server.stopping.wait(10)
            self.answer(200, send_body)
        elif path == "/huge":
            self.huge(send_body and self.command == "GET")
        elif path.startswith("/together/"):
            # Both requests must be in flight at once to get past the barrier.
            try:
                server.barrier.wait()
                self.answer(200, send_body)
            except threading.BrokenBarrierError:
                self.answer(503, send_body)
        else:
            self.answer(404, send_body)

    def answer(self, status, send_body, location=None):
        body = b"<p>hello</p>"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def huge(self, send_body):
        if not send_body:  # a server that refuses HEAD, so the checker has to GET it
            self.answer(405, False)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        try:
            while self.server.huge_bytes_sent < HUGE and not self.server.stopping.is_set():
                self.wfile.write(CHUNK)
                self.server.huge_bytes_sent += len(CHUNK)
        except OSError:
            pass  # the checker hung up without reading: what it should do

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.lock = threading.Lock()
    server.requests = Counter()
    server.user_agents = set()
    server.stopping = threading.Event()
    server.barrier = threading.Barrier(2, timeout=3)
    server.huge_bytes_sent = 0
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()


def link(url):
    return ExternalEntryFactory(url=url, title=url)


def check(*args):
    call_command("check_briefing_links", "--timeout", TIMEOUT, *args)


def test_checker_records_status_final_url_errors_and_time_for_every_kind_of_link(web, capsys):
    base = web.base
    entries = {
        name: link(url)
        for name, url in {
            "ok": f"{base}/ok",
            "moved": f"{base}/moved",
            "missing": f"{base}/missing",
            "error": f"{base}/error",
            "slow": f"{base}/slow",
            "huge": f"{base}/huge",
            "head-refused": f"{base}/head-refused",
            "loop": f"{base}/loop",
            "dns": "http://does-not-exist.invalid/",
            "tls": f"https://127.0.0.1:{web.server_address[1]}/ok",
        }.items()
    }
    article_entry = ArticleEntryFactory()
    check()
    out = capsys.readouterr().out
    for entry in entries.values():
        entry.refresh_from_db()
        assert entry.link_checked_at is not None
    ok = entries["ok"]
    assert (ok.link_status, ok.link_final_url, ok.link_error, ok.is_broken) == (
        200,
        f"{base}/ok",
        "",
        False,
    )
    moved = entries["moved"]
    assert (moved.link_status, moved.link_final_url, moved.is_broken) == (200, f"{base}/ok", False)
    assert moved.was_redirected
    assert (entries["missing"].link_status, entries["missing"].is_broken) == (404, True)
    assert (entries["error"].link_status, entries["error"].is_broken) == (500, True)
    assert entries["slow"].link_error == "No answer within 1 seconds"
    assert entries["slow"].link_status is None and entries["slow"].is_broken
    assert (entries["huge"].link_status, entries["huge"].is_broken) == (200, False)
    assert entries["head-refused"].link_status == 200
    assert entries["loop"].link_error == "More than 10 redirects"
    assert entries["dns"].link_error.startswith("Could not connect")
    assert entries["tls"].link_error.startswith("Could not connect")
    assert entries["tls"].is_broken
    article_entry.refresh_from_db()
    assert article_entry.link_checked_at is None  # posts on this site are not checked
    assert set(Entry.objects.broken()) == {
        entries[name] for name in ("missing", "error", "slow", "loop", "dns", "tls")
    }
    assert "Checked 10 link(s), 10 address(es)" in out and "6 broken" in out
    assert f"Broken: {base}/missing (HTTP 404)" in out


def test_checker_reads_headers_not_bodies(web):
    huge = link(f"{web.base}/huge")
    check()
    huge.refresh_from_db()
    assert huge.link_status == 200
    # The server could only push what the socket buffers took before the checker hung up.
    assert web.huge_bytes_sent < HUGE / 100


def test_checker_asks_with_head_first_and_get_only_when_head_fails(web):
    link(f"{web.base}/ok")
    link(f"{web.base}/head-refused")
    link(f"{web.base}/missing")
    check()
    assert web.requests[("HEAD", "/ok")] == 1 and web.requests[("GET", "/ok")] == 0
    assert web.requests[("GET", "/head-refused")] == 1
    assert web.requests[("GET", "/missing")] == 1


def test_checker_is_polite_identifies_itself_and_requests_each_address_once(web):
    section = SectionFactory()
    ExternalEntryFactory.create_batch(3, section=section, url=f"{web.base}/ok")
    check()
    assert web.requests[("HEAD", "/ok")] == 1
    assert {entry.link_status for entry in Entry.objects.all()} == {200}
    (agent,) = web.user_agents
    assert agent.startswith("Campaign4Change-LinkChecker/")


def test_checker_sends_requests_concurrently(web):
    # Each /together/ request waits until the other has arrived: checked one after the
    # other, the first would give up at the barrier and be recorded as a 503.
    first, second = link(f"{web.base}/together/1"), link(f"{web.base}/together/2")
    call_command("check_briefing_links", "--timeout", "5")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.link_status, second.link_status) == (200, 200)


def test_a_recovered_link_clears_its_old_error(web):
    entry = link(f"{web.base}/ok")
    Entry.objects.filter(pk=entry.pk).update(link_error="Could not connect", link_status=None)
    check()
    entry.refresh_from_db()
    assert (entry.link_error, entry.link_status, entry.is_broken) == ("", 200, False)


def test_checker_can_be_limited_to_one_briefing(web):
    mine = link(f"{web.base}/ok")
    other = link(f"{web.base}/missing")
    check("--briefing", mine.section.briefing.slug)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.link_checked_at is not None and other.link_checked_at is None


def test_checker_refuses_bad_options():
    with pytest.raises(CommandError, match="No briefing"):
        check("--briefing", "nope")
    with pytest.raises(CommandError, match="timeout"):
        call_command("check_briefing_links", "--timeout", "0")


def test_checker_with_no_links_says_so(capsys):
    check()
    assert "Checked 0 link(s)" in capsys.readouterr().out
