"""Pieces of pages kept in the cache below the page, until one of their keys is bumped.

Whatever they show, the page that uses a piece depends on the piece's keys too, cached
or not, so the page cache stays as precise as if the piece were rendered each time.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

from campaign4change.pagecache.invalidation import read_settled
from campaign4change.pagecache.keys import as_key, collecting, depends_on
from campaign4change.pagecache.store import CACHE_ERRORS, logger

# Values that every page shows ({name: keys}: the menus, the month list), registered by
# the apps that show them (`on_every_page`): a request's first `remember` reads them in
# the same round trip, and later ones take what it found.
_EVERY_PAGE = {}
# {name: value} read ahead for the request being answered; None before its first
# `remember`, and outside requests (nothing is read ahead).
_read_ahead = ContextVar("pagecache_read_ahead", default=None)
_NOT_YET = object()


def on_every_page(name, keys):
    """Say that `remember(name, keys, ...)` is called on every page."""
    _EVERY_PAGE[name] = [as_key(k) for k in keys]


@receiver(request_started)
def start_read_ahead(**kwargs):
    _read_ahead.set(_NOT_YET)


@receiver(request_finished)
def forget_read_ahead(**kwargs):
    _read_ahead.set(None)


def remember(name, keys, compute):
    """The value of `compute()`, cached until one of `keys` is bumped.

    For what is costly to compute and changes exactly when pages do, such as the number
    of posts in a big archive: `remember("count:tag:7", ["articles.tag:7:articles"],
    query.count)`. Works whether or not pages are cached.
    """
    keys = [as_key(k) for k in keys]
    depends_on(*keys)
    own = {name: keys}
    read_ahead = _read_ahead.get()
    if isinstance(read_ahead, dict) and name in read_ahead and _EVERY_PAGE.get(name) == keys:
        return read_ahead.pop(name)
    items = {**_EVERY_PAGE, **own} if read_ahead is _NOT_YET else own
    try:
        store, found, start = read_settled(lambda store: store.cached_values(items))
        if read_ahead is _NOT_YET:
            _read_ahead.set({other: value for other, value in found.items() if other != name})
        if name in found:
            return found[name]
        value = compute()
        store.keep_values(start, own, {name: value})
        return value
    except CACHE_ERRORS as error:
        logger.warning("Cache unavailable (%s): computing %s afresh.", error, name)
        return compute()


def collected(name, build):
    """`build()`, kept until anything it read changes: the keys it declared and those of
    the tracked objects it loaded, found while it ran, as for a whole page.

    Its keys are known only once it is built. A None from `build()` is not kept. With
    ``FRAGMENT_CACHE`` off it is always built.
    """
    if not settings.FRAGMENT_CACHE:
        return build()
    try:
        store, entry, start = read_settled(lambda store: store.lookup(store.collected_key(name)))
    except CACHE_ERRORS as error:
        logger.warning("Cache unavailable (%s): building %s afresh.", error, name)
        return build()
    if entry is not None:
        depends_on(*entry["deps"])
        return entry["value"]
    with collecting() as collector:
        value = build()
    deps = collector.result()
    depends_on(*deps)
    if value is not None:
        try:
            store.keep(store.collected_key(name), start, deps, {"value": value})
        except CACHE_ERRORS as error:
            logger.warning("Cache unavailable (%s): %s not stored.", error, name)
    return value
