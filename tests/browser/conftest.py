"""Real-browser tests: Playwright drives Debian's Chromium against a live test server.

Run with `make test-browser` (never `playwright install`: the system browser is used).
Screenshots and accessibility reports go to artifacts/ (git-ignored, kept by CI).
"""

import contextlib
import json
import os
import select
import threading
import time
import warnings
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
# WCAG 2.0-2.2 A and AA, plus axe's best practices (landmarks, headings, regions).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


# What scrolls sideways on a page: the page itself, and any box in it (a table's
# wrapper...) but form controls, which scroll their own text.
SIDEWAYS = """() => ({
  page: document.scrollingElement.scrollWidth,
  inner: Array.from(document.querySelectorAll('body *'))
    .filter(e => !e.matches('select, textarea, input, iframe, .cke, .cke *'))
    .filter(e => {
      const overflow = getComputedStyle(e).overflowX;
      return (overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1;
    })
    .map(e => `${e.tagName}#${e.id}.${e.className} ${e.scrollWidth}/${e.clientWidth}`),
})"""


def scrolls_sideways(page, width):
    """What scrolls sideways on `page` at `width` px ({} when nothing does)."""
    found = page.evaluate(SIDEWAYS)
    return found if found["page"] > width or found["inner"] else {}


def photograph(target, path, tries=3, **options):
    """Save a screenshot of `target` (a page or a locator) to `path`.

    On a loaded machine headless Chromium now and then refuses a capture ("Unable to
    capture screenshot") while its compositor is busy. The picture is for people to look
    at, not what a test asserts, so it is tried again a few frames later, and a last
    refusal is a warning in the test report rather than a failed check."""
    page = getattr(target, "page", target)
    for attempt in range(1, tries + 1):
        try:
            target.screenshot(path=path, **options)
            return
        except PlaywrightError as error:
            if "Unable to capture screenshot" not in error.message:
                raise
            if attempt == tries:
                warnings.warn(f"no screenshot {path}: {error.message}", stacklevel=2)
                return
            page.wait_for_timeout(250 * attempt)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The live server serves static files from the apps (no collectstatic in tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class ServerConnections:
    """Counts the connections the live server has accepted and not yet finished with.

    A page closed at a test's end does not stop what the server is answering: an
    autosave sent a moment before goes on writing, in the one SQLite connection the
    server shares with the test, while the test's teardown empties that database. The
    flush then fails ("couldn't be flushed"), and the next test finds the last one's
    rows. So a browser test ends only once the server has finished with the browser.
    """

    def __init__(self, httpd):
        self.httpd = httpd
        self.open = 0
        self.changed = threading.Condition()
        accept, answer = httpd.process_request, httpd.process_request_thread

        def process_request(request, client_address):
            with self.changed:
                self.open += 1
            try:
                accept(request, client_address)  # starts a thread that runs the one below
            except BaseException:
                self.finished()
                raise

        def process_request_thread(request, client_address):
            try:
                answer(request, client_address)
            finally:
                self.finished()

        httpd.process_request = process_request
        httpd.process_request_thread = process_request_thread

    def finished(self):
        with self.changed:
            self.open -= 1
            self.changed.notify_all()

    def idle(self):
        # None open, and none waiting to be accepted (sent just before the page closed).
        waiting, _, _ = select.select([self.httpd.socket], [], [], 0)
        return not self.open and not waiting

    def wait_until_idle(self, timeout=15):
        deadline = time.monotonic() + timeout
        quiet = 0  # idle twice in a row: one accepted but not yet counted is not missed
        with self.changed:
            while quiet < 2:
                if time.monotonic() > deadline:
                    open_now = self.open
                    warnings.warn(f"the live server still had {open_now} open", stacklevel=3)
                    return
                quiet = quiet + 1 if self.idle() else 0
                self.changed.wait(0.05)


@pytest.fixture(scope="session")
def _live_server_connections(live_server):
    return ServerConnections(live_server.thread.httpd)


@pytest.fixture(autouse=True)
def _live_server_idle_before_the_database_is_emptied(request):
    # Set up after pytest-django's database fixtures and before the browser's page, so
    # torn down after the page is closed and before the database is emptied.
    if "live_server" not in request.fixturenames:
        yield
        return
    connections = request.getfixturevalue("_live_server_connections")
    yield
    connections.wait_until_idle()


@pytest.fixture
def page(page):
    page.set_default_timeout(20_000)
    yield page
    # Closing a form with unsaved typing sends its last copy as a beacon (unsaved_work.js).
    # Playwright does not see it, and it reached the server 2-12 ms after the teardown
    # began to wait for the server: the test is over, its page's work need not be kept.
    for open_page in page.context.pages:
        # A page closed, crashed or between documents has nothing to send.
        with contextlib.suppress(PlaywrightError):
            open_page.evaluate("navigator.sendBeacon = () => true")


@pytest.fixture
def audit():
    """audit(page, name): screenshot + axe report in artifacts/; returns violations by impact."""
    ARTIFACTS.mkdir(exist_ok=True)
    axe = Axe()

    def run(page, name):
        photograph(page, ARTIFACTS / f"{name}.png", full_page=True)
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        report = [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]],
            }
            for violation in violations
        ]
        (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(report, indent=2))
        by_impact = Counter()
        for violation in violations:
            by_impact[violation["impact"]] += len(violation["nodes"])
        return dict(by_impact), report

    return run


@pytest.fixture(autouse=True)
def _demo_pictures_drawn_once(demo_media):
    # Most browser tests load the demo: its pictures are drawn once a session.
    pass
