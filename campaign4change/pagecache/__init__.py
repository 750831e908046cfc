"""Whole pages for anonymous readers, kept in the cache until what they show changes.

docs/caching.md tells the whole story; docs/architecture.md shows a request and a save.
The modules, each importing only those before it:

- `keys`: what a page depends on (its dependency keys), collected while it renders;
- `store`: pages, pieces and the keys' numbers in the cache (Redis in production);
- `edge`: the edge in front (Varnish, a CDN): the headers naming a page's keys, purges;
- `invalidation`: changes recorded in the database and applied to the cache after
  commit (and again after an outage), model watching, scheduled changes;
- `pieces`: values and pieces kept below the page (`remember`, `collected`);
- `middleware`: the page cache itself, and conditional GET.

This package's names are the API apps use: ``pagecache.depends_on(...)``,
``pagecache.invalidate(...)``. They load on first use, so that importing the package
(as Django does when it lists the installed apps) does not import its models.
"""

from importlib import import_module

_API = {
    "keys": ["key", "kind_key", "depends_on", "collecting", "track"],
    "store": ["get_store", "CACHE_ERRORS"],
    "invalidation": [
        "invalidate",
        "invalidate_all",
        "watch",
        "WatchedQuerySet",
        "pks_to_update",
        "schedule",
        "reschedule",
    ],
    "pieces": ["remember", "collected", "on_every_page"],
    "middleware": ["exempt", "is_tracking_parameter"],
}
_WHERE = {name: module for module, names in _API.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found once, then an ordinary attribute
    return value
