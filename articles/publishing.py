"""The article form's buttons say what they will do, and the result is said in words.

There is no status box: a contributor gets "Save draft" and "Submit for review"; a
journalist or editor "Save draft", "Publish now" and, once a future date is set,
"Schedule" (a scheduled post: "Update", "Publish now", "Back to draft"; a live one:
"Update", "Unpublish"). Each button posts `publishing_action`, which sets the post's
status (and for "Publish now" drops a future date) before the form is validated, so
the one dating rule in Article.save() and every check on the status still apply; the
admin then confirms the outcome ("Scheduled for Tue 9 Dec, 07:00").

"Submit for review" keeps the post a draft and records the request in its history
(the revision's comment): the newsroom pipeline (stages, assignees) will take it over.
"""

import json
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from articles.models import Article

DRAFT, REVIEW, PUBLISH, SCHEDULE, UPDATE = "draft", "review", "publish", "schedule", "update"
ACTION_CHOICES = [
    (DRAFT, "Save as a draft"),
    (REVIEW, "Submit for review"),
    (PUBLISH, "Publish now"),
    (SCHEDULE, "Schedule"),
    (UPDATE, "Update"),
]
WRITER_ACTIONS = {DRAFT, REVIEW}
PUBLISHER_ACTIONS = {DRAFT, PUBLISH, SCHEDULE, UPDATE}
STATUS_AFTER = {
    DRAFT: Article.Status.DRAFT,
    REVIEW: Article.Status.DRAFT,
    PUBLISH: Article.Status.PUBLISHED,
    SCHEDULE: Article.Status.PUBLISHED,
    UPDATE: Article.Status.PUBLISHED,
}
REVIEW_COMMENT = "Submitted for review."


@dataclass(frozen=True)
class Button:
    action: str
    label: str
    # Shown only while the publish date is in the future (the page's script keeps it so).
    needs_future_date: bool = False


def state(article):
    if article.pk is None:
        return "new"
    if article.status == Article.Status.DRAFT:
        return "draft"
    return "scheduled" if article.is_scheduled else "live"


def buttons(article, may_publish):
    """The buttons for this post and user, the one that keeps things as they are first
    (Enter in a text box presses the first)."""
    if not may_publish:
        return [Button(DRAFT, "Save draft"), Button(REVIEW, "Submit for review")]
    current = state(article)
    if current == "live":
        return [Button(UPDATE, "Update"), Button(DRAFT, "Unpublish")]
    if current == "scheduled":
        return [
            Button(SCHEDULE, "Update"),
            Button(PUBLISH, "Publish now"),
            Button(DRAFT, "Back to draft"),
        ]
    return [
        Button(DRAFT, "Save draft"),
        Button(PUBLISH, "Publish now"),
        Button(SCHEDULE, "Schedule", needs_future_date=True),
    ]


def moment(value):
    """'Tue 9 Dec, 07:00', with the year when it is not this one."""
    local = timezone.localtime(value)
    year = "" if local.year == timezone.localdate().year else " Y"
    return date_format(local, f"D j M{year}, H:i")


def describe_state(article):
    """The post's state in a few words, for the form's button bar."""
    current = state(article)
    if current == "new":
        return "New post, not saved yet"
    if current == "draft":
        return "Draft: readers cannot see it"
    if current == "scheduled":
        return f"Scheduled for {moment(article.publish_at)}"
    return f"Live since {moment(article.publish_at)}"


def apply_action(form, action):
    """Set the status the button asks for in the posted data (before validation)."""
    data = form.data.copy()
    data[form.add_prefix("status")] = STATUS_AFTER[action]
    if action == PUBLISH and is_future(form, "publish_at"):
        # "Publish now" means now: the post is dated as it goes live (Article.save).
        for part in ("0", "1"):
            data[f"{form.add_prefix('publish_at')}_{part}"] = ""
    form.data = data


def is_future(form, name):
    """Whether the posted date in field `name` is a valid one in the future."""
    field = form.fields.get(name)
    if field is None:
        return False
    value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    try:
        chosen = field.clean(value)
    except ValidationError:
        return False  # the form says why
    return chosen is not None and chosen > timezone.now()


def date_in_future(form):
    """Whether the form shows a publish date in the future (as sent, or as stored)."""
    if form.is_bound:
        return is_future(form, "publish_at")
    publish_at = form.initial.get("publish_at")
    return "publish_at" in form.fields and publish_at is not None and publish_at > timezone.now()


def outcome(article, action, was):
    """What happened, in words, after a save with `action` (`was`: the state before)."""
    title = article.title
    now = state(article)
    if action == REVIEW:
        return format_html(
            "Submitted for review: “{}” stays a draft until an editor publishes it.", title
        )
    if now == "draft":
        if was in ("live", "scheduled"):
            return format_html(
                "“{}” is a draft again: readers {} see it.",
                title,
                "no longer" if was == "live" else "will not",
            )
        return format_html("Draft saved: readers cannot see “{}” until it is published.", title)
    if now == "scheduled":
        return format_html(
            "Scheduled for {}: “{}” appears on the site by itself then.",
            moment(article.publish_at),
            title,
        )
    url = article.get_absolute_url()
    if was == "live":
        return format_html('Updated: the changes to <a href="{}">“{}”</a> are live.', url, title)
    return format_html('Published: <a href="{}">“{}”</a> is live.', url, title)


def review_message(change_message):
    """The history's note for a save that submits the post for review."""
    if not change_message:
        return REVIEW_COMMENT
    described = LogEntry(change_message=json.dumps(change_message)).get_change_message()
    return f"{REVIEW_COMMENT} {described}"
