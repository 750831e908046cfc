"""Who is told what, by email. Nobody is told about what they did themselves."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from editorial.admin import admin_url
from pipeline import mail
from pipeline.models import MailKind

User = get_user_model()


def commissioning_editors():
    """Everyone who may review: the holders of pipeline.commission (not superusers who
    merely could, or every administrator would get every submission)."""
    return User.objects.with_perm(
        "pipeline.commission",
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )


def byline_users(article):
    return User.objects.filter(author__article_links__article=article)


def people_of(article):
    """Those who write the post: its assignee and the people in its byline."""
    assignment = getattr(article, "assignment", None)
    assignee = assignment.assignee_id if assignment is not None else None
    return User.objects.filter(
        Q(pk=assignee) | Q(pk__in=byline_users(article).values("pk"))
    ).distinct()


def writers_of(article):
    """Who is writing it: its assignee, else the people in its byline."""
    assignment = getattr(article, "assignment", None)
    if assignment is not None and assignment.assignee is not None:
        return [assignment.assignee]
    return byline_users(article)


def send(kind, people, by, subject, template, article, **context):
    context = {"by": by, "link": admin_url(article), **context}
    for person in {p.pk: p for p in people}.values():
        if by is None or person.pk != by.pk:
            mail.queue(kind, person, subject, template, context, article=article)


def name(user):
    return (user.get_full_name() or user.get_username()) if user is not None else "Someone"


def assigned(article, assignment, by):
    due = f", due {date_format(assignment.due_date, 'D j M')}" if assignment.due_date else ""
    send(
        MailKind.ASSIGNED,
        [assignment.assignee],
        by,
        f"Assigned to you: “{article.title}”{due}",
        "pipeline/mail/assigned.txt",
        article,
        assignment=assignment,
    )


def submitted(article, assignment, by):
    editors = [assignment.editor] if assignment.editor else commissioning_editors()
    send(
        MailKind.REVIEW,
        editors,
        by,
        f"For review: “{article.title}” from {name(by)}",
        "pipeline/mail/review.txt",
        article,
        assignment=assignment,
    )


def sent_back(article, note, by):
    send(
        MailKind.SENT_BACK,
        writers_of(article),
        by,
        f"Sent back: “{article.title}”",
        "pipeline/mail/sent_back.txt",
        article,
        note=note,
    )


def mentioned(note, people):
    send(
        MailKind.MENTION,
        people,
        note.author,
        f"{name(note.author)} mentioned you on “{note.article.title}”",
        "pipeline/mail/mention.txt",
        note.article,
        note=note,
    )


def published(article, by):
    assignment = getattr(article, "assignment", None)
    pitcher = [assignment.pitched_by] if assignment and assignment.pitched_by else []
    scheduled = article.is_scheduled
    when = date_format(timezone.localtime(article.publish_at), "D j M, H:i")
    send(
        MailKind.PUBLISHED,
        [*people_of(article), *pitcher],
        by,
        f"Scheduled for {when}: “{article.title}”" if scheduled else f"Live: “{article.title}”",
        "pipeline/mail/published.txt",
        article,
        scheduled=scheduled,
        when=when,
    )
