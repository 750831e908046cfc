"""Pieces of pages kept in the cache below the page, until one of their keys is bumped.

Whatever they show, the page that uses a piece depends on the piece's keys too, cached
or not, so the page cache stays as precise as if the piece were rendered each time.
"""

from django.conf import settings

from campaign4change.pagecache.invalidation import read_settled
from campaign4change.pagecache.keys import as_key, collecting, depends_on
from campaign4change.pagecache.store import CACHE_ERRORS, logger


def remember(name, keys, compute):
    """The value of `compute()`, cached until one of `keys` is bumped.

    For what is costly to compute and changes exactly when pages do, such as the number
    of posts in a big archive: `remember("count:tag:7", ["articles.tag:7:articles"],
    query.count)`. Works whether or not pages are cached.
    """
    keys = [as_key(k) for k in keys]
    depends_on(*keys)
    items = {name: keys}
    try:
        store, found, start = read_settled(lambda store: store.cached_values(items))
        if name in found:
            return found[name]
        value = compute()
        store.keep_values(start, items, {name: value})
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
