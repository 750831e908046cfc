"""What briefings add to article pages and tag archives (articles never import briefings).

Each tag costs one query.
"""

from django import template

from briefings.models import Briefing

register = template.Library()


@register.inclusion_tag("briefings/includes/featured_in.html")
def featured_in(article):
    """ "Featured in: Mutuals Briefing" on a post that published briefings list."""
    if article is None or article.pk is None:
        return {"briefings": []}
    return {"briefings": list(Briefing.objects.featuring(article).only("title", "slug"))}


@register.inclusion_tag("briefings/includes/tag_briefings.html")
def briefings_for_tag(tag):
    """A pointer from a tag archive to the published briefings on that topic."""
    if tag is None or tag.pk is None:
        return {"briefings": []}
    briefings = Briefing.objects.published().filter(tags=tag).only("title", "slug", "introduction")
    return {"briefings": list(briefings)}
