"""Notification emails through an outbox table: written with the change they tell of,
sent after the commit, retried with back-off when the mail server fails.

Nothing here ever raises into a save. A mail is a `Mail` row created in the same
transaction as the change (a rolled-back save sends nothing); once the transaction
commits, `deliver()` sends it at once. When sending fails the error is logged, the row
keeps it, and the mail is tried again later: by the next delivery that any later save
starts, and by `manage.py send_notifications`, which cron runs every minute or so
(there is no worker process). After a failure, saves stop trying to send for
MAIL_PAUSE_AFTER_FAILURE seconds, so a dead mail server costs one timeout, not one per
save.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from pipeline.models import DeskSettings, Mail

log = logging.getLogger(__name__)

PAUSE_KEY = "pipeline:mail-paused-until"
CLAIM = timedelta(minutes=5)


def site_origin():
    """'https://campaign4change.example': where links in emails point."""
    return f"{settings.SITE_SCHEME}://{Site.objects.get_current().domain}"


def queue(kind, recipient, subject, template, context, article=None):
    """Put one email to `recipient` in the outbox, unless they have no address or turned
    this kind off; it is sent once the current transaction commits."""
    if not recipient.is_active or not recipient.email:
        return None
    if not DeskSettings.of(recipient).wants(kind):
        return None
    body = render_to_string(
        template, {"recipient": recipient, "origin": site_origin(), "article": article, **context}
    )
    mail = Mail.objects.create(
        kind=kind,
        recipient=recipient,
        to=recipient.email,
        subject=" ".join(subject.split())[:300],
        body=body,
        article=article,
    )
    transaction.on_commit(partial(deliver_after_commit, mail.pk), robust=True)
    return mail


def deliver_after_commit(pk):
    if timezone.now().timestamp() < (cache.get(PAUSE_KEY) or 0):
        return  # the mail server failed moments ago: the retries will take this one too
    deliver(first=[pk], limit=settings.MAIL_BATCH_ON_SAVE)


def deliver(first=(), limit=None):
    """Send the mails `first`, then others that are due (at most `limit` in all).

    Returns (sent, failed). Stops at the first failure: the next ones would meet the
    same server.
    """
    due = Mail.objects.due().order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    candidates = [*first, *(pk for pk in due[:limit] if pk not in first)]
    if limit is not None:
        candidates = candidates[:limit]
    sent = failed = 0
    connection = None
    try:
        for pk in candidates:
            mail = claim(pk)
            if mail is None:
                continue
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    connection.open()
                EmailMessage(mail.subject, mail.body, to=[mail.to], connection=connection).send()
            except Exception as error:  # noqa: BLE001 (any failure is retried, never raised)
                record_failure(mail, error)
                failed += 1
                break
            Mail.objects.filter(pk=pk).update(
                sent_at=timezone.now(), claimed_until=None, attempts=F("attempts") + 1
            )
            sent += 1
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 (a connection that cannot even close)
                log.warning("Could not close the connection to the mail server.", exc_info=True)
    return sent, failed


def claim(pk):
    """The mail `pk`, if this process is the one to send it now (an UPDATE that only one
    of two simultaneous senders can win), else None."""
    now = timezone.now()
    won = (
        Mail.objects.pending()
        .filter(pk=pk)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM)
    )
    return Mail.objects.filter(pk=pk).first() if won else None


def backoff(attempts):
    """Minutes to wait after the n-th failed attempt: 1, 2, 4, ... at most six hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def record_failure(mail, error):
    now = timezone.now()
    attempts = mail.attempts + 1
    message = f"{type(error).__name__}: {error}"[:500]
    cache.set(PAUSE_KEY, now.timestamp() + settings.MAIL_PAUSE_AFTER_FAILURE, 3600)
    fields = {"attempts": attempts, "last_error": message, "claimed_until": None}
    if attempts >= settings.MAIL_MAX_ATTEMPTS:
        fields["failed_at"] = now
        log.error(
            "Gave up sending “%s” to %s after %d attempts: %s",
            mail.subject,
            mail.to,
            attempts,
            message,
        )
    else:
        fields["next_attempt_at"] = now + backoff(attempts)
        log.warning(
            "Could not send “%s” to %s (attempt %d, retried at %s): %s",
            mail.subject,
            mail.to,
            attempts,
            fields["next_attempt_at"].isoformat(),
            message,
        )
    Mail.objects.filter(pk=mail.pk).update(**fields)
