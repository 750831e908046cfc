"""Changes make pages stale: recorded in the database, applied to the cache after commit.

`invalidate(*keys)` writes a row (`Invalidation`) in the change's own transaction, and
bumps the keys in the cache once the transaction commits (one bump per transaction,
however many changes it made). A row is marked with the number its bump got.

The cache can miss a bump: unreachable during the save, or restarted from a snapshot
taken before it. Readers then must not trust it until it has caught up, so the cache
holds a short-lived mark, `VERIFIED`, that only `replay()` sets, after applying every
row the cache has not acknowledged: rows never applied, and rows whose number is above
the cache's sequence (a snapshot restored from before they were applied). The mark
lasts `PAGE_CACHE_VERIFY_SECONDS` from the moment replay read the database, no longer
than the cache's socket timeout: a bump that failed because the cache did not answer in
time is always followed by the mark's expiry, and the first reader then replays it.
docs/caching.md states the guarantee and its limits.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import models, router, transaction
from django.db.models import Max, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from campaign4change import snapshots
from campaign4change.pagecache import edge
from campaign4change.pagecache.keys import as_key, key, kind_key, track
from campaign4change.pagecache.models import Invalidation
from campaign4change.pagecache.store import (
    CACHE_ERRORS,
    EPOCH,
    SCHEDULES,
    get_store,
)

logger = logging.getLogger("campaign4change.pagecache")
_local = threading.local()  # per thread: the pending batch of each database connection


# Recording and applying ----------------------------------------------------------------


class _Batch:
    """What one transaction invalidated, applied in one bump once it commits."""

    def __init__(self, using):
        self.using = using
        self.ids = []
        self.keys = set()
        self.schedules = set()

    def apply(self):
        _apply(self.ids, self.keys, self.schedules, self.using)


def _batch(using):
    """The batch of the transaction open on `using`, or None outside one."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return None
    batch = getattr(_local, using, None)
    # A rolled-back transaction (or savepoint) drops its on_commit callbacks: a batch
    # whose callback is gone belongs to a transaction that will never commit.
    if batch is None or not any(entry[1] == batch.apply for entry in connection.run_on_commit):
        batch = _Batch(using)
        setattr(_local, using, batch)
        transaction.on_commit(batch.apply, using=using, robust=True)
    return batch


def invalidate(*keys):
    """Make every page and piece that depends on `keys` stale, once this commits.

    Runs whether or not this process serves cached pages: a management command or a
    shell must invalidate the pages that the web servers keep.
    """
    keys = sorted({as_key(item) for item in keys})
    if not keys:
        return
    using = router.db_for_write(Invalidation)
    row = Invalidation.objects.using(using).create(keys=keys, edge_due_at=edge.first_due())
    batch = _batch(using)
    if batch is None:
        _apply([row.pk], keys, (), using)
        return
    batch.ids.append(row.pk)
    batch.keys.update(keys)
    # Now as well, unrecorded: what this connection renders before the commit sees the
    # change (a view that saves, then renders; tests, whose transaction never commits).
    # The bump at commit is the one that counts for everyone else.
    _apply([], keys, (), using)


def invalidate_all():
    """Drop every cached page (bulk loads, imports, deployments of new data)."""
    invalidate(EPOCH)


def _apply(ids, keys, schedules, using):
    store = get_store()
    try:
        seq = store.bump(keys) if keys else None
        for name in schedules:
            _reschedule(store, name)
    except CACHE_ERRORS as error:
        logger.warning(
            "Cache unavailable (%s): %d change(s) kept in the database, to be applied "
            "when it answers again.",
            error,
            len(ids),
        )
    else:
        if ids:
            Invalidation.objects.using(using).filter(pk__in=ids).update(applied_seq=seq)
    # Committed changes only, and after the bump: the edge fetches the page again at once,
    # and must not be given the old one from the cache.
    edge.purge_committed(ids, keys)


def replay(store):
    """Bring the cache up to date with the database's record of changes; mark it so."""
    started = time.time()
    using = router.db_for_write(Invalidation)
    rows = Invalidation.objects.using(using)
    current = store.current_seq()
    latest = rows.aggregate(latest=Max("applied_seq"))["latest"]
    missed = Q(applied_seq__isnull=True)
    if latest is not None and latest > current:
        # The cache went back in time (restarted from an older snapshot): what was
        # applied after its sequence stood there is lost from it.
        missed |= Q(applied_seq__gt=current)
    kept_since = timezone.now() - timedelta(seconds=settings.PAGE_CACHE_TIMEOUT)
    pending = list(rows.filter(missed, created_at__gte=kept_since).values_list("pk", "keys"))
    if pending:
        logger.warning("Page cache: applying %d change(s) it had missed.", len(pending))
        seq = store.bump({k for _pk, keys in pending for k in keys})
        rows.filter(pk__in=[pk for pk, _keys in pending]).update(applied_seq=seq)
    for name in SCHEDULES:
        _reschedule(store, name)
    # Nothing older can still be cached: pages and pieces expire by then.
    rows.filter(created_at__lt=kept_since).delete()
    store.mark_verified(started + settings.PAGE_CACHE_VERIFY_SECONDS)


def settle(store, unsettled):
    """Do what a read found outstanding: replay missed changes, run what came due."""
    if not unsettled.verified:
        replay(store)
    for name, state in unsettled.due.items():
        _run_due(store, name, state)


# Time-based changes ---------------------------------------------------------------------


def schedule(name, next_due, arrived, forgotten=None):
    """Let time-based changes (scheduled publishing) invalidate pages when they are due.

    `next_due(now)` returns the next timestamp at which something becomes visible (or
    None); `arrived(since, until)` invalidates what became visible in that interval.
    Call `reschedule(name)` after any change that may move the next due time.

    When the cache has lost track of the schedule, every page is dropped, unless
    `forgotten(store)` says what could have changed meanwhile (a bump of its keys).
    """
    SCHEDULES[name] = (next_due, arrived, forgotten)


def reschedule(name):
    """Recompute when `name` is next due, now and once the current transaction commits."""
    if name not in SCHEDULES:
        return
    using = router.db_for_write(Invalidation)
    batch = _batch(using)
    if batch is not None:
        batch.schedules.add(name)  # and now too, as invalidate() does
    try:
        _reschedule(get_store(), name)
    except CACHE_ERRORS as error:
        # replay() reschedules everything before readers trust the cache again.
        logger.warning("Cache unavailable (%s): %s is rescheduled on replay.", error, name)


def _reschedule(store, name, since=None):
    next_due = SCHEDULES[name][0]
    now = time.time()
    store.set_due(name, next_due(now), since or now)


def _run_due(store, name, state):
    now = time.time()
    if state is None:
        # Unknown (first lookup, eviction): we cannot tell what became due meanwhile,
        # so every page is rebuilt once, or what the schedule says may have changed.
        forgotten = SCHEDULES[name][2]
        if forgotten is None:
            invalidate_all()
        else:
            forgotten(store)
        _reschedule(store, name)
    elif state["due"] is not None and state["due"] <= now:
        _reschedule(store, name, since=now)
        SCHEDULES[name][1](state["since"], now)


# Watching models -------------------------------------------------------------------------

# Fields that pages show wherever they show an instance, by watched model (see watch()).
_shown_everywhere = {}


def watch(model, keys=None, *, track_loads=True, creation_shows=True, shown_everywhere=None):
    """Invalidate cached pages when an instance of `model` is saved or deleted.

    By default that bumps the instance's own key and its kind's; `keys(instance)` may
    return more (strings or instances), e.g. the briefing an entry belongs to. One line
    per model is all an app needs:

        pagecache.watch(Briefing, keys=lambda b: ["briefings.briefing:list"])

    `creation_shows=False` for objects that no page shows until something else that
    is watched links to them (a new tag appears on a page when a post is tagged).

    `shown_everywhere` names the only fields that pages depending on the kind show (a
    tag's name and slug): a save that changes none of them (a tag's description) bumps
    only the instance's own key, which the pages showing the rest declare (its archive
    and feed), instead of making every page that shows any tag stale.
    """
    fields = tuple(shown_everywhere or ())
    if fields:
        _shown_everywhere[model] = frozenset(fields)
        snapshots.remember(model, *fields)

    def changed(sender, instance, raw=False, created=False, signal=None, **kwargs):
        if created and not creation_shows:
            return  # a new tag or author is on no page until a post links to it
        affected = {key(instance)}
        before = snapshots.stored(instance) if signal is post_save else None
        if not fields or before is None or any(before[f] != getattr(instance, f) for f in fields):
            affected.add(kind_key(sender))
        if keys is not None:
            affected.update(as_key(item) for item in keys(instance) if item is not None)
        invalidate(*affected)

    uid = f"pagecache:watch:{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    if track_loads:
        track(model)


def pks_to_update(queryset):
    """The pks that `queryset.update()` is about to change, read where it will write: a
    read replica that lags behind must not hide rows from the invalidation."""
    database = queryset._db or router.db_for_write(queryset.model, **queryset._hints)
    return list(queryset.using(database).values_list("pk", flat=True))


class WatchedQuerySet(models.QuerySet):
    """A queryset whose update() invalidates cached pages as a save would.

    `QuerySet.update()` sends no signals, so `watch()` never hears of it. A model whose
    pages depend only on its own key and its kind's (watched without `keys`) takes this
    as its manager's queryset, and a bulk rename refreshes every page that shows one.
    Only cached pages: whatever else the model's own save() or signals do is not done.
    """

    def update(self, **kwargs):
        pks = pks_to_update(self)
        rows = super().update(**kwargs)
        keys = {key(self.model, pk) for pk in pks}
        shown = _shown_everywhere.get(self.model)
        if (rows or pks) and (shown is None or shown & set(kwargs)):
            keys.add(kind_key(self.model))
        invalidate(*keys)
        return rows


def read_settled(read):
    """`read(store)` -> (found, start, Unsettled), done again once what it found
    outstanding is settled: nothing is trusted from a cache that may have missed a
    change. Returns (store, found, start)."""
    store = get_store()
    found, start, unsettled = read(store)
    if unsettled:
        settle(store, unsettled)
        found, start, _unsettled = read(store)
    return store, found, start
