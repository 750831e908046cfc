"""The newsroom pipeline in a real browser, on the demo newsroom: My desk, the calendar
(month and week; an item dragged to another day, confirmed in a dialog), a post with its
notes, and a mention typed in a note reaching a real SMTP server.

Screenshots (artifacts/desk-*.png, calendar-*.png, post-with-notes.png) illustrate
docs/pipeline.md.
"""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from briefings.models import Entry
from pipeline.models import Assignment
from tests.browser.conftest import photograph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


@pytest.fixture
def demo_newsroom(live_server):
    for command in ("load_demo", "load_demo_briefings", "load_demo_pipeline"):
        call_command(command, stdout=io.StringIO())
    for user in get_user_model().objects.filter(username__in=["helen", "tom", "ruth", "priya"]):
        user.set_password(PASSWORD)
        user.save()


def log_in(page, base_url, username, next_path="/admin/"):
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def no_serious_violations(audit, page, name, within=None):
    """No serious or critical axe violation (on the page, or in the parts `within`
    selects: the post form's own are tests/browser/test_accessibility.py's business)."""
    _, report = audit(page, name)
    serious = [v for v in report if v["impact"] in {"serious", "critical"}]
    if within:
        inside = "(s, w) => { const e = document.querySelector(s); return !!(e && e.closest(w)); }"
        serious = [
            v
            for v in serious
            if any(page.evaluate(inside, [target[0], within]) for target in v["targets"])
        ]
    assert serious == [], serious


def test_an_editors_desk_and_calendar(page, live_server, demo_newsroom, audit):
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in(page, live_server.url, "helen")
    expect(page.get_by_role("heading", name="My desk")).to_be_visible()
    review = page.locator("section", has=page.get_by_role("heading", name="Waiting for my review"))
    expect(review).to_contain_text("Are spend controls still doing their job?")
    pitches = page.locator("section", has=page.get_by_role("heading", name="Pitches to decide"))
    expect(pitches).to_contain_text("What happened to the councils that left shared payroll?")
    inboxes = page.locator("section", has=page.get_by_role("heading", name="Briefing inboxes"))
    expect(inboxes).to_contain_text("Mutuals Briefing")
    no_serious_violations(audit, page, "desk-editor")

    # The calendar, on the month of tomorrow (which always shows today too).
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    page.get_by_role("link", name="Calendar", exact=True).first.click()
    page.goto(f"{live_server.url}/admin/desk/calendar/?date={tomorrow:%Y-%m-%d}")
    item = page.locator(".cal-item.cal-due", has_text="Are spend controls still doing their job?")
    expect(item).to_have_attribute("draggable", "true")
    no_serious_violations(audit, page, "calendar-month")

    # Drag the due date to tomorrow: a dialog asks first, then it moves.
    target = page.locator(f'td[data-day="{tomorrow:%Y-%m-%d}"]')
    item.drag_to(target)
    dialog = page.locator("#move-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(
        "Move the due date of “Are spend controls still doing their job?”"
    )
    photograph(page, "artifacts/calendar-move-dialog.png")
    article = Article.objects.get(slug="are-spend-controls-still-working")
    assert Assignment.objects.get(article=article).due_date == today  # nothing yet
    dialog.get_by_role("button", name="Move").click()
    expect(page.locator(".messagelist")).to_contain_text("Due date of “Are spend controls")
    assert Assignment.objects.get(article=article).due_date == tomorrow
    expect(target.locator(".cal-item", has_text="Are spend controls")).to_be_visible()

    # Cancelling changes nothing.
    target.locator(".cal-item", has_text="Are spend controls").drag_to(
        page.locator(f'td[data-day="{today:%Y-%m-%d}"]')
    )
    page.locator("#move-dialog").get_by_role("button", name="Cancel").click()
    expect(page.locator("#move-dialog")).to_be_hidden()
    assert Assignment.objects.get(article=article).due_date == tomorrow

    # The editor's briefing inbox: new posts on the Mutuals Briefing's topics.
    page.goto(live_server.url + "/admin/")
    inboxes.get_by_role("link", name="Mutuals Briefing").click()
    expect(page.locator(".inbox-title")).to_have_text(
        ["Leisure centre staff vote to run their service as a mutual"]
    )
    page.get_by_text("Add to section…", exact=True).click()  # click one
    no_serious_violations(audit, page, "briefing-inbox")
    section = page.locator(".section-choices button").first
    section_title = section.inner_text()
    section.click()  # click two
    expect(page.locator(".messagelist")).to_contain_text(f"to {section_title}")
    expect(page.locator(".desk-empty")).to_contain_text("The inbox is empty")
    assert Entry.objects.filter(article__slug="leisure-staff-vote-for-mutual").exists()

    page.goto(f"{live_server.url}/admin/desk/calendar/?date={tomorrow:%Y-%m-%d}")
    page.get_by_label("View", exact=True).select_option("week")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name=re.compile("^Week of"))).to_be_visible()
    no_serious_violations(audit, page, "calendar-week")


def test_a_journalist_notes_a_post_and_the_mention_is_emailed(
    page, live_server, demo_newsroom, audit, smtp_server
):
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in(page, live_server.url, "tom")
    assigned = page.locator("section", has=page.get_by_role("heading", name="Assigned to me"))
    expect(assigned).to_contain_text("Are spend controls still doing their job?")
    no_serious_violations(audit, page, "desk-journalist")
    assigned.get_by_role("link", name="Are spend controls still doing their job?").click()
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    expect(page.locator(".stage-step.is-current")).to_have_text("In review")

    # Quote a passage selected in the editor, and mention the editor.
    editor = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    editor.locator("p").first.click(click_count=3)
    page.get_by_role("button", name="Quote the text selected in the post").click()
    expect(page.locator("#note-quote")).not_to_have_value("")
    page.locator("#note-body").fill(
        "@helen the Cabinet Office statement is in: see this paragraph."
    )
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".messagelist")).to_contain_text("Note added.")
    expect(page.locator(".note-thread").last).to_contain_text("the Cabinet Office statement is in")
    page.wait_for_load_state("load")
    page.locator("#notes").scroll_into_view_if_needed()
    no_serious_violations(audit, page, "post-with-notes", within=".workflow-panel, #notes")
    photograph(page.locator(".workflow-panel"), "artifacts/post-workflow-panel.png")
    photograph(page.locator("#notes"), "artifacts/post-notes.png")
    assert smtp_server.mailbox.subjects("helen@newsroom.example") == [
        "Tom Okafor mentioned you on “Are spend controls still doing their job?”"
    ]
