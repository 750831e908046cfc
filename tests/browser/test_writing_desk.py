"""The writing desk in a real browser (issue 17): autosave and restore, a question before
unsaved work is left, a form error that keeps the chosen image, buttons that say what
they do for each role, the word count and the search and sharing preview.

Screenshots of the article form at 1280 and 390 px go to artifacts/.
"""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from editorial.models import Autosave, KeptUpload
from editorial.roles import CONTRIBUTOR, JOURNALIST, assign_role
from tests.briefing_factories import ArticleEntryFactory, BriefingFactory, SectionFactory
from tests.browser.conftest import ARTIFACTS, photograph, scrolls_sideways
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory, SuperuserFactory
from tests.forms import change_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"
ADD = "/admin/articles/article/add/"
KEPT_STATUS = re.compile(r"Unsaved changes kept privately at \d\d:\d\d\.")


def person(role, username):
    user = StaffFactory(username=username)
    assign_role(user, role)
    AuthorFactory(name=f"{username.title()} Writer", user=user)
    return user


@pytest.fixture
def journalist(live_server):
    return person(JOURNALIST, "jo")


def log_in(page, base_url, username, next_path):
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    if "/articles/article/" in next_path:
        page.wait_for_selector("iframe.cke_wysiwyg_frame")
        page.wait_for_load_state("load")


def editor_body(page):
    return page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")


def type_in_body(page, text):
    editor_body(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def answer_dialogs(page, answers):
    """Accept or dismiss the page's dialogs in turn; returns the list of those shown."""
    shown = []

    def handle(dialog):
        shown.append((dialog.type, dialog.message))
        if answers.pop(0) if answers else True:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", handle)
    return shown


def restore_and_save(page, title, text, button):
    """Restore the offered version, check the form shows it, and press `button`."""
    page.locator(".autosave-offer").get_by_role("link", name="Restore it").click()
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    expect(page.get_by_label("Title:")).to_have_value(title)
    expect(editor_body(page)).to_contain_text(text)
    page.get_by_role("button", name=button, exact=True).click()


# 1. Never lose work -------------------------------------------------------------------


def test_typing_is_autosaved_and_restored_after_a_reload(page, live_server, journalist):
    post = ArticleFactory(title="Saved headline", authors=[journalist.author])
    log_in(page, live_server.url, "jo", change_url(post))
    page.get_by_label("Title:").fill("Better headline, typed")
    type_in_body(page, " A paragraph typed but never saved.")

    expect(page.locator("#autosave-status")).to_have_text(KEPT_STATUS, timeout=10_000)
    copy = Autosave.objects.get()
    assert copy.fields["title"] == "Better headline, typed"
    post.refresh_from_db()
    assert post.title == "Saved headline"  # nothing published, nothing saved

    shown = answer_dialogs(page, [True])
    page.reload()
    assert [kind for kind, _ in shown] == ["beforeunload"]
    offer = page.locator(".autosave-offer")
    expect(offer.get_by_role("heading")).to_have_text(
        re.compile(r"Restore the unsaved version from \d\d:\d\d\?")
    )
    offer.get_by_text("Compare it with the saved version").click()
    expect(offer.locator("ins").first).to_be_visible()
    expect(offer).to_contain_text("Better headline, typed")

    restore_and_save(page, "Better headline, typed", "A paragraph typed but never saved.", "Update")
    expect(page.locator(".messagelist .success")).to_contain_text("Updated")
    post.refresh_from_db()
    assert post.title == "Better headline, typed"
    assert "A paragraph typed but never saved." in post.body
    assert not Autosave.objects.exists()


def test_a_new_post_is_autosaved_and_found_again_after_leaving(page, live_server, journalist):
    log_in(page, live_server.url, "jo", ADD)
    page.get_by_label("Title:").fill("A scoop in the making")
    type_in_body(page, "First lines of a story nobody has saved.")
    expect(page.locator("#autosave-status")).to_have_text(KEPT_STATUS, timeout=10_000)

    answer_dialogs(page, [True])
    page.goto(live_server.url + "/admin/")  # the browser asks; leave anyway
    page.goto(live_server.url + ADD)
    offer = page.locator(".autosave-offer")
    expect(offer).to_contain_text("“A scoop in the making”")
    restore_and_save(page, "A scoop in the making", "First lines of a story", "Save draft")
    expect(page.locator(".messagelist .success")).to_contain_text("Draft saved")
    assert Article.objects.get().title == "A scoop in the making"
    assert not Autosave.objects.exists()


def test_typing_is_kept_when_the_page_closes_before_the_autosave(page, live_server, journalist):
    # The autosave waits for a 3 s pause; a tab closed sooner sends its last copy as it
    # goes (a beacon, which Playwright does not report: the database says it arrived).
    log_in(page, live_server.url, "jo", ADD)
    page.get_by_label("Title:").fill("Typed, then the tab was closed")
    assert not Autosave.objects.exists()
    page.close()
    deadline = time.monotonic() + 10
    while not Autosave.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert Autosave.objects.get().fields["title"] == "Typed, then the tab was closed"


def test_declining_the_unsaved_version_discards_it(page, live_server, journalist):
    post = ArticleFactory(title="Saved headline", authors=[journalist.author])
    Autosave.objects.create(
        user=journalist,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=post.pk,
        fields={"title": "Abandoned idea"},
        saved_at=timezone.now(),
    )
    log_in(page, live_server.url, "jo", change_url(post))
    page.locator(".autosave-offer").get_by_role("button", name="Discard it", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Discarded the unsaved version")
    expect(page.locator(".autosave-offer")).to_have_count(0)
    assert not Autosave.objects.exists()


def test_leaving_with_unsaved_changes_asks_first(page, live_server, journalist):
    post = ArticleFactory(draft=True, title="Draft in progress", authors=[journalist.author])
    log_in(page, live_server.url, "jo", change_url(post))
    history = page.get_by_role("link", name="History", exact=True)

    # Nothing changed: the form's own links just go.
    history.click()
    expect(page).to_have_url(re.compile(r"/history/$"))
    page.go_back()
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_load_state("load")

    page.get_by_label("Standfirst:").fill("A new standfirst, not saved.")
    shown = answer_dialogs(page, [False, False, True, False])
    history.click()  # "Stay"
    expect(page).to_have_url(re.compile(r"/change/$"))
    page.get_by_role("link", name="Create a preview link").click()  # "Stay"
    expect(page).to_have_url(re.compile(r"/change/$"))
    assert [kind for kind, _ in shown] == ["confirm", "confirm"]
    assert "changes that are not saved" in shown[0][1]
    history.click()  # "Leave": no second question from the browser
    expect(page).to_have_url(re.compile(r"/history/$"))
    assert [kind for kind, _ in shown] == ["confirm", "confirm", "confirm"]

    # Closing the tab asks too (the browser's own question): "Stay".
    page.go_back()
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_load_state("load")
    type_in_body(page, " More.")
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert shown[-1][0] == "beforeunload"
    assert not page.is_closed()


def test_the_newer_version_opens_beside_the_form_so_nothing_is_left(
    page, live_server, journalist, context
):
    post = ArticleFactory(title="Contested", authors=[journalist.author])
    log_in(page, live_server.url, "jo", change_url(post))
    Article.objects.filter(pk=post.pk).update(updated_at=timezone.now() + timedelta(seconds=5))
    page.get_by_label("Title:").fill("My version")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    with context.expect_page() as newer:
        page.get_by_role("link", name="Open the newer version").click()
    newer.value.wait_for_load_state()
    # The form is where it was, with the writer's words.
    expect(page.get_by_label("Title:")).to_have_value("My version")


def test_a_form_error_keeps_the_chosen_featured_image(page, live_server, journalist, tmp_path):
    image = Path(tmp_path) / "council-chamber.png"
    Image.new("RGB", (40, 30), "teal").save(image)
    log_in(page, live_server.url, "jo", ADD)
    page.get_by_label("Title:").fill("With a picture")
    type_in_body(page, "Words.")
    page.get_by_label("Featured image:").set_input_files(str(image))
    page.get_by_role("button", name="Save draft", exact=True).click()  # no alt text: an error

    expect(page.locator(".errornote")).to_be_visible()
    kept = page.locator(".kept-upload")
    expect(kept).to_contain_text("Chosen: council-chamber.png")
    expect(kept.locator("img")).to_be_visible()
    assert KeptUpload.objects.count() == 1
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.get_by_label("Featured image alt text:").fill("The council chamber, empty")
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Draft saved")
    article = Article.objects.get()
    assert article.featured_image.name.endswith(".png")
    assert not KeptUpload.objects.exists()


# 4. Publishing that says what it does -------------------------------------------------------


def test_a_contributor_saves_a_draft_and_submits_it_for_review(page, live_server):
    person(CONTRIBUTOR, "cora")
    log_in(page, live_server.url, "cora", ADD)
    bar = page.locator(".publishing-bar")
    expect(bar.get_by_role("button")).to_have_text(["Save draft", "Submit for review"])
    expect(bar.locator("#id_publish_at_0")).to_have_count(0)
    page.get_by_label("Title:").fill("A contributor's story")
    type_in_body(page, "Written by a contributor.")
    bar.get_by_role("button", name="Submit for review", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "Submitted for review: “A contributor's story” stays a draft until an editor publishes it."
    )
    assert Article.objects.get().status == Article.Status.DRAFT


def test_a_journalist_publishes_now_or_schedules_with_the_date_beside_the_button(
    page, live_server, journalist
):
    log_in(page, live_server.url, "jo", ADD)
    bar = page.locator(".publishing-bar")
    expect(bar.get_by_role("button", name="Save draft", exact=True)).to_be_visible()
    expect(bar.get_by_role("button", name="Publish now", exact=True)).to_be_visible()
    schedule = bar.get_by_role("button", name="Schedule", exact=True)
    expect(schedule).to_be_hidden()

    page.get_by_label("Title:").fill("Scheduled story")
    type_in_body(page, "Goes out next week.")
    when = timezone.localtime(timezone.now() + timedelta(days=7)).replace(
        hour=7, minute=0, second=0, microsecond=0
    )
    page.get_by_label("Publish date").fill(f"{when:%d/%m/%Y}")
    page.get_by_label("Publish time").fill("07:00:00")
    expect(schedule).to_be_visible()
    schedule.click()
    expected = f"Scheduled for {when:%a} {when.day} {when:%b}, 07:00"
    expect(page.locator(".messagelist .success")).to_contain_text(expected)
    expect(page.locator(".publishing-state")).to_contain_text(expected)
    article = Article.objects.get()
    assert article.is_scheduled and article.publish_at == when

    page.get_by_role("button", name="Publish now", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published:")
    expect(page.locator(".publishing-bar").get_by_role("button")).to_have_text(
        ["Update", "Unpublish"]
    )
    assert Article.objects.get().is_published


def test_word_count_and_search_preview_follow_the_typing(page, live_server, journalist):
    log_in(page, live_server.url, "jo", ADD)
    type_in_body(page, "One two three four five six seven eight nine ten.")
    expect(page.locator("#body-word-count")).to_have_text("10 words · 1 min read")
    long_title = "A headline that goes on and on well past what a search result shows"
    page.get_by_label("Title:").press_sequentially(long_title)  # keys fill in the slug
    preview = page.locator("#search-preview")
    expect(preview.locator(".search-result-title")).to_contain_text(long_title)
    expect(preview.locator(".preview-warnings")).to_contain_text(
        f"The title has {len(long_title)} characters: search results show about 60"
    )
    expect(preview.locator(".preview-url")).to_contain_text("/a-headline-that-goes-on")
    page.get_by_label("Standfirst:").fill("A standfirst. " * 13)
    warnings = preview.locator(".preview-warnings")
    expect(warnings).to_contain_text("The standfirst has 181 characters")
    expect(preview.locator(".search-result-description")).to_contain_text("A standfirst.")


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_article_form(page, live_server, journalist, width):
    post = ArticleFactory(
        title="Council mutual spins out of the county",
        standfirst="Staff vote to run the service themselves.",
        tags=["Mutuals"],
        authors=[journalist.author],
        draft=True,
    )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "jo", change_url(post))
    type_in_body(page, " Typed a little more.")
    expect(page.locator("#autosave-status")).to_have_text(KEPT_STATUS, timeout=10_000)
    ARTIFACTS.mkdir(exist_ok=True)
    # As the writer sees it (the button bar at the foot of the window), then the whole
    # form (scrolled to its end, so that the bar is in its place under the form).
    photograph(page, ARTIFACTS / f"article-form-{width}-window.png")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    photograph(page, ARTIFACTS / f"article-form-{width}.png", full_page=True)
    assert scrolls_sideways(page, width) == {}


def test_the_briefing_form_asks_before_leaving_only_when_something_changed(page, live_server):
    briefing = BriefingFactory(title="Mutuals Briefing")
    ArticleEntryFactory(section=SectionFactory(briefing=briefing))
    SuperuserFactory(username="root")
    log_in(page, live_server.url, "root", change_url(briefing))
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_load_state("load")
    shown = answer_dialogs(page, [True])
    page.get_by_role("link", name="History", exact=True).click()
    expect(page).to_have_url(re.compile(r"/history/$"))
    assert shown == []  # nothing changed: nothing to ask

    page.go_back()
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_load_state("load")
    page.get_by_label("Note on this change:").fill("Added the progress report")
    page.get_by_role("link", name="History", exact=True).click()
    expect(page).to_have_url(re.compile(r"/history/$"))
    assert [kind for kind, _ in shown] == ["confirm"]
