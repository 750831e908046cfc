"""Which slugs a page may not take: pages live at top-level addresses (`/about/`), routed
after everything else, so a page must never be given an address that something else
answers, or will answer (a year archive, a feed, the admin).

The rule is read from the URL patterns themselves, so a new top-level address added
later is reserved without anyone remembering to list it here; the list below adds the
addresses served outside Django's URLs (static files, uploads, the old WordPress
site's folders, which old links still reach).
"""

from django.urls import URLResolver, get_resolver
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern

PAGE_URL_NAME = "pages:page"

# Served before Django's URLs, or words a reader would take for something else.
RESERVED = frozenset(
    {
        "static",
        "media",
        "feed",
        "feeds",
        "tag",
        "tags",
        "author",
        "authors",
        "category",
        "page",
        "search",
        "briefings",
        "corrections",
        "sitemap",
        "robots",
        "admin",
        "login",
        "logout",
        "preview",
        "wp-admin",
        "wp-content",
        "wp-includes",
        "wp-json",
        "wp-login",
        "xmlrpc",
    }
)


def top_level_prefixes(patterns=None):
    """The first path segment of every URL pattern that starts with a fixed word."""
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern) if isinstance(pattern.pattern, RoutePattern) else ""
        first = route.split("/", 1)[0]
        if isinstance(pattern, URLResolver) and not first:
            found |= top_level_prefixes(pattern.url_patterns)
        elif first and "<" not in first:
            found.add(first)
    return found


def clashes(slug):
    """Why `slug` cannot be a page's address, or None when it can."""
    slug = (slug or "").strip().lower()
    if not slug:
        return None
    if slug in RESERVED or slug in top_level_prefixes():
        return f"“{slug}” is taken by the site itself (/{slug}/...). Choose another slug."
    if slug.isdigit():
        # /2024/ is a year archive, and old WordPress links use numbers too.
        return "A slug made only of digits would look like a date archive. Add a word."
    try:
        match = get_resolver().resolve(f"/{slug}/")
    except Resolver404:
        return None
    if match.view_name != PAGE_URL_NAME:
        return f"/{slug}/ is already an address of the site. Choose another slug."
    return None
