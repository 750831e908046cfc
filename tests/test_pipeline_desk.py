"""My desk, the editorial calendar and the calendar feed: what each shows, to whom, and
at a cost in queries that does not grow with the number of posts."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from pipeline import ical
from pipeline.models import Assignment, Note, Stage
from tests.factories import ArticleFactory, StaffFactory
from tests.pipeline_helpers import CALENDAR, DESK, KIND, MOVE, messages_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def story(writer, kind, title, due=None, editor=None, pitched_by=None, **kwargs):
    kwargs.setdefault("publish_at", None)  # a draft has no date until a person chooses one
    article = ArticleFactory(authors=[writer.author], draft=True, title=title, **kwargs)
    Assignment.objects.create(
        article=article,
        stage=Stage.objects.get(kind=kind),
        assignee=None if kind == KIND.PITCH else writer,
        due_date=due,
        editor=editor,
        pitched_by=pitched_by,
    )
    return article


def section(html, heading):
    """The text of one card of the desk, from its heading to the next card."""
    start = html.index(f">{heading}</h2>")
    end = html.find("<section", start)
    return html[start : end if end != -1 else None]


def titles_in(html):
    found = re.findall(r'class="(?:desk|cal)-title" href="[^"]*">([^<]+)</a>', html)
    return [unescape(title) for title in found]


def test_my_desk_is_the_front_page_with_my_work_by_due_date_overdue_first(newsroom):
    jo = newsroom.jo
    story(jo, KIND.WRITING, "No date yet")
    story(jo, KIND.WRITING, "Due next week", due=TODAY() + timedelta(days=7))
    story(jo, KIND.ASSIGNED, "Was due yesterday", due=TODAY() - timedelta(days=1))
    story(jo, KIND.REVIEW, "Due tomorrow", due=TODAY() + timedelta(days=1))
    story(newsroom.sam, KIND.WRITING, "Someone else's", due=TODAY())
    story(jo, KIND.PITCH, "My idea", pitched_by=jo)
    ArticleFactory(authors=[jo.author], title="Out yesterday")
    html = newsroom.clients.jo.get(DESK).content.decode()
    assigned = section(html, "Assigned to me")
    assert titles_in(assigned) == [
        "Was due yesterday",
        "Due tomorrow",
        "Due next week",
        "No date yet",
    ]
    assert "Overdue: was due" in assigned
    assert titles_in(section(html, "My pitches")) == ["My idea"]
    assert titles_in(section(html, "Recently published")) == ["Out yesterday"]
    assert "Pitches to decide" not in html  # editors only


def test_an_editors_desk_has_reviews_and_pitches_to_decide(newsroom):
    ed, jo = newsroom.ed, newsroom.jo
    story(jo, KIND.REVIEW, "For Ed", editor=ed)
    story(jo, KIND.REVIEW, "For any editor")
    story(jo, KIND.REVIEW, "For another editor", editor=StaffFactory(username="other"))
    story(newsroom.sam, KIND.PITCH, "Sam's idea", pitched_by=newsroom.sam)
    html = newsroom.clients.ed.get(DESK).content.decode()
    assert sorted(titles_in(section(html, "Waiting for my review"))) == ["For Ed", "For any editor"]
    assert titles_in(section(html, "Pitches to decide")) == ["Sam's idea"]
    # A journalist reviews nothing that is not theirs.
    assert (
        titles_in(section(newsroom.clients.jo.get(DESK).content.decode(), "Waiting for my review"))
        == []
    )


def test_the_desk_counts_open_notes(newsroom):
    article = story(newsroom.jo, KIND.WRITING, "Noted")
    Note.objects.create(article=article, author=newsroom.ed, body="One")
    Note.objects.create(article=article, author=newsroom.ed, body="Two", resolved_at=timezone.now())
    assert "1 open note" in newsroom.clients.jo.get(DESK).content.decode()


def test_staff_without_a_newsroom_role_get_the_plain_admin_index(client):
    client.force_login(StaffFactory(username="ops"))
    response = client.get(DESK)
    assert response.status_code == 200
    assert "My desk" not in response.content.decode()


def test_the_desk_is_for_signed_in_staff_only(client):
    assert client.get(DESK).status_code == 302
    assert client.get(CALENDAR).status_code == 302


def populate(newsroom, count, start=0):
    for n in range(start, start + count):
        noted = story(
            newsroom.jo,
            KIND.WRITING,
            f"Story {n}",
            due=TODAY() + timedelta(days=n % 20),
            editor=newsroom.ed,
        )
        story(
            newsroom.jo,
            KIND.REVIEW,
            f"Review {n}",
            due=TODAY() + timedelta(days=n % 9),
            editor=newsroom.ed,
        )
        story(newsroom.sam, KIND.PITCH, f"Pitch {n}", pitched_by=newsroom.sam)
        ArticleFactory(authors=[newsroom.jo.author], title=f"Live {n}", tags=["Cuts"])
        ArticleFactory(
            authors=[newsroom.jo.author],
            title=f"Later {n}",
            tags=["Cuts"],
            publish_at=timezone.now() + timedelta(days=1 + n % 15),
        )
        Note.objects.create(article=noted, author=newsroom.ed, body="A note")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("who", ["ed", "jo"])
@pytest.mark.parametrize(
    "url",
    [DESK, CALENDAR, CALENDAR + "?view=week", CALENDAR + "?stage=writing&tag=Cuts&person=1"],
)
def test_desk_and_calendar_queries_do_not_grow_with_the_posts(newsroom, who, url):
    client = getattr(newsroom.clients, who)
    populate(newsroom, 2)
    few, _ = queries(client, url)
    populate(newsroom, 25, start=2)
    many, html = queries(client, url)
    assert many == few, (few, many)
    assert many <= 25
    if url == DESK:
        assert html.count('class="desk-item') > 20


def test_the_month_shows_due_dates_and_publish_times_on_their_days(newsroom):
    # At noon, so that 23:30 today is still to come (run after 23:30, the post was out).
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=True):
        jo, today = newsroom.jo, TODAY()
        story(jo, KIND.WRITING, "Due today", due=today)
        at = noon.replace(hour=23, minute=30)
        scheduled = ArticleFactory(authors=[jo.author], title="Goes out tonight", publish_at=at)
        Assignment.objects.create(article=scheduled, stage=Stage.objects.get(kind=KIND.READY))
        html = newsroom.clients.ed.get(CALENDAR).content.decode()
    cell = html[html.index(f'data-day="{today:%Y-%m-%d}"') :]
    cell = cell[: cell.index("</td>")]
    assert "Due today" in cell and "Goes out tonight" in cell
    assert "Goes live 23:30" in cell
    # Both may be moved by an editor (a due date; a Ready post's publish time).
    assert 'data-item="due-' in cell and f'data-item="publish-{scheduled.pk}"' in cell


def test_the_calendar_filters_by_stage_person_and_tag(newsroom):
    jo, sam = newsroom.jo, newsroom.sam
    story(jo, KIND.WRITING, "Jo writing", due=TODAY(), tags=["Cuts"])
    story(jo, KIND.REVIEW, "Jo in review", due=TODAY())
    story(sam, KIND.WRITING, "Sam writing", due=TODAY())
    client = newsroom.clients.ed

    def shown(query):
        return sorted(titles_in(client.get(f"{CALENDAR}?{query}").content.decode()))

    assert shown("") == ["Jo in review", "Jo writing", "Sam writing"]
    assert shown("stage=writing") == ["Jo writing", "Sam writing"]
    assert shown(f"person={jo.pk}") == ["Jo in review", "Jo writing"]
    assert shown("tag=cuts") == ["Jo writing"]
    assert shown("view=week&stage=review") == ["Jo in review"]
    # Nonsense in the filters is ignored, never an error.
    assert shown("stage=nope&person=abc&date=2026-99-99&view=year") == shown("")
    assert shown("stage=review&person=abc") == ["Jo in review"]  # the good filter applies
    for query in ["date=0001-01-01", "date=9999-12-31&view=week", "tag=" + "x" * 500]:
        assert client.get(f"{CALENDAR}?{query}").status_code == 200, query
    smuggled = f"{MOVE}?item=due-1&back=%0D%0ALocation:%20http://evil.example"
    assert client.get(smuggled).status_code == 200
    response = client.post(smuggled, {"item": "due-1", "day": "2000-01-01"})
    assert response.status_code == 302
    assert response["Location"].startswith(CALENDAR + "?")
    assert "\n" not in response["Location"]


def test_the_calendar_shows_each_person_only_the_posts_they_may_open(newsroom):
    story(newsroom.jo, KIND.WRITING, "Jo's draft", due=TODAY())
    story(newsroom.sam, KIND.WRITING, "Sam's draft", due=TODAY())
    html = newsroom.clients.sam.get(CALENDAR).content.decode()
    assert titles_in(html) == ["Sam's draft"]
    assert 'draggable="true"' not in html  # a contributor sets no due dates


def test_moving_a_due_date_asks_first_then_moves_it(newsroom, act):
    article = story(newsroom.jo, KIND.WRITING, "Council cuts", due=TODAY())
    day = TODAY() + timedelta(days=3)
    confirm = newsroom.clients.ed.get(f"{MOVE}?item=due-{article.pk}&day={day}")
    assert "Move the due date of" in confirm.content.decode()
    assert Assignment.objects.get(article=article).due_date == TODAY()  # not yet
    response = act(newsroom.clients.ed, MOVE, {"item": f"due-{article.pk}", "day": day})
    assert response.status_code == 302
    assert Assignment.objects.get(article=article).due_date == day
    assert any("moved to" in message for message in messages_of(response))


def test_moving_a_ready_post_keeps_its_time_of_day(newsroom, act):
    at = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=7, minute=15, second=0, microsecond=0
    )
    article = ArticleFactory(authors=[newsroom.jo.author], publish_at=at, title="Dawn story")
    Assignment.objects.create(article=article, stage=Stage.objects.get(kind=KIND.READY))
    day = TODAY() + timedelta(days=4)
    act(newsroom.clients.jo, MOVE, {"item": f"publish-{article.pk}", "day": day})
    article.refresh_from_db()
    moved = timezone.localtime(article.publish_at)
    assert (moved.date(), moved.hour, moved.minute) == (day, 7, 15)
    assert article.is_scheduled


def test_the_calendar_has_no_inline_script(newsroom):
    story(newsroom.jo, KIND.WRITING, "Due", due=TODAY())
    html = newsroom.clients.ed.get(CALENDAR).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert "pipeline/calendar.js" in html
    assert " on" + "click=" not in html


# The calendar feed --------------------------------------------------------------------


def test_each_person_has_a_valid_private_ical_feed_of_their_dates(newsroom, client):
    jo = newsroom.jo
    story(jo, KIND.WRITING, "Due Friday", due=TODAY() + timedelta(days=2))
    story(newsroom.sam, KIND.WRITING, "Not Jo's", due=TODAY())
    at = timezone.now() + timedelta(days=3)
    ArticleFactory(authors=[jo.author], title="Jo goes live", publish_at=at)
    page = newsroom.clients.jo.get(reverse("pipeline:settings")).content.decode()
    url = re.search(r'value="(http://[^"]+\.ics)"', page).group(1)
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Due: Due Friday", "Goes live: Jo goes live"}
    assert events["Due: Due Friday"].decoded("dtstart") == TODAY() + timedelta(days=2)
    assert events["Goes live: Jo goes live"].decoded("dtstart") == at.replace(microsecond=0)
    assert str(events["Due: Due Friday"]["uid"]).startswith("due-")


def test_a_revoked_or_forged_feed_address_is_a_404(newsroom, client, act):
    token = ical.token_for(newsroom.jo)
    url = reverse("pipeline:ical", args=[token])
    assert client.get(url).status_code == 200
    act(newsroom.clients.jo, reverse("pipeline:settings"), {"revoke": "1"})
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("pipeline:ical", args=[ical.token_for(newsroom.jo)])).status_code == 200
    )
    forged = token.replace(f"{newsroom.jo.pk}.", f"{newsroom.ed.pk}.", 1)
    assert client.get(reverse("pipeline:ical", args=[forged])).status_code == 404
    assert client.get(reverse("pipeline:ical", args=["x" * 300])).status_code == 404
    newsroom.jo.is_staff = False
    newsroom.jo.save()
    assert (
        client.get(reverse("pipeline:ical", args=[ical.token_for(newsroom.jo)])).status_code == 404
    )
