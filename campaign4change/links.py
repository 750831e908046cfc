"""reverse() remembered: a page links to the same tags, authors and archives many times.

A list page has some eighty links, and Django's reverse() costs tens of microseconds
each, more than rendering the link. The answer depends only on the URL patterns (the
resolver, which Django replaces when they change), the script prefix and the arguments.
"""

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse


def cached_reverse(viewname, *args, **kwargs):
    """reverse(viewname, args=args, kwargs=kwargs), computed once per distinct call."""
    resolver = get_resolver(get_urlconf())
    return _reverse(resolver, get_script_prefix(), viewname, args, tuple(kwargs.items()))


@lru_cache(maxsize=20_000)
def _reverse(resolver, prefix, viewname, args, kwargs):
    urlconf = resolver.urlconf_name
    return reverse(viewname, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)
