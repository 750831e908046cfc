"""The Content Security Policy holds in a real browser: no violation is reported on the
public pages, nor in the admin with CKEditor loaded (issue 5).

Needs the browser fixtures of tests/browser/conftest.py (pytest-playwright with the
system Chromium, live_server with async-unsafe database access allowed).
"""

import pytest

pytest.importorskip("playwright")

from tests.briefing_factories import BriefingFactory, ExternalEntryFactory, SectionFactory  # noqa: E402
from tests.factories import ArticleFactory, SuperuserFactory  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reported by the page itself, so nothing the browser reports is missed.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


@pytest.fixture
def watched_page(page):
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(LISTEN)
    page.csp_console = console
    return page


def violations(page):
    return page.evaluate("window.__cspViolations") + page.csp_console


def test_public_pages_raise_no_csp_violations(live_server, watched_page):
    article = ArticleFactory(tags=["Mutuals"], title="Council mutual spins out")
    briefing = BriefingFactory(title="Mutuals Briefing", tags=["Mutuals"])
    ExternalEntryFactory(section=SectionFactory(briefing=briefing))
    for path in [
        "/",
        article.get_absolute_url(),
        "/tag/mutuals/",
        "/briefings/",
        briefing.get_absolute_url(),
    ]:
        watched_page.goto(live_server.url + path)
        watched_page.wait_for_load_state("networkidle")
        assert violations(watched_page) == [], path


def test_the_admin_with_ckeditor_raises_no_csp_violations(live_server, watched_page, client):
    SuperuserFactory(username="root")
    page = watched_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/articles/article/add/")
    frame = page.frame_locator(".cke_wysiwyg_frame")
    frame.locator("body").click()
    page.keyboard.type("Typed in CKEditor under the policy.")
    assert "Typed in CKEditor" in frame.locator("body").inner_text()
    # The toolbar's buttons are live (CKEditor's inline handlers are allowed in the admin).
    page.click(".cke_button__bold")
    page.click(".cke_button__image")
    page.wait_for_selector(".cke_dialog", state="visible")
    page.goto(live_server.url + "/admin/briefings/briefing/add/")
    page.wait_for_selector(".cke_wysiwyg_frame")
    assert violations(page) == []
