"""Pages, pieces and dependency numbers in a Django cache (Redis in production).

A **bump** gives keys the next value of one shared, increasing sequence number (a Redis
INCR). An entry (a page, a piece of one) records the number read before it started
rendering, and is valid only while every one of its keys carries a number no greater:
a change made while it rendered, or after, makes it stale.

Every read also returns what must be settled before an entry can be trusted (see
invalidation.py): whether the cache has been verified against the database's record
of changes lately, and which scheduled changes have come due.

When the cache cannot be reached, this process stops asking it for
`PAGE_CACHE_RETRY_SECONDS` (`CacheUnavailable`): pages are served uncached, and a save
waits for at most one socket timeout.
"""

import functools
import hashlib
import logging
import math
import os
import tempfile
import time
import weakref
from collections import OrderedDict
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger("campaign4change.pagecache")

KNOWN_PAGES = 5000  # entries whose dependency keys a process remembers (a few MB at most)
# Dependency numbers outlive pages; a number that expired counts as "changed just now".
KEY_TIMEOUT = 60 * 60 * 24 * 7
PENDING = math.inf  # the number of a key being bumped: newer than every page
PENDING_TIMEOUT = 60  # seconds: a mark older than this is a bump that never finished

SEQ = "pc:seq"
EPOCH = "pc:epoch"  # every entry depends on it: bumped to drop everything at once
VERIFIED = "pc:verified"  # present while the cache is known to hold every change


class CacheUnavailable(Exception):
    """The cache failed a moment ago: not asked again until PAGE_CACHE_RETRY_SECONDS."""


try:  # Errors of an unreachable cache server: pages are then served uncached.
    from redis.exceptions import RedisError

    CACHE_ERRORS = (OSError, RedisError, CacheUnavailable)
except ImportError:  # pragma: no cover - redis is a dependency
    CACHE_ERRORS = (OSError, CacheUnavailable)

# Time-based changes (scheduled posts, the date): name -> (next_due(now),
# arrived(since, until), forgotten(store) or None), registered by
# invalidation.schedule(); reads report which have come due.
SCHEDULES = {}


def guarded(method):
    """Refuse at once while the cache is known to be down; note when it fails."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if time.monotonic() < self.down_until:
            raise CacheUnavailable("the cache failed a moment ago")
        try:
            return method(self, *args, **kwargs)
        except CACHE_ERRORS:
            self.down_until = time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
            raise

    return call


@functools.cache
def code_version():
    """A hash of the site's own Python code, templates, static manifest and Django.

    Part of every entry's key: pages and pieces rendered by other code or templates, or
    pointing at other static files, are never served after a deployment.
    """
    digest = hashlib.sha256(django.get_version().encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    sources = [(folder, "*") for folder in template_folders()]
    sources += [(folder, "*.py") for folder in code_folders()]
    for folder, pattern in sources:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def code_folders():
    """The folders of the site's own apps (not Django's, nor installed packages')."""
    base = Path(settings.BASE_DIR).resolve()
    folders = {Path(app.path).resolve() for app in apps.get_app_configs()}
    return sorted(folder for folder in folders if folder.is_relative_to(base))


def template_folders():
    folders = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    for app_folder in code_folders():
        folders += [app_folder / "templates", app_folder / "jinja2"]
    return [folder for folder in folders if folder.is_dir()]


def dep_names(deps):
    """The cache keys holding the numbers of dependency keys `deps` (and the epoch)."""
    return (*(f"pc:dep:{k}" for k in deps), f"pc:dep:{EPOCH}")


def due_key(name):
    return f"pc:due:{name}"


def numbers_valid(names, numbers, start, settle=0):
    """Do `numbers` (of dependency `names`) say nothing changed since `start`?

    With `settle`, also that nothing changed in the last `settle` seconds (replicas).
    """
    if len(numbers) != len(names):
        return False
    recent = time.time() - settle
    return all(seq <= start and (not settle or at <= recent) for seq, at in numbers.values())


def subset(numbers, names):
    return {name: numbers[name] for name in names if name in numbers}


class Unsettled:
    """What a read found must be settled before its entries can be trusted."""

    def __init__(self, verified, due):
        self.verified = verified
        self.due = due  # {schedule name: its state, or None when unknown} come due

    def __bool__(self):
        return not self.verified or bool(self.due)


class Store:
    """Pages, pieces and dependency numbers in one Django cache."""

    def __init__(self, cache):
        self.cache = cache
        self.version = code_version()
        self.local = isinstance(cache, LocMemCache)
        self.stamp_path = self._stamp_path() if self.local else None
        self.stamp_seen = self._read_stamp()
        self.known_deps = OrderedDict()  # entry key -> its dependency keys, newest last
        self.down_until = 0.0  # when to try the cache again after it failed (monotonic)

    # sequence and bumps

    def _next_seq(self):
        try:
            return self.cache.incr(SEQ)
        except ValueError:
            # Missing (first use, eviction, flush): restart above any earlier number.
            self.cache.add(SEQ, time.time_ns(), timeout=None)
            return self.cache.incr(SEQ)

    @guarded
    def current_seq(self):
        value = self.cache.get(SEQ)
        if value is None:
            self.cache.add(SEQ, time.time_ns(), timeout=None)
            value = self.cache.get(SEQ)
        return value

    @guarded
    def bump(self, keys):
        """Make every entry that depends on `keys` stale; return the number given."""
        names = [f"pc:dep:{k}" for k in keys]
        # Taking a number and writing the keys are two round trips. A reader that took
        # the sequence in between would see the keys unchanged and keep, under its newer
        # number, a piece cached before the change: so the keys say "changed" first.
        # Should the second write never come (a worker killed in between), the mark is
        # replaced by a new number once it is PENDING_TIMEOUT old (numbers_from).
        self.cache.set_many(dict.fromkeys(names, (PENDING, time.time())), KEY_TIMEOUT)
        seq = self._next_seq()
        self.cache.set_many(dict.fromkeys(names, (seq, time.time())), timeout=KEY_TIMEOUT)
        self._touch_stamp()
        return seq

    @guarded
    def mark_verified(self, until):
        """Say, until the Unix time `until`, that the cache holds every change."""
        seconds = until - time.time()
        if seconds <= 0:
            return
        set_until = getattr(self.cache, "set_until", None)
        if set_until is not None:
            # An absolute deadline: a write delayed by a paused server cannot extend it.
            set_until(VERIFIED, 1, until)
        else:
            self.cache.set(VERIFIED, 1, seconds)

    @guarded
    def set_due(self, name, due, since):
        self.cache.set(due_key(name), {"due": due, "since": since}, KEY_TIMEOUT)

    # reading

    @guarded
    def read(self, keys):
        """({key: value} of `keys` found, the sequence number, Unsettled), one round trip.

        The sequence is read first: a cache that reads keys one by one (local memory,
        threads) must not pair a number taken after a bump with keys read before it.
        """
        self._sync_with_other_processes()
        names = list(SCHEDULES)
        due_keys = [due_key(name) for name in names]
        found = self.cache.get_many([SEQ, VERIFIED, *due_keys, *keys])
        now = time.time()
        due = {
            name: found.get(k)
            for name, k in zip(names, due_keys, strict=True)
            if k not in found or (found[k]["due"] is not None and found[k]["due"] <= now)
        }
        # Local memory holds nothing another process could have missed.
        verified = self.local or VERIFIED in found
        seq = found.get(SEQ)
        if seq is None:
            seq = self.current_seq()
        return found, seq, Unsettled(verified, due)

    def lookup(self, entry_key):
        """(entry or None, start, Unsettled): the entry (a page, a collected piece) if
        still valid, and the number an entry rendered now would record.

        One round trip in the usual case: the dependency keys of an entry this process
        has seen before are fetched together with it.
        """
        known = self.known_deps.get(entry_key, ())
        found, seq, unsettled = self.read([entry_key, *known])
        entry = found.get(entry_key)
        if entry is None or unsettled:
            return None, seq, unsettled
        names = dep_names(entry["deps"])
        if names == known:
            numbers = {name: found[name] for name in names if name in found}
            self.known_deps.move_to_end(entry_key)  # the least recently read is forgotten
        else:
            numbers = self._get_many(names)
            self._remember_deps(entry_key, names)
        return (entry if numbers_valid(names, numbers, entry["start"]) else None), seq, unsettled

    def cached_values(self, items):
        """({name: value} of `items` ({name: deps}) still valid, start, Unsettled), in one
        round trip for the values and their dependency keys."""
        stored_keys = {name: self._value_key(name) for name in items}
        deps = {name: dep_names(keys) for name, keys in items.items()}
        all_deps = sorted({dep for names in deps.values() for dep in names})
        found, start, unsettled = self.read([*stored_keys.values(), *all_deps])
        values = {}
        if unsettled:
            return values, start, unsettled
        for name, stored_key in stored_keys.items():
            stored = found.get(stored_key)
            if stored is None:
                continue
            if numbers_valid(deps[name], subset(found, deps[name]), stored["start"]):
                values[name] = stored["value"]
        return values, start, unsettled

    @guarded
    def _get_many(self, names):
        return self.cache.get_many(names)

    # writing

    @guarded
    def keep_values(self, start, items, values):
        """Store `values` ({name: value}), rendered since `start`, with their `items` deps,
        unless one of those was bumped meanwhile."""
        deps = {name: dep_names(keys) for name, keys in items.items()}
        numbers = self._numbers_from(start, sorted({d for names in deps.values() for d in names}))
        settle = settings.PAGE_CACHE_SETTLE_SECONDS
        entries = {
            self._value_key(name): {"value": value, "start": start}
            for name, value in values.items()
            if numbers_valid(deps[name], subset(numbers, deps[name]), start, settle)
        }
        if entries:
            self.cache.set_many(entries, settings.PAGE_CACHE_TIMEOUT)

    @guarded
    def unchanged_since(self, start, deps):
        """Has nothing in `deps` changed since `start` (nor, with replicas, too lately)?"""
        self._sync_with_other_processes()
        names = dep_names(deps)
        numbers = self._numbers_from(start, names)
        return numbers_valid(names, numbers, start, settings.PAGE_CACHE_SETTLE_SECONDS)

    @guarded
    def keep(self, entry_key, start, deps, entry):
        """Store `entry` (a dict: a page, a collected piece), built since `start` from
        `deps`, for lookup(), unless one of those changed since. Returns whether stored."""
        if not self.unchanged_since(start, deps):
            return False
        entry = {**entry, "start": start, "deps": sorted(deps)}
        self.cache.set(entry_key, entry, settings.PAGE_CACHE_TIMEOUT)
        self._remember_deps(entry_key, dep_names(entry["deps"]))
        return True

    def _numbers_from(self, start, names):
        """The numbers of dependency keys `names`, giving those never bumped `start`,
        and a new number to those whose bump never finished."""
        numbers = self.cache.get_many(names)
        missing = [name for name in names if name not in numbers]
        for name in missing:
            # Never bumped (or forgotten): nothing older than `start` can match it.
            self.cache.add(name, (start, 0.0), KEY_TIMEOUT)
        if missing:
            numbers = self.cache.get_many(names)
        abandoned_before = time.time() - PENDING_TIMEOUT
        abandoned = [
            name for name, (seq, at) in numbers.items() if seq == PENDING and at < abandoned_before
        ]
        if abandoned:
            # What changed was committed: a number after every page rendered so far
            # makes them all stale, as the finished bump would have.
            renewed = (self._next_seq(), time.time())
            self.cache.set_many(dict.fromkeys(abandoned, renewed), KEY_TIMEOUT)
            numbers.update(dict.fromkeys(abandoned, renewed))
        return numbers

    # keys of entries

    def page_key(self, url):
        return f"pc:page:{self.version}:{hashlib.sha256(url.encode()).hexdigest()}"

    def collected_key(self, name):
        # Hashed: names hold what came in the URL, of any length and any characters.
        return f"pc:col:{self.version}:{hashlib.sha256(name.encode()).hexdigest()}"

    def _value_key(self, name):
        return f"pc:val:{self.version}:{name}"

    def _remember_deps(self, entry_key, names):
        self.known_deps[entry_key] = names
        self.known_deps.move_to_end(entry_key)
        if len(self.known_deps) > KNOWN_PAGES:
            self.known_deps.popitem(last=False)

    # local memory: a stamp file tells this process of other processes' bumps

    def _stamp_path(self):
        configured = getattr(settings, "PAGE_CACHE_STAMP_FILE", None)
        if configured:
            return Path(configured)
        identity = f"{settings.BASE_DIR}|{settings.DATABASES['default'].get('NAME')}"
        identity += f"|{self.cache.key_prefix}"
        digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"campaign4change-pagecache-{digest}.stamp"

    def _read_stamp(self):
        if self.stamp_path is None:
            return None
        try:
            return self.stamp_path.stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def _touch_stamp(self):
        if self.stamp_path is None:
            return
        stamp = time.time_ns()
        self.stamp_path.touch(exist_ok=True)
        os.utime(self.stamp_path, ns=(stamp, stamp))
        self.stamp_seen = self._read_stamp()

    def _sync_with_other_processes(self):
        """Local memory only: another worker changed content, so drop our entries."""
        if self.stamp_path is None:
            return
        stamp = self._read_stamp()
        if stamp != self.stamp_seen:
            self.stamp_seen = stamp
            now = time.time()
            self.cache.set(f"pc:dep:{EPOCH}", (self._next_seq(), now), KEY_TIMEOUT)
            # The other worker may have moved when scheduled posts are due: the next read
            # works it out again, and runs what arrived since it last looked. Not by
            # forgetting it: an unknown due time drops every page with a change of its
            # own, whose stamp sends the other workers here in turn, and back, for ever.
            known = self.cache.get_many([due_key(name) for name in SCHEDULES])
            due_now = {k: {**state, "due": now} for k, state in known.items()}
            self.cache.set_many(due_now, KEY_TIMEOUT)


_stores = weakref.WeakKeyDictionary()


def get_store():
    """The store for the configured cache (one per cache object, so per thread)."""
    cache = caches[settings.PAGE_CACHE_ALIAS]
    store = _stores.get(cache)
    if store is None:
        store = _stores[cache] = Store(cache)
    return store
