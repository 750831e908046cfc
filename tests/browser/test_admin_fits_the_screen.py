"""The admin fits the screen (issue 17): at 1280 px wide no admin page scrolls sideways,
neither the page itself nor a table inside it, on a site where every list has rows.

Every list, add and change page of every model in the admin is loaded by a superuser
(who sees every column and button). Screenshots of the briefing form at 1280 and 390 px
go to artifacts/.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from briefings.models import Briefing
from tests.admin_pages import admin_pages, fill_every_admin_list
from tests.browser.conftest import ARTIFACTS, photograph, scrolls_sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full_site(live_server):
    return live_server.url, fill_every_admin_list()


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()


def test_no_admin_page_scrolls_sideways_at_1280_px(page, full_site):
    base_url, root = full_site
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base_url)
    too_wide = {}
    pages = list(admin_pages(root))
    for path in pages:
        response = page.goto(base_url + path)
        assert response.ok, path
        page.wait_for_load_state("load")
        if found := scrolls_sideways(page, 1280):
            too_wide[path] = found
    assert len(pages) > 35
    assert too_wide == {}


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_briefing_form(page, full_site, width):
    base_url, _root = full_site
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base_url)
    briefing = Briefing.objects.get(slug="mutuals-briefing")
    page.goto(base_url + reverse("admin:briefings_briefing_change", args=[briefing.pk]))
    page.wait_for_load_state("load")
    # Each entry is a card whose bar is its drag handle; a post's entry shows its picker
    # and note, not the empty boxes of an external link; a link's entry shows them.
    entries = page.locator(".djn-group-nested .djn-inline-form.djn-item")
    post_entry = entries.filter(has=page.locator("select option[selected][value]")).first
    expect(post_entry.locator("h3.djn-drag-handler")).to_be_visible()
    expect(post_entry.get_by_text("Post on this site:")).to_be_visible()
    expect(post_entry.get_by_label("External link:")).to_be_hidden()
    link_entry = entries.filter(has=page.locator("input[type=url][value^=http]")).first
    expect(link_entry.get_by_label("External link:")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    photograph(page, ARTIFACTS / f"briefing-form-{width}.png", full_page=True)
    assert scrolls_sideways(page, width) == {}
