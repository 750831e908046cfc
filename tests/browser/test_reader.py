"""A reader in a real browser: home → post → tag → author → search → feed."""

import re

import feedparser
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", verbosity=0)
    return live_server.url


def test_reader_goes_from_home_to_post_tag_author_search_and_feed(page, demo_site):
    page.goto(demo_site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaign4Change: the latest news")

    page.locator(".lead-title a").click()
    expect(page).to_have_url(re.compile(r"/\d{4}/\d{2}/\d{2}/[\w-]+/$"))
    post_title = page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".post-body p").count() > 0

    tag_link = page.locator(".post-footer .tag-list a").first
    tag_name = tag_link.inner_text()
    tag_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tag Archives: {tag_name}")
    expect(page.get_by_role("link", name=post_title, exact=True)).to_be_visible()

    author_link = page.locator(".summary .byline a").first
    author_name = author_link.inner_text()
    author_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Posts by {author_name}")

    page.get_by_role("search", name="Site").get_by_role("searchbox").fill("mutual")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=mutual$"))
    expect(page.get_by_role("status")).to_contain_text("found")
    assert page.locator(".snippet mark").count() > 0

    feed_href = page.get_by_role("link", name="All posts (RSS)").get_attribute("href")
    feed = feedparser.parse(page.request.get(demo_site + feed_href).body())
    assert not feed.bozo and len(feed.entries) > 5
    autodiscovered = page.locator('link[rel="alternate"][type="application/rss+xml"]').first
    assert autodiscovered.get_attribute("href") == feed_href


def test_pages_read_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/")
    page.locator(".summary-title a").first.click()
    expect(page.locator(".post-body")).to_be_visible()
    page.goto(demo_site + "/search/?q=council")
    expect(page.get_by_role("status")).to_contain_text("found")
    # The month list folds by year with <details>, which needs no script.
    page.locator(".archive-years summary").nth(1).click()
    expect(page.locator(".archive-years details").nth(1)).to_have_attribute("open", "")
    context.close()


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_layout_fits_the_screen_without_sideways_scrolling(page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/", "/tag/mutuals/", "/search/?q=mutual"):
        page.goto(demo_site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    post = page.locator(".summary-title a").first
    href = post.get_attribute("href")
    post.click()
    page.wait_for_url(f"**{href}")  # measured on the post, not on the page it leaves
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page, demo_site):
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
