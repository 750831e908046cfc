from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView

from pages.models import Page


class PageView(DetailView):
    """A page at /slug/. Editors preview drafts here ("View on site", noindex); for
    everyone else a draft is a 404, and an old slug's address redirects (permalinks)."""

    template_name = "pages/page.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        pages = Page.objects.visible_to(self.request.user)
        return get_object_or_404(pages, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page"]
        context["breadcrumbs"] = [("Home", reverse("articles:home")), (page.title, None)]
        return context
