"""What briefings add to article pages, tag archives, story timelines and the front
page (articles never import briefings).

Each costs at most one query; "Featured in" none for a post no briefing lists.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import mark_safe
from jinja2 import pass_context

from briefings import invalidation
from briefings.models import Briefing, Entry
from campaign4change import pagecache
from campaign4change.compiled import compiled

# The annotation the post page's query carries (ArticleView.annotations).
LISTED = "listed_in_a_briefing"


def listed_in_a_briefing():
    """Does a published briefing list the post? An EXISTS the post's query answers (a
    query compiled once: articles.views.public_post_by_slug), of the entries alone: each
    keeps a copy of whether its briefing is published."""
    return Exists(Entry.objects.filter(article=OuterRef("pk"), briefing_published=True))


def render(context, template_name, **values):
    html = context.environment.get_template(template_name).render(**values)
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping template


@pass_context
def featured_in(context, article):
    """ "Featured in: Mutuals Briefing" on a post that published briefings list."""
    briefings = []
    if article is not None and article.pk is not None:
        pagecache.depends_on(invalidation.featuring(article.pk))
        # The post page's query says whether any briefing lists it (briefings/apps.py):
        # most posts are in none, and cost no query here.
        if getattr(article, LISTED, True):
            briefings = list(Briefing.objects.featuring(article).only("title", "slug"))
    if not briefings:  # most posts: nothing to show, no template to render
        return ""
    return render(context, "briefings/includes/featured_in.html", briefings=briefings)


@pass_context
def briefings_for_tag(context, tag):
    """A pointer from a tag archive to the published briefings on that topic."""
    briefings = []
    if tag is not None and tag.pk is not None:
        briefings = briefings_on_topic(tag=tag.pk)
    return render(context, "briefings/includes/tag_briefings.html", briefings=briefings)


@compiled(Briefing, tag=int)
def briefings_on_topic(tag):
    """The published briefings tagged `tag` (an id), by title: on every tag archive."""
    return Briefing.objects.published().filter(tags=tag).only("title", "slug", "summary")


@pass_context
def story_briefing(context, tag):
    """The briefing on a story's topic, beside its timeline ("The story so far"): the
    most recently updated published briefing tagged with it, if any (one query)."""
    briefing = None
    if tag is not None and tag.pk is not None:
        briefing = (
            Briefing.objects.published()
            .filter(tags=tag)
            .only("title", "slug", "summary", "status", "last_updated")
            .order_by("-last_updated", "pk")
            .first()
        )
    return render(context, "briefings/includes/story_briefing.html", briefing=briefing)


FRONT_PAGE_BRIEFINGS = 3


@compiled(Briefing, now=datetime)
def front_page_briefings(now):
    """The briefings the front page shows, with their visible entries counted: compiled
    once (campaign4change/compiled.py), as compiling took Django 2 ms a front page."""
    return (
        Briefing.objects.published()
        .with_entry_count(now=now)
        .only("title", "slug", "summary", "last_updated")
        .order_by("-last_updated", "title")[:FRONT_PAGE_BRIEFINGS]
    )


@pass_context
def briefings_block(context):
    """The front page's briefings, the most recently updated first ("Mutuals Briefing,
    updated 3 days ago"): one query, and kept below the page until one of them changes,
    another is published or the date moves on (so a rebuilt front page costs none)."""

    def build():
        # Which briefings are published; each one loaded adds its own key (its updates).
        pagecache.depends_on(invalidation.BRIEFING_LIST)
        briefings = front_page_briefings(now=timezone.now())
        return str(render(context, "briefings/includes/briefings_block.html", briefings=briefings))

    # Our own autoescaping template's output, kept as a string.
    return mark_safe(pagecache.collected("front_page_briefings", build))  # noqa: S308


GLOBALS = {
    "featured_in": featured_in,
    "briefings_for_tag": briefings_for_tag,
    "story_briefing": story_briefing,
    "briefings_block": briefings_block,
}
