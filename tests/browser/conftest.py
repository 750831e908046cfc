"""Real-browser tests: Playwright drives Debian's Chromium against a live test server.

Run with `make test-browser` (never `playwright install`: the system browser is used).
Screenshots and accessibility reports go to artifacts/ (git-ignored, kept by CI).
"""

import json
import os
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


@pytest.fixture
def page(page):
    page.set_default_timeout(20_000)
    return page


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
