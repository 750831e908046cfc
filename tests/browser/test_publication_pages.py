"""Pages, /corrections/, a corrected post and a story's timeline, in Chromium:
screenshots at a phone's and a desktop's width, light and dark, and axe-core with no
serious or critical WCAG 2.2 AA violation. Screenshots and axe reports:
artifacts/publication-*.png and artifacts/axe-publication-*.json."""

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.browser.conftest import scrolls_sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "page": lambda: "/about/",
    "corrections-policy": lambda: "/corrections-policy/",
    "corrections": lambda: "/corrections/",
    "story": lambda: "/tag/mutuals/story/",
    # Its correction, and the policy beside it.
    "corrected-post": lambda: Article.objects.get(
        slug="nao-finds-shared-services-erp-overrun"
    ).get_absolute_url(),
}


@pytest.fixture
def demo_site():
    call_command("load_demo", verbosity=0)
    call_command("load_demo_briefings", verbosity=0)
    call_command("load_demo_pages", verbosity=0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_publication_pages_look_right_and_pass_axe(
    page, live_server, audit, demo_site, name, width, scheme
):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + PAGES[name]())
    assert scrolls_sideways(page, width) == {}
    by_impact, report = audit(page, f"publication-{name}-{width}-{scheme}")
    assert not {"serious", "critical"} & set(by_impact), report


def test_the_menus_lead_to_the_pages_and_a_corrected_post_to_the_policy(
    page, live_server, demo_site
):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About us").click()
    page.wait_for_url("**/about/")
    assert page.get_by_role("heading", level=1).inner_text() == "About us"
    page.get_by_role("link", name="All corrections").click()
    page.wait_for_url("**/corrections/")
    page.locator(".correction .summary-title a").first.click()
    # The correction's own line on the post, and the policy beside it.
    page.wait_for_url("**/#update-*")
    page.get_by_role("link", name="Corrections policy").first.click()
    page.wait_for_url("**/corrections-policy/")


def test_jump_to_the_latest_lands_on_the_newest_post_of_the_story(page, live_server, demo_site):
    page.goto(live_server.url + "/tag/mutuals/")
    page.get_by_role("link", name="The story so far").click()
    page.wait_for_url("**/tag/mutuals/story/")
    page.get_by_role("link", name="Jump to the latest").click()
    latest = page.locator("#latest")
    assert latest.is_visible()
    titles = page.locator(".timeline-title").all_inner_texts()
    assert latest.locator(".timeline-title").inner_text() == titles[-1]
