"""The briefings index, a page at a time: the page's briefings (last updated first, their
public entries counted) and their topic tags, two queries compiled to SQL once per
process (campaign4change/compiled.py), and the count of published briefings."""

from collections import defaultdict
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from articles.models import Tag
from briefings.models import Briefing
from campaign4change.compiled import compiled
from campaign4change.paging import PagedList

ORDER = ("-last_updated", "title", "pk")  # pk: both queries list the same page
SHOWN_FIELDS = ("title", "slug", "summary", "status", "last_updated")


def _page_ids(page):
    published = Briefing.objects.published().order_by(*ORDER)
    return published.values("pk")[page]


@compiled(Briefing, now=datetime, page=slice)
def _briefings(now, page):
    shown = Briefing.objects.published().only(*SHOWN_FIELDS)
    return shown.with_entry_count(now=now).order_by(*ORDER)[page]


@compiled(Tag, page=slice)
def _topics(page):
    """The topic tags of the page's briefings, by name, each with `briefing_id`."""
    tags = Tag.objects.filter(tagged_briefings__content_object__in=_page_ids(page))
    return tags.annotate(briefing_id=F("tagged_briefings__content_object")).order_by("name")


class BriefingIndex(PagedList):
    """A sliceable, countable list of published briefings for Django's Paginator."""

    def count(self):
        return Briefing.objects.published().count()

    def page(self, start, stop):
        now, page = timezone.now(), slice(start, stop)
        briefings = _briefings(now=now, page=page)
        topics = defaultdict(list)
        for tag in _topics(page=page):
            topics[tag.briefing_id].append(tag)
        for briefing in briefings:
            briefing.topic_tags = topics[briefing.pk]
        return briefings
