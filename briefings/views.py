from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article
from briefings.changes import for_readers
from briefings.invalidation import BRIEFING_LIST
from briefings.models import Briefing, Entry, Section
from campaign4change import pagecache

BRIEFINGS_PER_PAGE = 20


# An entry shows its post's title, date and byline (its own copy), never its text.
ENTRY_POST_FIELDS = ["title", "slug", "status", "publish_at", "byline_names"]


def sections_with_entries():
    """Sections and their public entries, with the entries' posts: two queries."""
    entries = (
        Entry.objects.public()
        .select_related("article")
        .defer(
            *(
                f"article__{f.name}"
                for f in Article._meta.concrete_fields
                if f.name not in ENTRY_POST_FIELDS and f.name != "id"
            )
        )
    )
    sections = Section.objects.prefetch_related(Prefetch("entries", queryset=entries))
    return Prefetch("sections", queryset=sections)


class BriefingListView(ListView):
    template_name = "briefings/briefing_list.html"
    context_object_name = "briefings"
    paginate_by = BRIEFINGS_PER_PAGE

    def get_queryset(self):
        pagecache.depends_on(BRIEFING_LIST)
        return (
            Briefing.objects.published()
            .with_last_updated()
            .with_entry_count()
            .prefetch_related("tags")
            .order_by("-last_updated", "title")
        )


class BriefingView(DetailView):
    """A briefing with its sections, entries and public update history.

    Staff may open drafts (the admin's "View on site" is their preview); everyone else
    gets a 404 for them.
    """

    template_name = "briefings/briefing_detail.html"
    context_object_name = "briefing"

    def get_object(self, queryset=None):
        briefings = (
            Briefing.objects.visible_to(self.request.user)
            .with_last_updated()
            .prefetch_related("tags", "curators", sections_with_entries())
        )
        return get_object_or_404(briefings, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        updates = for_readers(self.object.changes.notable())
        return super().get_context_data(updates=updates, **kwargs)
