from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from briefings.contents import contents_of, public_briefing_by_slug
from briefings.index import BriefingIndex
from briefings.invalidation import BRIEFING_LIST
from briefings.models import Briefing
from campaign4change import pagecache

BRIEFINGS_PER_PAGE = 20


class BriefingListView(ListView):
    template_name = "briefings/briefing_list.html"
    context_object_name = "briefings"
    paginate_by = BRIEFINGS_PER_PAGE

    def get_queryset(self):
        pagecache.depends_on(BRIEFING_LIST)
        return BriefingIndex()


class BriefingView(DetailView):
    """A briefing with its sections, entries and public update history.

    Staff may open drafts (the admin's "View on site" is their preview); everyone else
    gets a 404 for them.
    """

    template_name = "briefings/briefing_detail.html"
    context_object_name = "briefing"

    def get_object(self, queryset=None):
        slug = self.kwargs["slug"]
        user = self.request.user
        if user.is_active and user.is_staff:
            briefings = Briefing.objects.visible_to(user)
            return get_object_or_404(briefings, slug=slug)
        found = public_briefing_by_slug(slug=slug)
        if not found:
            raise Http404("No published briefing at that address.")
        return found[0]

    def get_context_data(self, **kwargs):
        return super().get_context_data(contents=contents_of(self.object), **kwargs)
