"""The publication in a real browser, on the demo site: the front page, a post, a tag
archive and a briefing at 390 and 1280 px (and 768 for the front page and a post), light
and dark. Each is photographed into artifacts/screenshots/ and checked: axe-core finds
no serious or critical violation, nothing scrolls sideways, every picture loads, and
the page does not shift as it loads. Then what only a browser can tell: the lead
picture is fetched at once and the others lazily, "Copy link" copies, print hides what
paper cannot use.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import photograph
from tests.browser.publication import SCHEMES, SCREENSHOTS, WIDTHS, look_at, watch_layout_shifts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_briefings", verbosity=0)
    return live_server.url


def lead_post():
    return Article.objects.published().order_by("-is_sticky", "-publish_at").first()


PAGES = {
    "home": lambda: "/",
    "post": lambda: lead_post().get_absolute_url(),
    "tag-archive": lambda: "/tag/mutuals/",
    "briefing": lambda: "/briefings/mutuals-briefing/",
}
ALSO_AT_768 = {"home", "post"}


@pytest.mark.parametrize("name", list(PAGES))
def test_publication_pages_at_each_width_and_scheme(page, demo_site, name):
    watch_layout_shifts(page)
    url = demo_site + PAGES[name]()
    problems = []
    for width in (*WIDTHS, 768) if name in ALSO_AT_768 else WIDTHS:
        for scheme in SCHEMES:
            problems += look_at(page, url, name, width, scheme).problems
    assert problems == []


def test_the_lead_picture_is_fetched_at_once_and_the_others_when_near(page, demo_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo_site + "/")
    lead = page.locator(".lead-media img")
    expect(lead).not_to_have_attribute("loading", "lazy")
    assert lead.evaluate("img => img.complete && img.naturalWidth > 0")
    # A WebP rendition sized for the box, not the 1600-pixel original.
    assert lead.evaluate("img => img.currentSrc").endswith(".webp")
    for card in page.locator(".card-media img").all():
        expect(card).to_have_attribute("loading", "lazy")
        assert card.get_attribute("width") and card.get_attribute("height")
    # A post without a picture gets a typographic card, not an empty box.
    expect(page.locator(".card-placeholder")).to_have_count(1)


def test_copy_link_copies_the_posts_address(page, demo_site, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    post = lead_post()
    page.goto(demo_site + post.get_absolute_url())
    button = page.get_by_role("button", name="Copy link")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator(".share-status")).to_have_text("Link copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(post.get_absolute_url())


def test_without_javascript_there_is_no_copy_button_and_nothing_else_missing(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + lead_post().get_absolute_url())
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    for service in ("Email", "Mastodon", "Bluesky", "LinkedIn"):
        expect(page.locator(".share").get_by_role("link", name=service)).to_be_visible()
    context.close()


@pytest.mark.parametrize("name", ["post", "briefing"])
def test_printed_posts_and_briefings_keep_the_text_and_drop_the_screen_only_parts(
    page, demo_site, name
):
    page.goto(demo_site + PAGES[name]())
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    photograph(page, SCREENSHOTS / f"{name}-print.png", full_page=True)
    for screen_only in (".site-nav", ".site-search", ".site-footer", ".breadcrumbs"):
        expect(page.locator(screen_only).first).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    if name == "post":
        expect(page.locator(".post-actions")).to_be_hidden()
        assert page.locator(".post-body").evaluate("e => getComputedStyle(e).color") in (
            "rgb(0, 0, 0)",
        )
    else:
        link = page.locator(".entry-title[href^='http']").first
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert "http" in after or "attr(href)" in after
