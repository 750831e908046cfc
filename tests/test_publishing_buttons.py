"""Publishing that says what it does: the article form's buttons are named after what
they do, for the user's role and the post's state, and the outcome is said in words.

Each button is pressed as a browser presses it (its name and value sent with the form
read from the page); the rows are checked afterwards.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from editorial.roles import CONTRIBUTOR, EDITOR, JOURNALIST
from tests.factories import ArticleFactory
from tests.forms import admin_form, change_url

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
LONDON = ZoneInfo("Europe/London")
BUTTON = re.compile(
    r'<button type="submit" name="publishing_action" value="(\w+)"[^>]*>([^<]+)</button>'
)


def buttons(client, url):
    """[(action, label, hidden)] of the form's buttons, in page order."""
    html = client.get(url).content.decode()
    return [
        (action, label, " hidden" in match.group(0))
        for match in BUTTON.finditer(html)
        for action, label in [match.groups()]
    ]


def press(client, url, action, **fields):
    data = admin_form(client, url)
    data.update(fields, publishing_action=action)
    return client.post(url, data, follow=True)


def message(response):
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def contributor(member, client_for):
    user = member(CONTRIBUTOR, "cora")
    return user, client_for(user)


@pytest.fixture
def journalist(member, client_for):
    user = member(JOURNALIST, "jo")
    return user, client_for(user)


def new_post_fields(title="Fresh story"):
    return {"title": title, "slug": title.lower().replace(" ", "-"), "body": "<p>News.</p>"}


def local(date_time):
    local_time = timezone.localtime(date_time)
    return {"publish_at_0": f"{local_time:%d/%m/%Y}", "publish_at_1": f"{local_time:%H:%M:%S}"}


# Which buttons ---------------------------------------------------------------------------


def test_a_contributor_gets_save_draft_and_submit_for_review(contributor):
    _user, client = contributor
    assert buttons(client, ADD) == [
        ("draft", "Save draft", False),
        ("review", "Submit for review", False),
    ]
    html = client.get(ADD).content.decode()
    assert 'name="publish_at_0"' not in html  # no date to choose: an editor publishes


def test_a_journalist_gets_save_draft_publish_now_and_schedule_beside_the_date(journalist):
    _user, client = journalist
    assert buttons(client, ADD) == [
        ("draft", "Save draft", False),
        ("publish", "Publish now", False),
        ("schedule", "Schedule", True),  # shown once a future date is set
    ]
    html = client.get(ADD).content.decode()
    date_box, schedule = html.index('name="publish_at_0"'), html.index('value="schedule"')
    assert date_box < schedule  # the date picker sits beside "Schedule"
    assert 'name="status"' in html and 'type="hidden" name="status"' in html


def test_with_a_future_date_schedule_is_shown_from_the_start(journalist):
    user, client = journalist
    post = ArticleFactory(draft=True, scheduled=True, authors=[user.author])
    assert ("schedule", "Schedule", False) in buttons(client, change_url(post))


def test_a_scheduled_and_a_live_post_get_buttons_that_keep_them_so_first(journalist):
    user, client = journalist
    scheduled = ArticleFactory(scheduled=True, authors=[user.author])
    live = ArticleFactory(authors=[user.author])
    assert [b[1] for b in buttons(client, change_url(scheduled))] == [
        "Update",
        "Publish now",
        "Back to draft",
    ]
    assert [b[1] for b in buttons(client, change_url(live))] == ["Update", "Unpublish"]


def test_the_post_s_state_is_said_beside_the_buttons(journalist):
    user, client = journalist
    with time_machine.travel(datetime(2025, 12, 1, 9, 0, tzinfo=LONDON)):
        post = ArticleFactory(
            authors=[user.author], publish_at=datetime(2025, 12, 9, 7, 0, tzinfo=LONDON)
        )
        assert "Scheduled for Tue 9 Dec, 07:00" in client.get(change_url(post)).content.decode()


# What they do ----------------------------------------------------------------------------


def test_save_draft_saves_a_draft_and_says_so(journalist):
    _user, client = journalist
    response = press(client, ADD, "draft", **new_post_fields())
    article = Article.objects.get(title="Fresh story")
    assert article.status == Article.Status.DRAFT and article.publish_at is None
    # Back on the form, as in any writing tool.
    assert response.redirect_chain[-1][0] == change_url(article)
    assert "Draft saved: readers cannot see “Fresh story” until it is published." in message(
        response
    )


def test_publish_now_publishes_and_says_where(journalist):
    _user, client = journalist
    before = timezone.now()
    response = press(client, ADD, "publish", **new_post_fields())
    article = Article.objects.get(title="Fresh story")
    assert article.is_published and article.publish_at >= before
    assert f'Published: <a href="{article.get_absolute_url()}">“Fresh story”</a> is live.' in (
        message(response)
    )


def test_publish_now_with_a_future_date_set_publishes_now(journalist):
    user, client = journalist
    post = ArticleFactory(draft=True, scheduled=True, authors=[user.author])
    press(client, change_url(post), "publish")
    post.refresh_from_db()
    assert post.is_published
    assert post.publish_at <= timezone.now()


def test_schedule_schedules_and_says_when_in_words(journalist):
    _user, client = journalist
    with time_machine.travel(datetime(2025, 12, 1, 9, 0, tzinfo=LONDON), tick=False):
        when = datetime(2025, 12, 9, 7, 0, tzinfo=LONDON)
        response = press(client, ADD, "schedule", **new_post_fields(), **local(when))
        article = Article.objects.get(title="Fresh story")
        assert article.is_scheduled and article.publish_at == when
        assert (
            "Scheduled for Tue 9 Dec, 07:00: “Fresh story” appears on the site by itself then."
            in message(response)
        )


def test_schedule_without_a_future_date_is_a_form_error(journalist):
    _user, client = journalist
    # Noon: never the hour a change of the clocks makes ambiguous (a form error too).
    past = timezone.localtime().replace(hour=12, minute=0) - timedelta(days=1)
    response = press(client, ADD, "schedule", **new_post_fields(), **local(past))
    assert "Choose a date and time in the future" in response.content.decode()
    assert not Article.objects.exists()


def test_unpublish_makes_a_live_post_a_draft_again(journalist):
    user, client = journalist
    post = ArticleFactory(title="Old news", authors=[user.author])
    response = press(client, change_url(post), "draft")
    post.refresh_from_db()
    assert post.status == Article.Status.DRAFT
    assert "“Old news” is a draft again: readers no longer see it." in message(response)


def test_update_keeps_a_live_post_live_and_says_so(journalist):
    user, client = journalist
    post = ArticleFactory(title="Live story", authors=[user.author])
    published_at = post.publish_at.replace(microsecond=0)  # as the form shows it
    response = press(client, change_url(post), "update", standfirst="Now with more detail.")
    post.refresh_from_db()
    assert post.is_published and post.publish_at == published_at
    assert "Updated: the changes to" in message(response)


def test_submit_for_review_keeps_a_draft_and_records_the_request(contributor):
    _user, client = contributor
    response = press(client, ADD, "review", **new_post_fields())
    article = Article.objects.get(title="Fresh story")
    assert article.status == Article.Status.DRAFT
    assert "Submitted for review: “Fresh story” stays a draft until an editor publishes it." in (
        message(response)
    )
    assert LogEntry.objects.get().get_change_message().startswith("Submitted for review.")
    assert (
        Version.objects.get_for_object(article)
        .get()
        .revision.comment.startswith("Submitted for review.")
    )


def test_submitting_an_unchanged_draft_for_review_is_still_recorded(contributor):
    user, client = contributor
    post = ArticleFactory(draft=True, authors=[user.author])
    press(client, change_url(post), "review")
    assert LogEntry.objects.get().get_change_message() == "Submitted for review."


def test_a_contributor_cannot_publish_by_forging_the_button(contributor):
    _user, client = contributor
    for action in ("publish", "schedule", "update"):
        response = press(client, ADD, action, **new_post_fields())
        assert response.status_code == 200
        assert "You may not publish or schedule posts" in response.content.decode()
    assert not Article.objects.exists()


def test_an_editor_publishes_rather_than_submitting_for_review(member, client_for):
    client = client_for(member(EDITOR, "ed"))
    response = press(client, ADD, "review", **new_post_fields())
    assert "Publish it, schedule it or save it as a draft." in response.content.decode()
    assert not Article.objects.exists()
