"""The date archives: /YYYY/, /YYYY/MM/ and /YYYY/MM/DD/, Django's date views on the
archive calendar (articles/archive.py) and a listing compiled once (articles/listing.py)."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.generic import DayArchiveView
from django.views.generic.dates import MonthArchiveView, YearArchiveView

from articles import invalidation
from articles.archive import ArchiveCalendar
from articles.listing import Listing
from articles.models import Article
from articles.views import PublishedArticlesMixin
from campaign4change import pagecache


class DateArchiveMixin(PublishedArticlesMixin):
    """Year, month and day archives at /YYYY/, /YYYY/MM/, /YYYY/MM/DD/.

    Previous/next links and emptiness come from the archive calendar (the one query
    behind the month list), so a date archive costs no more than a tag archive.
    """

    template_name = "articles/date_archive.html"
    date_field = "publish_at"
    month_format = "%m"
    day_format = "%d"
    # Emptiness is checked against the calendar (Http404 below), not with extra queries.
    allow_empty = True

    def get_queryset(self):
        pagecache.depends_on(invalidation.ARTICLE_LIST)
        return Article.objects.published()

    def get_dated_queryset(self, **lookup):
        # The date range the generic view works out (its own dates: the site's time zone).
        self.date_range = lookup[f"{self.date_field}__gte"], lookup[f"{self.date_field}__lt"]
        return super().get_dated_queryset(**lookup)

    def paginate_queryset(self, queryset, page_size):
        # The date range's posts, a page a query, the count kept until the list changes.
        name = f"{invalidation.ARTICLE_LIST}:{self.request.path}"
        listing = Listing.between(*self.date_range, name=name)
        return super().paginate_queryset(listing, page_size)

    @property
    def calendar(self):
        return ArchiveCalendar.for_request(self.request)

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return None

    def get_next_year(self, date):
        year = self.calendar.next_year(date.year)
        return date.replace(year=year, month=1, day=1) if year else None

    def get_previous_year(self, date):
        year = self.calendar.previous_year(date.year)
        return date.replace(year=year, month=1, day=1) if year else None

    def get_next_month(self, date):
        return self.calendar.next_month(date)

    def get_previous_month(self, date):
        return self.calendar.previous_month(date)

    def year_crumb(self, date):
        return (str(date.year), reverse("articles:year", kwargs={"year": date.year}))

    def month_crumb(self, date):
        kwargs = {"year": date.year, "month": date.month}
        return (date_format(date, "F Y"), reverse("articles:month", kwargs=kwargs))


class YearArchive(DateArchiveMixin, YearArchiveView):
    make_object_list = True

    def get_dated_items(self):
        if not self.calendar.has_posts(self.kwargs["year"]):
            raise Http404("No posts in that year.")
        date_list, articles, extra = super().get_dated_items()
        months = self.calendar.months_of(extra["year"].year)
        return date_list, articles, {**extra, "archive_kind": "year", "year_months": months}

    def get_breadcrumbs(self, context):
        return [(str(context["year"].year), None)]


class MonthArchive(DateArchiveMixin, MonthArchiveView):
    def get_dated_items(self):
        if not self.calendar.has_posts(self.kwargs["year"], self.kwargs["month"]):
            raise Http404("No posts in that month.")
        date_list, articles, extra = super().get_dated_items()
        return date_list, articles, {**extra, "archive_kind": "month"}

    def get_breadcrumbs(self, context):
        month = context["month"]
        return [self.year_crumb(month), (date_format(month, "F Y"), None)]


class DayArchive(DateArchiveMixin, DayArchiveView):
    def get_dated_items(self):
        if not self.calendar.has_posts(self.kwargs["year"], self.kwargs["month"]):
            raise Http404("No posts on that day.")
        date_list, articles, extra = super().get_dated_items()
        return date_list, articles, {**extra, "archive_kind": "day"}

    def _make_single_date_lookup(self, date):
        try:
            return super()._make_single_date_lookup(date)
        except OverflowError:  # 31 December 9999
            raise Http404("Date out of range.") from None

    def _get_next_day(self, date):
        try:
            return super()._get_next_day(date)
        except OverflowError:
            raise Http404("Date out of range.") from None

    def get_next_day(self, date):
        after = self._make_date_lookup_arg(self._get_next_day(date))
        return self._first_day(publish_at__gte=after, ordering="publish_at")

    def get_previous_day(self, date):
        before = self._make_date_lookup_arg(date)
        return self._first_day(publish_at__lt=before, ordering="-publish_at")

    def _first_day(self, ordering, **lookup):
        """The local date of the first public post matching `lookup` (one query)."""
        found = (
            Article.objects.published()
            .filter(**lookup)
            .order_by(ordering)
            .values_list("publish_at", flat=True)
            .first()
        )
        return timezone.localdate(found) if found else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The paginator has counted already: an empty day is a 404 at no extra cost.
        if not context["paginator"].count:
            raise Http404("No posts on that day.")
        return context

    def get_breadcrumbs(self, context):
        day = context["day"]
        return [self.year_crumb(day), self.month_crumb(day), (date_format(day, "j F Y"), None)]
