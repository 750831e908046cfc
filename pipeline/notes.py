"""Notes on a post: threads, quoted passages, @mentions, resolving."""

import re

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import escape, format_html_join, linebreaks
from django.utils.safestring import mark_safe

from pipeline import notify
from pipeline.access import people_who_may_open
from pipeline.models import Note

User = get_user_model()

# "@jo", "@tom.okafor": a user name after an @ that does not follow a word character
# (so an email address is not a mention). A full stop ending a sentence is not part of it.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]*\w)")


def mentioned_names(text):
    return {match.lower() for match in MENTION.findall(text)}


def resolve_mentions(text, article):
    """(may open the post, may not): the staff named with @ in `text`."""
    names = mentioned_names(text)
    if not names:
        return [], []
    people = [
        user
        for user in User.objects.filter(is_active=True, is_staff=True)
        if user.get_username().lower() in names
    ]
    readers = set(people_who_may_open(article).values_list("pk", flat=True))
    reached = [user for user in people if user.pk in readers]
    return reached, [user for user in people if user.pk not in readers]


def add_note(article, author, body, quote="", thread=None, kind=Note.Kind.NOTE):
    """Store a note and tell the people it mentions; returns (note, not reached)."""
    note = Note.objects.create(
        article=article,
        author=author,
        body=body.strip(),
        quote=quote.strip(),
        thread=thread,
        kind=kind,
    )
    reached, unreached = resolve_mentions(note.body, article)
    if reached:
        note.mentions.set(reached)
        notify.mentioned(note, reached)
    if thread is not None and thread.resolved_at is not None:
        reopen(thread)  # a reply to a resolved thread is a new question
    return note, unreached


def resolve(thread, user):
    thread.resolved_at, thread.resolved_by = timezone.now(), user
    thread.save(update_fields=["resolved_at", "resolved_by"])


def reopen(thread):
    thread.resolved_at, thread.resolved_by = None, None
    thread.save(update_fields=["resolved_at", "resolved_by"])


def threads_of(article):
    """The post's threads, oldest first, with replies and authors: three queries."""
    return list(
        Note.objects.threads()
        .filter(article=article)
        .select_related("author", "resolved_by")
        .prefetch_related(
            Prefetch("replies", queryset=Note.objects.select_related("author")),
        )
    )


def render_body(text):
    """A note's text as HTML: escaped, paragraphs kept, @mentions marked."""
    html = linebreaks(escape(text))
    return mark_safe(  # noqa: S308 (escaped above; only <strong> added around names)
        MENTION.sub(lambda m: f'<strong class="mention">@{m.group(1)}</strong>', html)
    )


def mention_hint(article, exclude=None):
    """'@helen, @tom': the colleagues who may read this post, for the note form."""
    names = [f"@{user.get_username()}" for user in people_who_may_open(article) if user != exclude]
    return format_html_join(", ", "{}", ((name,) for name in names))
