"""Notification emails: sent after the commit through Django's email backend to a real
SMTP server on 127.0.0.1; a failing server is retried and logged, never raised into a
save; each person can turn each kind off."""

import io
import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pipeline import workflow
from pipeline.models import Assignment, DeskSettings, Mail, MailKind, Stage
from tests.factories import ArticleFactory
from tests.pipeline_helpers import KIND, action_url, stage_of
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db


def in_review(newsroom):
    article = ArticleFactory(authors=[newsroom.jo.author], draft=True, title="Council cuts")
    Assignment.objects.create(
        article=article, stage=Stage.objects.get(kind=KIND.WRITING), assignee=newsroom.jo
    )
    return article


def test_a_dead_mail_server_neither_breaks_nor_loses_a_submission(newsroom, act, smtp_port, caplog):
    article = in_review(newsroom)
    with caplog.at_level(logging.WARNING, logger="pipeline.mail"):
        response = act(newsroom.clients.jo, action_url("submit", article))
    assert response.status_code == 302
    assert stage_of(article) == KIND.REVIEW
    mail = Mail.objects.get(to=newsroom.ed.email)
    assert (mail.sent_at, mail.attempts) == (None, 1)
    assert "ConnectionRefusedError" in mail.last_error
    assert mail.next_attempt_at > timezone.now()
    assert "Could not send “For review: “Council cuts” from jo” to ed@example.org" in caplog.text

    # The server comes back; cron's command sends what is due.
    from tests.smtp import SMTPServer

    server = SMTPServer(smtp_port)
    server.start()
    try:
        call_command("send_notifications", stdout=io.StringIO())
        assert server.mailbox.messages == []  # not due yet: it waits its back-off
        with time_machine.travel(timezone.now() + timedelta(minutes=2)):
            call_command("send_notifications", stdout=io.StringIO())
    finally:
        server.stop()
    assert server.mailbox.subjects(newsroom.ed.email) == ["For review: “Council cuts” from jo"]
    mail.refresh_from_db()
    assert mail.sent_at is not None and mail.attempts == 2


def test_a_temporary_refusal_is_retried_by_a_later_save(newsroom, act, smtp_server):
    smtp_server.mailbox.refuse = 1
    article = in_review(newsroom)
    act(newsroom.clients.jo, action_url("submit", article))
    assert smtp_server.mailbox.messages == []
    assert "451" in Mail.objects.get().last_error
    later = ArticleFactory(authors=[newsroom.jo.author], draft=True, title="Later story")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        act(newsroom.clients.ed, action_url("assign", later), {"assignee": newsroom.jo.pk})
    assert sorted(smtp_server.mailbox.subjects()) == [
        "Assigned to you: “Later story”",
        "For review: “Council cuts” from jo",
    ]


def test_after_a_failure_saves_leave_sending_to_the_retries(newsroom, act, smtp_server):
    smtp_server.mailbox.refuse = 1
    act(newsroom.clients.jo, action_url("submit", in_review(newsroom)))
    # Moments later: the save goes through at once, without waiting on the server.
    later = ArticleFactory(authors=[newsroom.jo.author], draft=True, title="Later story")
    act(newsroom.clients.ed, action_url("assign", later), {"assignee": newsroom.jo.pk})
    assert smtp_server.mailbox.messages == []
    assert Mail.objects.pending().count() == 2


def test_a_mail_is_given_up_after_its_attempts_and_the_error_logged(
    newsroom, act, smtp_port, settings, caplog
):
    settings.MAIL_MAX_ATTEMPTS = 2
    act(newsroom.clients.jo, action_url("submit", in_review(newsroom)))
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=2)),
        caplog.at_level(logging.ERROR, logger="pipeline.mail"),
    ):
        call_command("send_notifications", stdout=io.StringIO())
    mail = Mail.objects.get()
    assert mail.failed_at is not None and mail.attempts == 2
    assert "Gave up sending" in caplog.text
    assert not Mail.objects.pending().exists()


def test_a_rolled_back_change_sends_nothing(
    newsroom, smtp_server, django_capture_on_commit_callbacks
):
    article = ArticleFactory(authors=[newsroom.jo.author], draft=True)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        workflow.assign(newsroom.ed, article, newsroom.jo, None)
        raise RuntimeError("the save failed after the assignment")
    assert not Mail.objects.exists()
    assert smtp_server.mailbox.messages == []


def test_each_person_turns_each_kind_of_email_off(newsroom, act, smtp_server):
    url = reverse("pipeline:settings")
    page = newsroom.clients.jo.get(url).content.decode()
    assert "A post is assigned to me" in page
    wanted = [kind for kind in MailKind.values if kind != MailKind.ASSIGNED]
    act(newsroom.clients.jo, url, {"wanted": wanted})
    assert DeskSettings.of(newsroom.jo).muted == [MailKind.ASSIGNED]
    article = ArticleFactory(authors=[newsroom.sam.author], draft=True, title="Muted")
    act(newsroom.clients.ed, action_url("assign", article), {"assignee": newsroom.jo.pk})
    act(newsroom.clients.ed, action_url("add_note", article), {"body": "@jo over to you"})
    assert smtp_server.mailbox.subjects(newsroom.jo.email) == ["ed mentioned you on “Muted”"]


def test_people_without_an_address_are_skipped(newsroom, act, smtp_server):
    newsroom.jo.email = ""
    newsroom.jo.save()
    article = ArticleFactory(authors=[newsroom.sam.author], draft=True)
    act(newsroom.clients.ed, action_url("assign", article), {"assignee": newsroom.jo.pk})
    assert not Mail.objects.exists()


def test_email_settings_come_from_the_environment():
    def email_settings(**env):
        show = (
            "from django.conf import settings as s; print('|'.join(map(str, [s.EMAIL_BACKEND, "
            "s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER])))"
        )
        return run_manage("shell", "-c", show, **env).stdout.strip().splitlines()[-1].split("|")

    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert email_settings(DJANGO_EMAIL_URL="submission://me:pw@mail.example:587") == [
        smtp,
        "mail.example",
        "587",
        "True",
        "me",
    ]
    assert email_settings(EMAIL_HOST="relay.example", EMAIL_PORT="2525") == [
        smtp,
        "relay.example",
        "2525",
        "False",
        "",
    ]
    # Neither: development prints mail to the console.
    assert email_settings()[0] == "django.core.mail.backends.console.EmailBackend"
