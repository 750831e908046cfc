from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import ArticleAuthor
from briefings.changes import for_readers
from briefings.invalidation import BRIEFING_LIST
from briefings.models import Briefing, Entry, Section
from campaign4change import pagecache

BRIEFINGS_PER_PAGE = 20


def sections_with_entries():
    """Sections, their public entries and the entries' posts with bylines: three queries."""
    entries = (
        Entry.objects.public()
        .select_related("article")
        # An entry shows its post's title, date and byline, never its text.
        .defer("article__body", "article__standfirst", "article__search_vector")
        .prefetch_related(
            Prefetch(
                "article__article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
                to_attr="prefetched_byline",  # what Article.byline_authors reads
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
