"""The whole-page cache for anonymous readers, and conditional GET for every public page.

Only anonymous GET/HEAD requests without a session or messages cookie use the cache;
responses that set a cookie, vary on more than the cookie, are not 200, or say
``Cache-Control: private/no-store/no-cache`` (staff pages, previews: `never_cache`) are
never stored. Cached or not, anonymous pages get an ETag and Last-Modified and answer
conditional requests with 304, and, with an edge in front, the headers that let it keep
them until a purge (edge.py).
"""

import hashlib
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_http_date_safe

from campaign4change.pagecache import edge
from campaign4change.pagecache.invalidation import read_settled
from campaign4change.pagecache.keys import collecting
from campaign4change.pagecache.store import CACHE_ERRORS, get_store, logger

MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_QUERY_STRING = 300
# What analytics and social sites add to links (utm_source, fbclid...). No view reads
# them, so a page is the same with or without: they are left out of the cache key.
# Facebook gives every click a fbclid of its own, which would make every visit from a
# shared post a miss, just when a post is being shared most.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "ttclid", "yclid"}
    | {"igshid", "li_fat_id", "mc_cid", "mc_eid", "_ga", "_gl"}
)
BYPASS_COOKIES = ("messages",)
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}


def is_tracking_parameter(name):
    """Is query parameter `name` one that only analytics read (see TRACKING_PARAMETERS)?"""
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


def cache_query(request):
    """The request's query string without tracking parameters, as the cache keys it."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    return "&".join(
        part
        for part in query.split("&")
        if part and not is_tracking_parameter(unquote_plus(part.split("=", 1)[0]))
    )


def page_url(request):
    """What a page is cached under: its address, without tracking parameters."""
    query = cache_query(request)
    url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    return f"{url}?{query}" if query else url


def _is_anonymous_read(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if len(cache_query(request)) > MAX_QUERY_STRING:
        return False
    cookies = (settings.SESSION_COOKIE_NAME, *BYPASS_COOKIES)
    if any(name in request.COOKIES for name in cookies):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _is_public_page(request, response):
    """Could this response be shown to any other anonymous reader?"""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, "page_cache_exempt", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        d.split("=")[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
        if d
    }
    if directives & UNCACHEABLE_DIRECTIVES:
        return False
    # Requests with a session cookie never get here, so varying on Cookie is safe;
    # anything else (Accept-Language...) would need one page per variant.
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    if vary - {"cookie"}:
        return False
    return len(response.content) <= MAX_PAGE_BYTES


def _add_validators(response):
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    # Readers' browsers and proxies may keep the page but must ask again each time; the
    # answer is a cheap 304 while it has not changed.
    patch_cache_control(response, max_age=0, must_revalidate=True)


def _conditional(request, response):
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return (
        get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=last_modified,
            response=response,
        )
        or response
    )


def _response_from(page):
    response = HttpResponse(page["content"], status=page["status"])
    for name, value in page["headers"]:
        response[name] = value
    return response


def _stored_form(response):
    return {
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.items() if k.lower() != "x-cache"],
        "content": response.content,
    }


def _sequence_only(store):
    _found, start, unsettled = store.read(())
    return None, start, unsettled


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_anonymous_read(request):
            return self.get_response(request)
        if not settings.PAGE_CACHE:
            return self._uncached(request)

        page_key = get_store().page_key(page_url(request))
        try:
            store, page, start = read_settled(lambda store: store.lookup(page_key))
        except CACHE_ERRORS as error:
            logger.warning("Cache unavailable (%s): serving pages uncached.", error)
            return self._uncached(request)
        if page is not None:
            response = _response_from(page)
            response["X-Cache"] = "HIT"
            edge.mark(response, page["deps"], fresh=True)
            return _conditional(request, response)

        with collecting() as collector:
            response = self.get_response(request)
        if request.method == "GET" and _is_public_page(request, response):
            _add_validators(response)
            deps = collector.result()
            try:
                stored = store.keep(page_key, start, deps, _stored_form(response))
            except CACHE_ERRORS as error:
                logger.warning("Cache unavailable (%s): page not stored.", error)
                stored = None
            response["X-Cache"] = "MISS" if stored else "PASS"
            edge.mark(response, deps, fresh=stored)
            return _conditional(request, response)
        return response

    def _uncached(self, request):
        """Without the page cache (off, or unreachable): conditional GET, and the edge's
        headers if there is one (the page's keys, and whether they changed meanwhile)."""
        store = start = None
        if edge.enabled():
            try:
                store, _page, start = read_settled(_sequence_only)
            except CACHE_ERRORS as error:
                logger.warning("Cache unavailable (%s): pages kept briefly by the edge.", error)
        with collecting() as collector:
            response = self.get_response(request)
        if request.method == "GET" and _is_public_page(request, response):
            _add_validators(response)
            deps = collector.result()
            fresh = None
            if start is not None:
                try:
                    fresh = store.unchanged_since(start, deps)
                except CACHE_ERRORS as error:
                    logger.warning("Cache unavailable (%s): page kept briefly by the edge.", error)
            edge.mark(response, deps, fresh)
            return _conditional(request, response)
        return response


def exempt(view):
    """Never store this view's responses (their headers stay untouched)."""

    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        response.page_cache_exempt = True
        return response

    wrapped.__name__ = getattr(view, "__name__", "view")
    wrapped.__doc__ = view.__doc__
    return wrapped
