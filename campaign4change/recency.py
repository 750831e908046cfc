"""Dates said as readers say them ("updated 3 days ago"), on pages kept in the cache.

A page that says "3 days ago" is wrong tomorrow although nothing in it changed: it
depends on the date itself, the key `TODAY`, which the page cache's schedule bumps at
each local midnight (`connect()`), so such pages are rebuilt once a day at most.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.dateformat import format as date_format

from campaign4change import pagecache

TODAY = "clock:today"
SCHEDULE = "today"


def today():
    return timezone.localdate()


def days_ago(value):
    """ "today", "yesterday", "3 days ago", "2 weeks ago" or "on 3 March 2025"."""
    pagecache.depends_on(TODAY)
    day = timezone.localdate(value) if isinstance(value, datetime) else value
    days = (today() - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 63:
        return f"{days // 7} weeks ago"
    return f"on {date_format(day, 'j F Y')}"


def next_midnight(now):
    """The timestamp of the next local midnight after timestamp `now`."""
    today = timezone.localtime(datetime.fromtimestamp(now, tz=timezone.get_current_timezone()))
    tomorrow = datetime.combine(today.date() + timedelta(days=1), time(), tzinfo=today.tzinfo)
    return tomorrow.timestamp()


def day_changed(since, until):
    pagecache.invalidate(TODAY)


def forgotten(store):
    # Lost track of the date (a new or emptied cache): bump it in the cache alone, no
    # record of a change is needed for pages that merely say how long ago things were.
    store.bump([TODAY])


def connect():
    pagecache.schedule(SCHEDULE, next_due=next_midnight, arrived=day_changed, forgotten=forgotten)
