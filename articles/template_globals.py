"""Functions the site's templates call (campaign4change/jinja2.py collects them)."""

from urllib.parse import urlencode

from django.utils.safestring import mark_safe
from jinja2 import pass_context

from articles import invalidation, structured_data
from articles.archive import ArchiveCalendar
from campaign4change import pagecache
from campaign4change.images import picture


@pass_context
def canonical_url(context):
    """This page's canonical address: the site's domain, the path, the parameters that
    make the page what it is (`canonical_query`: a search's words) and ?page=N after 1."""
    query = {name: value for name, value in context.get("canonical_query", {}).items() if value}
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        query["page"] = page.number
    url = f"{context['site_origin']}{context['request'].path}"
    return f"{url}?{urlencode(query)}" if query else url


@pass_context
def page_url(context, number):
    """The address of page `number` of this list, keeping the other query parameters."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    # Not passed on: the page is cached without them and may be shown to anyone.
    for name in [name for name in params if pagecache.is_tracking_parameter(name)]:
        del params[name]
    if number != 1:
        params["page"] = number
    query = params.urlencode()
    return f"?{query}" if query else request.path


@pass_context
def breadcrumbs_json_ld(context, breadcrumbs):
    origin = str(context["site_origin"])
    return structured_data.json_ld(
        structured_data.breadcrumb_list(breadcrumbs, origin, canonical_url(context))
    )


def story_picture(article, sizes, lazy=True, width=None, height=None):
    """A listed post's featured image from the renditions its row carries (no query, no
    storage look-up), for a box `sizes` wide; "" when it has none (or only a GIF)."""
    renditions = article.featured_image_renditions
    return picture(
        renditions, article.featured_image_alt, lazy=lazy, sizes=sizes, width=width, height=height
    )


@pass_context
def archive_calendar(context):
    """The month list shown on every page.

    Its HTML is the same on every page and changes only when a month gains its first
    post or loses its last, so it is rendered once per such change and kept in the
    cache: over a hundred months of links would otherwise cost every uncached page more
    than its own content does. (No post counts: they would change with every post.)
    """
    template = context.environment.get_template("includes/archive_calendar.html")
    return mark_safe(  # noqa: S308 - rendered by our own autoescaping template
        pagecache.remember(
            *MONTH_LIST_PIECE,
            lambda: template.render(years=ArchiveCalendar.for_footer(context.get("request")).years),
        )
    )


# Not the list of posts: publishing into a month that already has posts changes no
# footer, and must not make every cached page stale. Every page shows it: read from the
# cache with the request's first value (ArticlesConfig.ready).
MONTH_LIST_PIECE = ("archive_calendar_html", [invalidation.MONTHS])


GLOBALS = {
    "canonical_url": canonical_url,
    "page_url": page_url,
    "breadcrumbs_json_ld": breadcrumbs_json_ld,
    "archive_calendar": archive_calendar,
    "story_picture": story_picture,
}
