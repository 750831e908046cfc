"""One story from pitch to published, through the admin as three people would use it,
with the emails each step sends received by a real SMTP server on 127.0.0.1."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from pipeline.models import Assignment, Mail, Note
from tests.forms import admin_form, change_url
from tests.pipeline_helpers import DESK, KIND, PITCH, action_url, messages_of, stage_of

pytestmark = pytest.mark.django_db


def test_a_story_goes_from_pitch_to_published_with_a_send_back_and_a_mention(
    newsroom, act, smtp_server
):
    sam, jo, ed = newsroom.sam, newsroom.jo, newsroom.ed
    clients, mailbox = newsroom.clients, smtp_server.mailbox

    # Sam, a contributor, pitches a story.
    response = act(
        clients.sam,
        PITCH,
        {
            "title": "Why the shared payroll never shared",
            "pitch": "Three councils signed up in 2019; two have left. I know a former manager.",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Why the shared payroll never shared")
    assert article.status == Article.Status.DRAFT
    assert stage_of(article) == KIND.PITCH
    assert [a.name for a in article.byline_authors] == ["Sam Writer"]
    assert "Why the shared payroll never shared" in clients.sam.get(DESK).content.decode()

    # Ed, the editor, sees it on his desk and accepts it: Jo writes it, due in three days.
    desk = clients.ed.get(DESK).content.decode()
    assert "Pitches to decide" in desk and "Why the shared payroll never shared" in desk
    due = timezone.localdate() + timedelta(days=3)
    act(clients.ed, action_url("assign", article), {"assignee": jo.pk, "due_date": due})
    assignment = Assignment.objects.get(article=article)
    assert (assignment.stage.kind, assignment.assignee, assignment.due_date) == (
        KIND.ASSIGNED,
        jo,
        due,
    )
    assert assignment.editor == ed
    # Posts belong to the people in their byline: Jo joins it (the editor can change it).
    assert [a.name for a in article.byline_authors] == ["Sam Writer", "Jo Writer"]
    [assigned] = mailbox.to(jo.email)
    assert assigned.subject.startswith("Assigned to you: “Why the shared payroll")
    assert change_url(article) in assigned.body

    # Jo finds it on her desk, writes, and submits it for review.
    assert "Why the shared payroll never shared" in clients.jo.get(DESK).content.decode()
    data = admin_form(clients.jo, change_url(article))
    data["body"] = "<p>Three councils joined. Two left.</p>"
    response = act(clients.jo, change_url(article), {**data, "_continue": "1"})
    assert response.status_code == 302
    assert stage_of(article) == KIND.WRITING
    data = admin_form(clients.jo, change_url(article))
    response = act(clients.jo, change_url(article), {**data, "_submit_for_review": "1"})
    assert stage_of(article) == KIND.REVIEW
    assert mailbox.subjects(ed.email) == [
        "For review: “Why the shared payroll never shared” from jo"
    ]

    # Ed sends it back with a note; Jo is told by email, and sees the note under the post.
    assert "Why the shared payroll never shared" in clients.ed.get(DESK).content.decode()
    act(clients.ed, action_url("send_back", article), {"note": "We need the council's side."})
    assert stage_of(article) == KIND.WRITING
    sent_back = mailbox.to(jo.email)[-1]
    assert sent_back.subject == "Sent back: “Why the shared payroll never shared”"
    assert "We need the council's side." in sent_back.body
    assert (
        "We need the council&#x27;s side." in clients.jo.get(change_url(article)).content.decode()
    )

    # Jo asks Sam for his contact in a note on a passage: Sam gets a mention email.
    act(
        clients.jo,
        action_url("add_note", article),
        {
            "body": "@sam can you put me in touch with the former manager?",
            "quote": "Two left.",
        },
    )
    [mention] = mailbox.to(sam.email)
    assert mention.subject == "jo mentioned you on “Why the shared payroll never shared”"
    assert "> Two left." in mention.body
    assert "@sam can you put me in touch" in mention.body
    note = Note.objects.get(article=article, quote="Two left.")
    assert list(note.mentions.all()) == [sam]

    # Jo resubmits; Ed marks it ready and publishes it.
    data = admin_form(clients.jo, change_url(article))
    data["body"] = "<p>Three councils joined. Two left. The council says it saved money.</p>"
    act(clients.jo, change_url(article), {**data, "_submit_for_review": "1"})
    assert stage_of(article) == KIND.REVIEW
    response = act(clients.ed, action_url("mark_ready", article))
    assert stage_of(article) == KIND.READY
    data = admin_form(clients.ed, change_url(article))
    act(clients.ed, change_url(article), {**data, "status": "published", "_continue": "1"})
    article.refresh_from_db()
    assert article in Article.objects.published()
    assert "Why the shared payroll never shared" in clients.jo.get(DESK).content.decode()
    for person in (jo, sam):
        assert mailbox.subjects(person.email)[-1] == "Live: “Why the shared payroll never shared”"
    # The editor who published it is not told what he did himself.
    assert not any(s.startswith("Live") for s in mailbox.subjects(ed.email))
    assert Mail.objects.pending().count() == 0
    assert Mail.objects.filter(sent_at__isnull=False).count() == len(mailbox.messages) == 7


def test_submitting_a_new_post_saves_it_then_puts_it_in_review(newsroom, act):
    client = newsroom.clients.jo
    from django.urls import reverse

    add = reverse("admin:articles_article_add")
    data = admin_form(client, add)
    data.update(title="A new post", slug="a-new-post", body="<p>Text</p>", _submit_for_review="1")
    response = act(client, add, data)
    assert response.status_code == 302
    article = Article.objects.get(slug="a-new-post")
    assert stage_of(article) == KIND.REVIEW
    assert Assignment.objects.get(article=article).assignee == newsroom.jo
    assert "submitted for review" in " ".join(messages_of(response))
