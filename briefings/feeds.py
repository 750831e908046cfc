"""RSS and Atom feeds of a briefing's notable updates (its public change history)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from briefings.changes import for_readers
from briefings.models import Briefing
from campaign4change.feedgenerators import FullContentAtomFeed, FullContentRssFeed

UPDATES_IN_FEED = 30


class BriefingUpdatesFeed(Feed):
    feed_type = FullContentRssFeed
    description_template = "briefings/feed_update_description.html"

    def get_object(self, request, slug):
        return get_object_or_404(Briefing.objects.published(), slug=slug)

    def title(self, briefing):
        return f"{briefing.title} – updates from {settings.SITE_NAME}"

    def link(self, briefing):
        return briefing.get_absolute_url()

    def feed_url(self, briefing):
        return reverse("briefings:feed", kwargs={"slug": briefing.slug})

    def description(self, briefing):
        return briefing.summary or f"Updates to the {briefing.title}."

    def items(self, briefing):
        # Fetched through the briefing, so each change knows its briefing: no extra query.
        return for_readers(briefing.changes.notable()[:UPDATES_IN_FEED])

    def get_context_data(self, **kwargs):
        # Feed readers show descriptions away from the site: links must be absolute.
        context = super().get_context_data(**kwargs)
        request, change = kwargs["request"], kwargs["item"]
        context["update"] = {
            kind: [
                {**item, "url": request.build_absolute_uri(item["url"])}
                for item in getattr(change, kind)
            ]
            for kind in ("public_added", "public_removed")
        }
        return context

    def item_title(self, change):
        return change.note

    def item_link(self, change):
        return change.get_absolute_url()

    def item_pubdate(self, change):
        return change.created_at

    def item_updateddate(self, change):
        return change.created_at


class BriefingUpdatesAtomFeed(BriefingUpdatesFeed):
    feed_type = FullContentAtomFeed

    def feed_url(self, briefing):
        return reverse("briefings:feed_atom", kwargs={"slug": briefing.slug})

    def subtitle(self, briefing):
        return self.description(briefing)
