"""The edge in front of the site (Varnish, a CDN): pages name their keys, changes purge them.

With `EDGE_PURGE` set, every public page tells the edge what it shows (the page cache's
dependency keys, and always the epoch key that `invalidate_all()` bumps) in
`Surrogate-Key` (Fastly's header) and `xkey` (Varnish's), and that it may keep the page
until then (`Surrogate-Control: max-age`, the page cache's own bound); browsers still
ask again each time (`Cache-Control: max-age=0, must-revalidate`). A page that changed
while it rendered says `Surrogate-Control: no-store`.

Every change purges its keys at the edge with the page cache's own record: the change's
`Invalidation` row, written in its transaction, says when its keys are next due at the
edge (`edge_due_at`). Once the change commits (and the cache has its bump), this
process's sender thread purges them, together with whatever else committed meanwhile,
and marks the row; a save never waits for the edge. A purge the edge did not take (down,
slow, the process gone) stays due, and every process that serves the site sends due
purges again every `EDGE_PURGE_RETRY_SECONDS` (so does `manage.py purge_edge`). Each
change is purged twice, `EDGE_PURGE_REPEAT_SECONDS` apart: a page rendered from the old
data can reach the edge just after the first purge. docs/caching.md states the
guarantee and its limits.
"""

import contextlib
import functools
import hashlib
import logging
import os
import queue
import re
import threading
import time
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import DatabaseError, connections, router
from django.utils import timezone

from campaign4change.pagecache.models import Invalidation
from campaign4change.pagecache.store import CACHE_ERRORS, EPOCH

logger = logging.getLogger("campaign4change.pagecache")

# A page's keys in a header: past this many bytes it names their groups instead, and past
# that only that it is a page, which every purge names (Varnish takes 8 KB a header line,
# Fastly 16 KB of Surrogate-Key; a page sends both).
MAX_HEADER_BYTES = 4096
EVERY_PAGE = "any"
KEYS_PER_PURGE = 256  # Fastly's limit for one batch purge
PURGE_HEADER_BYTES = 6000  # Varnish reads request header lines of up to 8 KB
# How long the edge may keep a page when the cache could not say whether it changed while
# it rendered (the cache unreachable): not worth sending every reader to the app for.
UNCERTAIN_MAX_AGE = 60
PURGE_TIMEOUT = httpx.Timeout(5.0, connect=2.0)
ROWS_PER_PASS = 500
_PLAIN_KEY = re.compile(r"[\w.:*+-]{1,128}", re.ASCII)


def enabled():
    return bool(settings.EDGE_PURGE)


# What pages tell the edge -----------------------------------------------------------------


def edge_key(key):
    """`key` as the edge knows it: itself, or a hash if it holds what a header cannot."""
    if _PLAIN_KEY.fullmatch(key):
        return key
    return "h:" + hashlib.sha256(key.encode()).hexdigest()[:32]


def _group(key):
    return f"any:{key.split(':', 1)[0]}"  # articles.article:42 -> any:articles.article


def header_keys(deps):
    """The header value naming `deps` (and the epoch), at most MAX_HEADER_BYTES long.

    Precise while it fits; then the groups of the keys (``any:articles.article``), then
    `EVERY_PAGE`. A purge names the groups of its keys and `EVERY_PAGE` too (purge_keys),
    so a page that names less is purged at least whenever it would have been.
    """
    exact = {edge_key(k) for k in deps} - {EPOCH}
    for keys in (exact, {_group(k) for k in exact}, {EVERY_PAGE}):
        value = " ".join([EPOCH, *sorted(keys)])
        if len(value) <= MAX_HEADER_BYTES:
            return value
    raise AssertionError("unreachable: EVERY_PAGE always fits")


def purge_keys(keys):
    exact = {edge_key(k) for k in keys}
    return sorted(exact | {_group(k) for k in exact} | {EVERY_PAGE})


def mark(response, deps, fresh):
    """Tell the edge it may keep `response` (a public page built from `deps`) until a purge
    names one of them: `fresh` says nothing in `deps` changed while it rendered (False:
    something did, so not at all; None: the cache could not tell, so briefly)."""
    if not enabled():
        return
    start()  # a process that serves pages sends due purges again (after a fork too)
    if fresh is False:
        response["Surrogate-Control"] = "no-store"
        return
    response["Surrogate-Key"] = response["xkey"] = header_keys(deps)
    max_age = settings.PAGE_CACHE_TIMEOUT if fresh else UNCERTAIN_MAX_AGE
    response["Surrogate-Control"] = f"max-age={max_age}"


# Purgers ------------------------------------------------------------------------------------


class EdgeUnavailable(Exception):
    """The edge did not acknowledge a purge: it stays due, to be sent again."""


def _chunks(keys):
    chunk, size = [], 0
    for key in keys:
        if chunk and (len(chunk) == KEYS_PER_PURGE or size + len(key) + 1 > PURGE_HEADER_BYTES):
            yield " ".join(chunk)
            chunk, size = [], 0
        chunk.append(key)
        size += len(key) + 1
    if chunk:
        yield " ".join(chunk)


class VarnishPurger:
    """PURGE requests naming keys in `xkey`, which deploy/varnish/site.vcl hands to
    xkey.purge() (from its `purgers` ACL only)."""

    def __init__(self, netloc):
        self.url = f"http://{netloc}/"

    def __str__(self):
        return f"Varnish at {self.url}"

    def requests(self, keys):
        for chunk in _chunks(keys):
            yield "PURGE", self.url, {"xkey": chunk}


class FastlyPurger:
    """Fastly's batch purge by surrogate key: POST /service/ID/purge, 256 keys at most."""

    def __init__(self, service_id):
        self.service_id = service_id

    def __str__(self):
        return f"Fastly service {self.service_id}"

    def requests(self, keys):
        url = f"{settings.FASTLY_API_URL}/service/{self.service_id}/purge"
        for chunk in _chunks(keys):
            headers = {"Fastly-Key": settings.FASTLY_API_TOKEN, "Surrogate-Key": chunk}
            yield "POST", url, {**headers, "Accept": "application/json"}


@functools.lru_cache(maxsize=8)
def _purgers(urls):
    # settings.py has checked each URL's form.
    kinds = {"varnish": VarnishPurger, "fastly": FastlyPurger}
    return [kinds[urlsplit(url).scheme](urlsplit(url).netloc) for url in urls]


def send(keys):
    """Purge `keys` at every configured edge; EdgeUnavailable unless each acknowledged."""
    keys = purge_keys(keys)
    with httpx.Client(timeout=PURGE_TIMEOUT) as client:
        for purger in _purgers(tuple(settings.EDGE_PURGE)):
            for method, url, headers in purger.requests(keys):
                try:
                    response = client.request(method, url, headers=headers)
                except httpx.HTTPError as error:
                    raise EdgeUnavailable(f"{purger}: {error}") from error
                if not response.is_success:
                    raise EdgeUnavailable(f"{purger} answered {response.status_code}")


# The record: which purges the edge has acknowledged ---------------------------------------


def first_due():
    """When a change recorded now is due at the edge, should its purge after the commit
    not get through (None without an edge)."""
    if not enabled():
        return None
    return timezone.now() + timedelta(seconds=settings.EDGE_PURGE_RETRY_SECONDS)


def _pending():
    # Older changes need no purge: the edge keeps nothing longer than PAGE_CACHE_TIMEOUT,
    # so what they made stale has expired there (and replay() deletes their rows).
    kept_since = timezone.now() - timedelta(seconds=settings.PAGE_CACHE_TIMEOUT)
    return Invalidation.objects.using(router.db_for_write(Invalidation)).filter(
        edge_due_at__isnull=False, created_at__gte=kept_since
    )


def _deliver(rows, keys):
    """Purge `keys`, then record it for `rows` ({purges acknowledged so far: [pk, ...]}).
    Returns whether the edge took them; if not, the rows stay due."""
    try:
        send(keys)
    except EdgeUnavailable as error:
        logger.warning(
            "Edge purge failed (%s): %d change(s) kept in the database, sent again within %s s.",
            error,
            sum(map(len, rows.values())),
            settings.EDGE_PURGE_RETRY_SECONDS,
        )
        return False
    repeat_at = timezone.now() + timedelta(seconds=settings.EDGE_PURGE_REPEAT_SECONDS)
    for purges, pks in rows.items():
        # Only rows still as we found them: another process may have sent them meanwhile.
        _pending().filter(pk__in=pks, edge_purges=purges).update(
            edge_purges=purges + 1, edge_due_at=repeat_at if purges == 0 else None
        )
    return True


def deliver_due(everything=False):
    """Send the purges that are due (all pending ones with `everything`), oldest first;
    stop at the first the edge does not take. Returns how many changes it took."""
    if not enabled():
        return 0
    pending = _pending()
    if not everything:
        pending = pending.filter(edge_due_at__lte=timezone.now())
    delivered = after = 0
    while rows := list(
        pending.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", "keys", "edge_purges")[:ROWS_PER_PASS]
    ):
        by_purges = defaultdict(list)
        for pk, _keys, purges in rows:
            by_purges[purges].append(pk)
        if not _deliver(by_purges, {key for _pk, keys, _purges in rows for key in keys}):
            break
        delivered += len(rows)
        after = rows[-1][0]
    return delivered


def count_due():
    return _pending().filter(edge_due_at__lte=timezone.now()).count()


# This process's sender --------------------------------------------------------------------

_STOP = object()
_sender = None
_sender_lock = threading.Lock()


class _Sender:
    """A thread that purges changes as they commit and retries whatever is due."""

    def __init__(self):
        self.pid = os.getpid()
        self.queue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="edge-purge", daemon=True)
        self.thread.start()

    def _run(self):
        next_retry = time.monotonic() + settings.EDGE_PURGE_RETRY_SECONDS
        while True:
            items = []
            try:
                items.append(self.queue.get(timeout=max(0.0, next_retry - time.monotonic())))
                while True:  # everything committed meanwhile goes in the same purge
                    items.append(self.queue.get_nowait())
            except queue.Empty:
                pass
            if _STOP in items:
                return
            try:
                if items:
                    ids = [pk for pks, _keys in items for pk in pks]
                    _deliver({0: ids}, {key for _pks, keys in items for key in keys})
                if time.monotonic() >= next_retry:
                    next_retry = time.monotonic() + settings.EDGE_PURGE_RETRY_SECONDS
                    deliver_due()
                    _run_scheduled_changes()
            except DatabaseError as error:
                logger.warning("Edge purge: database unavailable (%s), tried again later.", error)
            except Exception:
                logger.exception("Edge purge: unexpected error (due purges are sent again).")
            finally:
                connections.close_all()  # this thread's own: it sleeps between passes


def _run_scheduled_changes():
    # A scheduled post comes due when a reader's request notices it (invalidation.py);
    # with the edge answering most requests, none may reach the app for a long time.
    from campaign4change.pagecache.invalidation import read_settled  # a later module

    with contextlib.suppress(CACHE_ERRORS):  # readers find them once the cache is back
        read_settled(lambda store: store.read(()))


def start():
    """This process's sender, started if needed (and again in a forked child)."""
    global _sender
    if not enabled():
        return None
    with _sender_lock:
        if _sender is None or _sender.pid != os.getpid() or not _sender.thread.is_alive():
            _sender = _Sender()
        return _sender


def purge_committed(ids, keys):
    """Purge `keys` at the edge for the changes recorded as rows `ids`, which have just
    committed: queued for this process's sender, never in the way of the save."""
    sender = start()
    if sender is not None and ids:
        sender.queue.put((list(ids), set(keys)))


def stop():
    """Stop this process's sender, waiting for what it is sending (tests)."""
    global _sender
    with _sender_lock:
        sender, _sender = _sender, None
    if sender is not None and sender.pid == os.getpid():
        sender.queue.put(_STOP)
        sender.thread.join(30)
