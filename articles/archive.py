"""The archive calendar: which months have posts, and how many.

One aggregate query, shared by the month list shown on every page and the date archive
views (which use it for their previous/next links instead of querying), and kept in the
cache until the list of posts changes, so most requests make none.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from articles import invalidation
from articles.models import Article
from campaign4change import pagecache


@dataclass(frozen=True)
class ArchiveMonth:
    month: datetime.date  # the first day of the month
    total: int


class ArchiveCalendar:
    def __init__(self, month_counts):
        self.months = [ArchiveMonth(month, total) for month, total in month_counts]

    @classmethod
    def for_request(cls, request=None):
        """The calendar for this request, computed on first use and kept on the request."""
        calendar = getattr(request, "_archive_calendar", None)
        if calendar is None:
            counts = pagecache.remember(
                "month_counts",
                [invalidation.ARTICLE_LIST],
                lambda: Article.objects.published().month_counts(),
            )
            calendar = cls(counts)
            if request is not None:
                request._archive_calendar = calendar
        return calendar

    @classmethod
    def for_footer(cls, request=None):
        """The calendar a view of this request already computed, else a fresh one.

        Not through the cache: the footer's HTML is kept under its own key
        (articles.template_globals.archive_calendar), which outlives the post counts.
        """
        calendar = getattr(request, "_archive_calendar", None)
        return calendar or cls(Article.objects.published().month_counts())

    @cached_property
    def years(self):
        """[(year, [ArchiveMonth, newest first])], newest year first."""
        return [
            (year, list(months)) for year, months in groupby(self.months, lambda m: m.month.year)
        ]

    def has_posts(self, year, month=None):
        if month is None:
            return any(m.month.year == year for m in self.months)
        return any(m.month.year == year and m.month.month == month for m in self.months)

    def months_of(self, year):
        """The months of `year` with posts, January first."""
        return sorted((m for m in self.months if m.month.year == year), key=lambda m: m.month)

    def previous_month(self, day):
        start = day.replace(day=1)
        return next((m.month for m in self.months if m.month < start), None)

    def next_month(self, day):
        start = day.replace(day=1)
        return next((m.month for m in reversed(self.months) if m.month > start), None)

    def previous_year(self, year):
        return next((y for y, _ in self.years if y < year), None)

    def next_year(self, year):
        return next((y for y, _ in reversed(self.years) if y > year), None)
