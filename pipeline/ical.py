"""Each person's calendar feed (iCalendar): their due dates and their posts' publish
times, for any calendar app. The address is signed and names the person's current
calendar key, so making a new key (“Revoke this address”) closes the old one."""

from datetime import timedelta

from django.contrib.sites.models import Site
from django.core import signing
from django.utils import timezone
from icalendar import Calendar, Event

from articles.models import Article
from editorial.admin import admin_url
from pipeline.mail import site_origin
from pipeline.models import Assignment, DeskSettings, involving, new_calendar_key

SALT = "pipeline.calendar-feed"
# How far back the feed reaches: calendar apps keep what they saw before.
PAST = timedelta(days=60)


def token_for(user):
    settings = DeskSettings.of(user)
    return signing.Signer(salt=SALT).sign(f"{user.pk}.{settings.calendar_key}")


def revoke(user):
    settings = DeskSettings.of(user)
    settings.calendar_key = new_calendar_key()
    settings.save(update_fields=["calendar_key"])


def user_for(token):
    """The person a feed token belongs to, or None (forged, revoked, or not staff)."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    pk, _, key = value.partition(".")
    settings = (
        DeskSettings.objects.select_related("user")
        .filter(user_id=int(pk) if pk.isdigit() else None, calendar_key=key)
        .first()
    )
    user = settings.user if settings is not None else None
    return user if user is not None and user.is_active and user.is_staff else None


def feed(user):
    """The iCalendar text of `user`'s feed."""
    origin, domain = site_origin(), Site.objects.get_current().domain
    since = timezone.now() - PAST
    calendar = Calendar()
    calendar.add("prodid", "-//Campaign4Change//Newsroom desk//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Campaign4Change: {user.get_full_name() or user.username}")
    due = (
        Assignment.objects.involving(user)
        .in_progress()
        .filter(due_date__gte=since.date())
        .select_related("article", "stage")
    )
    for row in due:
        calendar.add_component(
            event(
                f"due-{row.article_id}@{domain}",
                row.due_date,
                row.due_date + timedelta(days=1),
                f"Due: {row.article.title}",
                origin + admin_url(row.article),
                description=f"{row.stage.name}.",
            )
        )
    going_out = (
        involving(Article.objects.all(), user)
        .filter(publish_at__gte=since)
        .defer("body", "search_vector")
    )
    for article in going_out:
        if article.is_published:
            state = "Live"
        else:
            state = "Goes live" if article.is_scheduled else "Planned"
        calendar.add_component(
            event(
                f"publish-{article.pk}@{domain}",
                article.publish_at,
                article.publish_at + timedelta(minutes=15),
                f"{state}: {article.title}",
                origin + admin_url(article),
            )
        )
    return calendar.to_ical()


def event(uid, start, end, summary, url, description=""):
    """A VEVENT: all-day when `start` is a date, else at that moment."""
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("summary", summary)
    item.add("description", f"{description} {url}".strip())
    item.add("url", url)
    return item
