"""The pipeline's rules, row by row: each move tried by someone who may not make it,
through the admin as they would (HTTP), with the database checked afterwards."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from pipeline import workflow
from pipeline.models import Assignment, Stage
from tests.factories import ArticleFactory
from tests.forms import admin_form, change_url
from tests.pipeline_helpers import KIND, MOVE, action_url, messages_of, stage_of

pytestmark = pytest.mark.django_db


def story(writer, kind, assignee=None, due=None, **article_kwargs):
    article = ArticleFactory(authors=[writer.author], draft=True, **article_kwargs)
    Assignment.objects.create(
        article=article,
        stage=Stage.objects.get(kind=kind),
        assignee=assignee or writer,
        due_date=due,
    )
    return article


def refused(response, article, kind, words):
    assert response.status_code in (302, 404), response
    if response.status_code == 302:
        assert any(words in message for message in messages_of(response)), messages_of(response)
    assert stage_of(article) == kind


def test_a_contributor_cannot_move_their_post_past_in_review(newsroom, act):
    article = story(newsroom.sam, KIND.REVIEW)
    response = act(newsroom.clients.sam, action_url("mark_ready", article))
    refused(response, article, KIND.REVIEW, "Only someone who may publish this post")
    page = newsroom.clients.sam.get(change_url(article)).content.decode()
    assert "Mark ready" not in page


def test_a_contributor_cannot_mark_ready_from_writing_either(newsroom, act):
    article = story(newsroom.sam, KIND.WRITING)
    refused(
        act(newsroom.clients.sam, action_url("mark_ready", article)),
        article,
        KIND.WRITING,
        "Only someone who may publish",
    )


@pytest.mark.parametrize("who", ["sam", "jo"])
def test_nobody_but_an_editor_assigns_even_their_own_post(newsroom, act, who):
    person = getattr(newsroom, who)
    article = story(person, KIND.PITCH)
    response = act(
        getattr(newsroom.clients, who),
        action_url("assign", article),
        {"assignee": person.pk, "due_date": timezone.localdate()},
    )
    refused(response, article, KIND.PITCH, "Only an editor assigns")
    assert Assignment.objects.get(article=article).due_date is None


def test_a_journalist_cannot_set_a_due_date_on_the_calendar(newsroom, act):
    article = story(newsroom.jo, KIND.WRITING, due=timezone.localdate())
    day = timezone.localdate() + timedelta(days=2)
    response = act(newsroom.clients.jo, MOVE, {"item": f"due-{article.pk}", "day": day})
    assert "Only an editor sets due dates." in messages_of(response)
    assert Assignment.objects.get(article=article).due_date == timezone.localdate()


@pytest.mark.parametrize("who", ["sam", "jo"])
def test_only_an_editor_sends_a_post_back(newsroom, act, who):
    article = story(getattr(newsroom, who), KIND.REVIEW)
    response = act(
        getattr(newsroom.clients, who), action_url("send_back", article), {"note": "Try again"}
    )
    refused(response, article, KIND.REVIEW, "Only an editor sends a post back.")


def test_sending_back_needs_a_note(newsroom, act):
    article = story(newsroom.jo, KIND.REVIEW)
    response = act(newsroom.clients.ed, action_url("send_back", article), {"note": "  "})
    refused(response, article, KIND.REVIEW, "sending back needs a note")


def test_a_pitch_is_accepted_before_it_is_submitted(newsroom, act):
    article = story(newsroom.sam, KIND.PITCH)
    response = act(newsroom.clients.sam, action_url("submit", article))
    refused(response, article, KIND.PITCH, "An editor accepts a pitch")


@pytest.mark.parametrize("name", ["submit", "mark_ready", "send_back", "assign", "add_note"])
def test_someone_elses_draft_cannot_be_moved_or_noted(newsroom, act, name):
    article = story(newsroom.jo, KIND.REVIEW)
    response = act(newsroom.clients.sam, action_url(name, article), {"note": "x", "body": "x"})
    assert response.status_code == 404
    assert stage_of(article) == KIND.REVIEW
    assert not article.notes.exists()


def test_a_journalist_cannot_submit_a_colleagues_post(newsroom, act, member):
    from editorial.roles import JOURNALIST

    colleague = member(JOURNALIST, "kim")
    article = story(colleague, KIND.WRITING)
    response = act(newsroom.clients.jo, action_url("submit", article))
    assert response.status_code == 404
    assert stage_of(article) == KIND.WRITING


def test_a_contributor_cannot_reschedule_a_ready_post(newsroom, act):
    article = story(newsroom.sam, KIND.READY, publish_at=timezone.now() + timedelta(days=1))
    day = timezone.localdate() + timedelta(days=3)
    response = act(newsroom.clients.sam, MOVE, {"item": f"publish-{article.pk}", "day": day})
    assert any("Only someone who may publish" in m for m in messages_of(response))
    before = article.publish_at
    article.refresh_from_db()
    assert article.publish_at == before


def test_only_a_ready_post_moves_its_publish_date(newsroom, act):
    article = story(newsroom.jo, KIND.WRITING, publish_at=timezone.now() + timedelta(days=1))
    day = timezone.localdate() + timedelta(days=3)
    response = act(newsroom.clients.ed, MOVE, {"item": f"publish-{article.pk}", "day": day})
    assert "Only a Ready post's publish date moves on the calendar." in messages_of(response)


def test_nothing_moves_to_a_past_day(newsroom, act):
    article = story(newsroom.jo, KIND.WRITING, due=timezone.localdate())
    yesterday = timezone.localdate() - timedelta(days=1)
    response = act(newsroom.clients.ed, MOVE, {"item": f"due-{article.pk}", "day": yesterday})
    assert "Choose an item and a day from today on." in messages_of(response)
    assert Assignment.objects.get(article=article).due_date == timezone.localdate()


def test_a_post_can_only_be_given_to_someone_who_writes_for_the_site(newsroom, act):
    from tests.factories import StaffFactory

    outsider = StaffFactory(username="visitor")
    article = story(newsroom.jo, KIND.PITCH)
    response = act(newsroom.clients.ed, action_url("assign", article), {"assignee": outsider.pk})
    refused(response, article, KIND.PITCH, "Choose someone who writes for the site")


def test_a_forged_published_status_from_a_contributor_still_fails(newsroom, act):
    # The pipeline leaves the post form's own rules alone (tests/test_roles.py has more).
    article = story(newsroom.sam, KIND.READY)
    data = admin_form(newsroom.clients.sam, change_url(article))
    act(newsroom.clients.sam, change_url(article), {**data, "status": "published"})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_the_rules_hold_outside_the_admin_too(newsroom):
    article = story(newsroom.sam, KIND.REVIEW)
    with pytest.raises(workflow.Refused):
        workflow.mark_ready(newsroom.sam, article)
    with pytest.raises(workflow.Refused):
        workflow.assign(newsroom.jo, article, newsroom.jo, None)


def test_an_editor_sees_every_move_on_the_post_and_a_contributor_only_submit(newsroom):
    article = story(newsroom.sam, KIND.WRITING)
    editor_page = newsroom.clients.ed.get(change_url(article)).content.decode()
    for words in ["Save and submit for review", "Mark ready", "Assignee and due date"]:
        assert words in editor_page
    own_page = newsroom.clients.sam.get(change_url(article)).content.decode()
    assert "Save and submit for review" in own_page
    assert "Mark ready" not in own_page and "Assignee and due date" not in own_page


def test_stages_are_renamed_by_editors_and_the_rules_still_hold(newsroom, act):
    review = Stage.objects.get(kind=KIND.REVIEW)
    url = reverse("admin:pipeline_stage_change", args=[review.pk])
    data = admin_form(newsroom.clients.ed, url)
    act(newsroom.clients.ed, url, {**data, "name": "With the desk"})
    review.refresh_from_db()
    assert (review.name, review.kind) == ("With the desk", KIND.REVIEW)
    # Others see the stages' names, and may not change them.
    assert act(newsroom.clients.jo, url, {**data, "name": "Mine"}).status_code == 403
    review.refresh_from_db()
    assert review.name == "With the desk"
    article = story(newsroom.jo, KIND.WRITING)
    act(newsroom.clients.jo, action_url("submit", article))
    assert stage_of(article) == KIND.REVIEW
    assert "With the desk" in newsroom.clients.jo.get(change_url(article)).content.decode()
    # Stages are neither added nor removed: the code relies on each one.
    assert newsroom.clients.ed.get(reverse("admin:pipeline_stage_add")).status_code == 403
