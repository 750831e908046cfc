"""What pages add to every page of the site: the header and footer menus, and the
address of the corrections policy (for /corrections/ and corrected posts).

Both come from one query, kept in the cache until a page that shows in them changes
(invalidation.LINKS), and then from the request: most requests make none.
"""

from django.db.models import Q
from jinja2 import pass_context

from campaign4change import pagecache
from campaign4change.links import cached_reverse
from pages import invalidation
from pages.models import Page


def read_links():
    """{"header": [(title, url)], "footer": [...], "policy": (title, url) or None}."""
    rows = (
        Page.objects.published()
        .filter(~Q(menu=Page.Menu.NONE) | Q(is_corrections_policy=True))
        .order_by("menu_order", "title")
        .values_list("title", "slug", "menu", "is_corrections_policy")
    )
    links = {Page.Menu.HEADER: [], Page.Menu.FOOTER: [], "policy": None}
    for title, slug, menu, is_policy in rows:
        url = cached_reverse("pages:page", slug=slug)
        if menu in links:
            links[menu].append((title, url))
        if is_policy:
            links["policy"] = (title, url)
    return {str(name): value for name, value in links.items()}


# Every page shows the menus: read from the cache with the request's first value.
LINKS_PIECE = ("pages:links", [invalidation.LINKS])


def page_links(request=None):
    """The menus and the policy's address, from the request, the cache or the database."""
    pagecache.depends_on(invalidation.LINKS)
    links = getattr(request, "_page_links", None)
    if links is None:
        links = pagecache.remember(*LINKS_PIECE, read_links)
        if request is not None:
            request._page_links = links
    return links


@pass_context
def page_menu(context, placement):
    """[(title, url)] of the published pages in the "header" or "footer" menu, in order."""
    return page_links(context.get("request"))[placement]


@pass_context
def corrections_policy(context):
    """(title, url) of the published corrections policy page, or None."""
    return page_links(context.get("request"))["policy"]


GLOBALS = {"page_menu": page_menu, "corrections_policy": corrections_policy}
