"""The story so far: the posts of a tag an editor marks as a story (`Tag.is_story`), as
a dated timeline, oldest first, grouped by month, a page at a time.

A page costs what a tag archive costs, whatever the story's length: the tag, the page's
posts read from the (tag, date, post) index backwards (one query), and the count, kept
in the cache with the tag archive's (articles/listing.py). The tag's briefing beside the
timeline is the briefings app's (`story_briefing`, its template global).
"""

from itertools import groupby

from django.shortcuts import get_object_or_404
from django.utils import timezone

from articles import invalidation
from articles.listing import Listing
from articles.models import Tag
from articles.views import TagArchiveView
from campaign4change import pagecache

STORY_POSTS_PER_PAGE = 50


def by_month(posts):
    """[(first day of the month, [posts])], in the posts' order (months of the site's
    time zone, as in the posts' addresses)."""
    month = lambda post: timezone.localdate(post.publish_at).replace(day=1)  # noqa: E731
    return [(first_day, list(posts)) for first_day, posts in groupby(posts, month)]


class StoryView(TagArchiveView):
    """A tag archive, oldest first, by month: its feeds and context are the archive's."""

    template_name = "articles/story.html"
    paginate_by = STORY_POSTS_PER_PAGE

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"], is_story=True)
        # Its own key: unmarking the story, or a briefing on its topic, changes the page.
        pagecache.depends_on(self.tag, invalidation.tag_articles(self.tag.pk))
        return Listing.for_tag(self.tag, oldest_first=True)

    def get_breadcrumbs(self, context):
        return [(f"Tag: {self.tag.name}", self.tag.get_absolute_url()), ("The story so far", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = by_month(context["articles"])
        return context
