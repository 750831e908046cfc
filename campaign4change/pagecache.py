"""Whole-page cache for anonymous readers, invalidated precisely when content changes.

How it stays fresh without timeouts (docs/caching.md tells the long story):

* Every cached page records the **dependency keys** it was built from. Two sources:
  - *objects*: every instance of a tracked model (`track()`) loaded while the page
    renders adds its key, e.g. ``articles.article:42``, automatically; a page that
    loads more than `MAX_OBJECT_KEYS` objects depends on their kinds instead
    (``articles.article:*``);
  - *lists*: what a page shows because it is *absent* elsewhere cannot be seen by
    tracking loads (a post newly tagged "NHS" belongs on /tag/nhs/ although that page
    never loaded it), so list views declare it: ``depends_on("articles.tag:7:articles")``.
* A change **bumps** the keys it affects (`invalidate()`, wired to model signals by
  `watch()` or by the app, e.g. articles/invalidation.py): each key gets the next value
  of one shared, increasing sequence number.
* A page is served from the cache only if none of its keys was bumped after the page
  started rendering (every key's number ≤ the number read before rendering). A change
  committed while a page was rendering therefore never leaves that page cached.
* Bumps happen when the change is made and again when its transaction commits, so no
  reader can re-cache the old content in between.
* Scheduled content (a post whose publish time comes later) needs no change to appear:
  apps register the next time something becomes due (`schedule()`), and the first
  lookup after that time bumps what became due.

Only anonymous GET/HEAD requests without a session or messages cookie use the cache;
responses that set a cookie, vary on more than the cookie, are not 200, or say
``Cache-Control: private/no-store/no-cache`` (staff pages, previews: `never_cache`) are
never stored. Cached or not, anonymous pages get an ETag and Last-Modified and answer
conditional requests with 304.

Backends: any shared Django cache (Redis with ``REDIS_URL``) gives the behaviour above
across every worker and server. The local-memory cache lives in one process, so
workers on one machine also watch a stamp file that every bump touches: a worker that
sees another worker's bump empties its own page cache (correct, but coarser).
"""

import contextvars
import functools
import hashlib
import logging
import math
import os
import tempfile
import time
import weakref
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote_plus

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import models, router, transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_http_date_safe

MAX_OBJECT_KEYS = 200
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
KNOWN_PAGES = 5000  # pages whose dependency keys a process remembers (a few MB at most)
# Dependency numbers outlive pages; a number that expired counts as "changed just now".
KEY_TIMEOUT = 60 * 60 * 24 * 7
BYPASS_COOKIES = ("messages",)
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}

_SEQ = "pc:seq"
PENDING = math.inf  # the number of a key being bumped: newer than every page
PENDING_TIMEOUT = 60  # seconds: a mark older than this is a bump that never finished
_EPOCH = "pc:epoch"  # every page depends on it: bumped to drop everything at once

logger = logging.getLogger(__name__)
try:  # Errors of an unreachable cache server: pages are then served uncached.
    from redis.exceptions import RedisError

    CACHE_ERRORS = (OSError, RedisError)
except ImportError:  # pragma: no cover - redis is a dependency
    CACHE_ERRORS = (OSError,)
# Set when a bump could not reach the cache: the cache may still hold pages that the
# missed change made stale, so everything is dropped as soon as the cache answers again.
_missed_bump = {"pending": False}

_collector = contextvars.ContextVar("page_cache_collector", default=None)
_tracked = {}  # model -> key function
_schedules = {}  # name -> (next_due(now) -> timestamp | None, arrived(since, until))


# Keys -----------------------------------------------------------------------------------


def key(model_or_instance, pk=None):
    """The dependency key of one object: ``app_label.model:pk``."""
    if pk is None:
        pk = model_or_instance.pk
    return f"{model_or_instance._meta.label_lower}:{pk}"


def kind_key(model):
    """Bumped whenever any object of `model` changes."""
    return f"{model._meta.label_lower}:*"


def _as_key(item):
    return item if isinstance(item, str) else key(item)


# Declaring what a page depends on --------------------------------------------------------


class _Collector:
    def __init__(self):
        self.objects = set()
        self.keys = set()

    def result(self):
        if len(self.objects) > MAX_OBJECT_KEYS:
            # A page showing hundreds of objects (a sitemap) depends on their kinds.
            objects = {f"{label}:*" for label, _pk in self.objects}
        else:
            objects = {f"{label}:{pk}" for label, pk in self.objects}
        return objects | self.keys


def depends_on(*keys):
    """Make the page being rendered depend on `keys` (strings or model instances).

    For what object tracking cannot see: membership of a list ("the public posts
    tagged 7"), or objects read with values()/raw SQL. Harmless outside a request.
    """
    collector = _collector.get()
    if collector is not None:
        collector.keys.update(_as_key(item) for item in keys)


@contextmanager
def collecting():
    collector = _Collector()
    token = _collector.set(collector)
    try:
        yield collector
    finally:
        _collector.reset(token)


def _record_loaded(sender, instance, **kwargs):
    collector = _collector.get()
    if collector is not None and instance.pk is not None:
        collector.objects.add((sender._meta.label_lower, instance.pk))


def _record_kind_loaded(sender, instance, **kwargs):
    collector = _collector.get()
    if collector is not None:
        collector.keys.add(kind_key(sender))


def track(*models, by_kind=False):
    """Pages that load an instance of `models` depend on that instance's key.

    With `by_kind`, on their kind's key instead: for small objects that most pages show
    dozens of (tags, authors), one key rather than dozens to check on every cached
    read; a change to any of them then makes every such page stale, which suits
    changes as rare as renaming a tag.
    """
    record, mode = (_record_kind_loaded, "kind") if by_kind else (_record_loaded, "object")
    for model in models:
        # One uid per mode: tracking a model both ways records both, never silently one.
        uid = f"pagecache:track:{mode}:{model._meta.label_lower}"
        post_init.connect(record, sender=model, weak=False, dispatch_uid=uid)


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

    def remember(sender, instance, raw=False, using=None, **kwargs):
        instance._pagecache_shown = None
        if not raw and instance.pk is not None:
            # From the database written to: a lagging replica must not hide a change.
            before = sender._base_manager.using(using).filter(pk=instance.pk)
            if transaction.get_connection(using).in_atomic_block:
                # Locked until this save commits: a rename committing meanwhile must
                # not be written back over unseen, with only this object's key bumped.
                before = before.select_for_update()
            instance._pagecache_shown = before.values_list(*fields).first()

    def changed(sender, instance, raw=False, created=False, signal=None, **kwargs):
        if created and not creation_shows:
            return  # a new tag or author is on no page until a post links to it
        affected = {key(instance)}
        shown = getattr(instance, "_pagecache_shown", None)
        now_shown = tuple(getattr(instance, f) for f in fields)
        if signal is post_delete or not fields or shown is None or shown != now_shown:
            affected.add(kind_key(sender))
        instance._pagecache_shown = None  # a deletion after this save compares nothing
        if keys is not None:
            affected.update(_as_key(item) for item in keys(instance) if item is not None)
        invalidate(*affected)

    uid = f"pagecache:watch:{model._meta.label_lower}"
    if fields:
        pre_save.connect(remember, sender=model, weak=False, dispatch_uid=uid)
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


def schedule(name, next_due, arrived):
    """Let time-based changes (scheduled publishing) invalidate pages when they are due.

    `next_due(now)` returns the next timestamp at which something becomes visible (or
    None); `arrived(since, until)` invalidates what became visible in that interval.
    Call `reschedule(name)` after any change that may move the next due time.
    """
    _schedules[name] = (next_due, arrived)


# Invalidation -----------------------------------------------------------------------------


def invalidate(*keys):
    """Bump `keys` now and again when the current transaction commits.

    Runs whether or not this process serves cached pages: a management command or a
    shell must invalidate the pages that the web servers keep.
    """
    keys = {_as_key(item) for item in keys}
    if not keys:
        return
    store = get_store()
    store.safe_bump(keys)
    _again_on_commit(lambda: store.safe_bump(keys))


def _again_on_commit(function):
    # Inside a transaction, pages rendered before it commits saw the old data: do it
    # again then. Outside one, on_commit would run it at once, a second time for nothing.
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(function, robust=True)


def invalidate_all():
    """Drop every cached page (bulk loads, imports, deployments of new data)."""
    invalidate(_EPOCH)


def remember(name, keys, compute):
    """The value of `compute()`, cached until one of `keys` is bumped.

    For what is costly to compute and changes exactly when pages do, such as the number
    of posts in a big archive: `remember("count:tag:7", ["articles.tag:7:articles"],
    query.count)`. Works whether or not pages are cached. The page being rendered
    depends on `keys` too: what it shows from the value goes stale with them.
    """
    depends_on(*keys)
    try:
        return get_store().remember(name, [_as_key(k) for k in keys], compute)
    except CACHE_ERRORS as error:
        logger.warning("Cache unavailable (%s): computing %s afresh.", error, name)
        return compute()


def fragments(items, render_missing):
    """Pieces of pages kept until one of their keys is bumped ("Russian-doll" caching).

    `items` maps each piece's name to the dependency keys of everything it shows;
    `render_missing(names)` returns ``{name: html}`` for the pieces that are not in the
    cache, all at once (one query for ten posts, not ten). A name it leaves out is
    left out of the result. One round trip to the cache reads the whole batch.

    Whole pages go stale together when any post on them changes; their pieces do not:
    publishing a post rebuilds the home page and its tag archives from nine cached
    summaries and one new one. The page being rendered depends on every piece's keys,
    cached or not. With ``FRAGMENT_CACHE`` off (development) pieces are always rendered.
    """
    items = {name: [_as_key(k) for k in keys] for name, keys in items.items()}
    for keys in items.values():
        depends_on(*keys)
    if not items:
        return {}
    if not settings.FRAGMENT_CACHE:
        return render_missing(list(items))
    try:
        store = get_store()
        found, start = store.cached_values(items)
    except CACHE_ERRORS as error:
        logger.warning("Cache unavailable (%s): rendering page fragments afresh.", error)
        return render_missing(list(items))
    missing = [name for name in items if name not in found]
    if missing:
        rendered = {name: html for name, html in render_missing(missing).items() if name in items}
        found.update(rendered)
        try:
            store.keep_values(start, {name: items[name] for name in rendered}, rendered)
        except CACHE_ERRORS as error:
            logger.warning("Cache unavailable (%s): page fragments not stored.", error)
    return {name: found[name] for name in items if name in found}


def collected(name, build):
    """`build()`, kept until anything it read changes: the keys it declared and those of
    the tracked objects it loaded, found while it ran, as for a whole page.

    For a piece whose keys are known only once it is built: a post's own part of its
    page, whose related posts and briefings come from queries (`fragments()` takes keys
    up front, to check a batch of pieces in one round trip). One round trip too once
    this process has seen the piece. A None from `build()` is not kept. The page being
    rendered depends on the piece's keys, cached or not; with ``FRAGMENT_CACHE`` off it
    is always built.
    """
    if not settings.FRAGMENT_CACHE:
        return build()
    try:
        store = get_store()
        entry_key = store.collected_key(name)
        entry, start = store.lookup(entry_key)
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
            store.keep(entry_key, start, deps, {"value": value})
        except CACHE_ERRORS as error:
            logger.warning("Cache unavailable (%s): %s not stored.", error, name)
    return value


def reschedule(name):
    if name not in _schedules:
        return
    store = get_store()

    def run():
        try:
            store.reschedule(name)
        except CACHE_ERRORS as error:
            _missed_bump["pending"] = True
            logger.error("Cache unavailable (%s): could not reschedule %s.", error, name)

    run()
    _again_on_commit(run)


# The store ---------------------------------------------------------------------------------


@functools.cache
def _code_version():
    # Pages and pieces rendered by other code or templates, or pointing at other static
    # files, must not be served after a deployment (nor a piece whose shape the new
    # code does not expect): every key includes a hash of the site's own Python code,
    # its templates, the static manifest and Django's version.
    digest = hashlib.sha256(django.get_version().encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    sources = [(folder, "*") for folder in _template_folders()]
    sources += [(folder, "*.py") for folder in _code_folders()]
    for folder, pattern in sources:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _code_folders():
    """The folders of the site's own apps (not Django's, nor installed packages')."""
    base = Path(settings.BASE_DIR).resolve()
    folders = {Path(app.path).resolve() for app in apps.get_app_configs()}
    return sorted(folder for folder in folders if folder.is_relative_to(base))


def _template_folders():
    folders = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    base = Path(settings.BASE_DIR)
    folders += sorted(p for p in base.glob("*/templates") if p.is_dir())
    return [folder for folder in folders if folder.is_dir()]


class Store:
    """Pages and dependency numbers in a Django cache."""

    def __init__(self, cache):
        self.cache = cache
        self.version = _code_version()
        self.local = isinstance(cache, LocMemCache)
        self.stamp_path = self._stamp_path() if self.local else None
        self.stamp_seen = self._read_stamp()
        self.known_deps = OrderedDict()  # page key -> its dependency keys, most recent last

    # sequence and bumps

    def _next_seq(self):
        try:
            return self.cache.incr(_SEQ)
        except ValueError:
            # Missing (first use, eviction, flush): restart above any earlier number.
            self.cache.add(_SEQ, time.time_ns(), timeout=None)
            return self.cache.incr(_SEQ)

    def current_seq(self):
        value = self.cache.get(_SEQ)
        if value is None:
            self.cache.add(_SEQ, time.time_ns(), timeout=None)
            value = self.cache.get(_SEQ)
        return value

    def safe_bump(self, keys):
        """Bump, never failing the change itself when the cache cannot be reached."""
        try:
            self.bump(keys)
        except CACHE_ERRORS as error:
            _missed_bump["pending"] = True
            logger.error("Cache unavailable (%s): a change could not invalidate pages.", error)

    def _recover(self):
        if _missed_bump["pending"]:
            self.bump([_EPOCH])
            _missed_bump["pending"] = False

    def bump(self, keys):
        names = [f"pc:dep:{k}" for k in keys]
        # Taking a number and writing the keys are two round trips. A reader that took
        # the sequence in between would see the keys unchanged and keep, under its newer
        # number, a piece cached before the change: so the keys say "changed" first.
        # Should the second write never come (a worker killed in between), the mark is
        # replaced by a new number once it is PENDING_TIMEOUT old (_numbers_from).
        self.cache.set_many(dict.fromkeys(names, (PENDING, time.time())), KEY_TIMEOUT)
        seq = self._next_seq()
        now = time.time()
        self.cache.set_many(dict.fromkeys(names, (seq, now)), timeout=KEY_TIMEOUT)
        self._touch_stamp()

    # the local-memory stamp file

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
        """Local memory only: another worker changed content, so drop our pages."""
        if self.stamp_path is None:
            return
        stamp = self._read_stamp()
        if stamp != self.stamp_seen:
            self.stamp_seen = stamp
            self.cache.set(f"pc:dep:{_EPOCH}", (self._next_seq(), time.time()), KEY_TIMEOUT)
            self.cache.delete_many([f"pc:due:{name}" for name in _schedules])

    # scheduled changes

    def reschedule(self, name, since=None):
        next_due, _arrived = _schedules[name]
        now = time.time()
        due = next_due(now)
        self.cache.set(f"pc:due:{name}", {"due": due, "since": since or now}, KEY_TIMEOUT)

    def _run_due(self, schedules):
        now = time.time()
        for name in _schedules:
            state = schedules.get(f"pc:due:{name}")
            if state is None:
                # Unknown (first lookup, eviction): we cannot tell what became due
                # meanwhile, so every page is rebuilt once.
                self.bump([_EPOCH])
                self.reschedule(name)
            elif state["due"] is not None and state["due"] <= now:
                self.reschedule(name, since=now)
                _schedules[name][1](state["since"], now)

    # pages

    def page_key(self, request):
        query = cache_query(request)
        url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
        url += f"?{query}" if query else ""
        return f"pc:page:{self.version}:{hashlib.sha256(url.encode()).hexdigest()}"

    def lookup(self, page_key):
        """The cached page (or collected piece) for `page_key` if still valid, and the
        current sequence.

        One round trip to the cache in the usual case: the dependency keys of a page
        this process has seen before are fetched together with the page.
        """
        self._sync_with_other_processes()
        self._recover()
        known = self.known_deps.get(page_key, ())
        found, seq, ran_due = self._fetch([page_key, *known])
        if ran_due:
            known = ()
        page = found.get(page_key)
        if page is None:
            return None, seq
        names = self._dep_names(page["deps"])
        if names == known:
            numbers = {name: found[name] for name in names if name in found}
            self.known_deps.move_to_end(page_key)  # the least recently read is forgotten
        else:
            numbers = self.cache.get_many(names)
            self._remember_deps(page_key, names)
        if self._numbers_valid(names, numbers, page["start"]):
            return page, seq
        return None, seq

    def _fetch(self, keys):
        """`keys` with the sequence number, after bumping anything scheduled that is due."""
        due_keys = [f"pc:due:{name}" for name in _schedules]
        # The sequence first: a cache that reads keys one by one (local memory, threads)
        # must not pair a number taken after a bump with keys read before it.
        found = self.cache.get_many([_SEQ, *keys, *due_keys])
        seq = found.get(_SEQ)
        now = time.time()
        ran_due = any(k not in found or _is_due(found[k], now) for k in due_keys)
        if ran_due:
            self._run_due(found)
            seq = None  # what became due was just bumped: start after it
        if seq is None:
            seq = self.current_seq()
        return found, seq, ran_due

    def remember(self, name, deps, compute):
        """`compute()`, kept until one of `deps` is bumped (see `remember()`)."""
        found, start = self.cached_values({name: deps})
        if name in found:
            return found[name]
        value = compute()
        self.keep_values(start, {name: deps}, {name: value})
        return value

    def cached_values(self, items):
        """({name: value} of `items` ({name: deps}) still valid, start), in one round trip
        for the values and their dependency keys (as lookup() does)."""
        self._sync_with_other_processes()
        self._recover()
        stored_keys = {name: self._value_key(name) for name in items}
        deps = {name: self._dep_names(keys) for name, keys in items.items()}
        all_deps = sorted({dep for names in deps.values() for dep in names})
        found, start, ran_due = self._fetch([*stored_keys.values(), *all_deps])
        # What just became due was bumped after the fetch: read the keys again.
        numbers = self.cache.get_many(all_deps) if ran_due else found
        values = {}
        for name, key in stored_keys.items():
            stored = found.get(key)
            if stored is None:
                continue
            if self._numbers_valid(deps[name], _subset(numbers, deps[name]), stored["start"]):
                values[name] = stored["value"]
        return values, start

    def keep_values(self, start, items, values):
        """Store `values` ({name: value}), rendered since `start`, with their `items` deps,
        unless one of those was bumped meanwhile."""
        deps = {name: self._dep_names(keys) for name, keys in items.items()}
        numbers = self._numbers_from(start, sorted({d for names in deps.values() for d in names}))
        settle = settings.PAGE_CACHE_SETTLE_SECONDS
        entries = {
            self._value_key(name): {"value": value, "start": start}
            for name, value in values.items()
            if self._numbers_valid(deps[name], _subset(numbers, deps[name]), start, settle)
        }
        if entries:
            self.cache.set_many(entries, settings.PAGE_CACHE_TIMEOUT)

    def _value_key(self, name):
        return f"pc:val:{self.version}:{name}"

    def collected_key(self, name):
        # Hashed: names hold what came in the URL, of any length and any characters.
        return f"pc:col:{self.version}:{hashlib.sha256(name.encode()).hexdigest()}"

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

    @staticmethod
    def _dep_names(deps):
        return (*(f"pc:dep:{k}" for k in deps), f"pc:dep:{_EPOCH}")

    def _remember_deps(self, page_key, names):
        self.known_deps[page_key] = names
        self.known_deps.move_to_end(page_key)
        if len(self.known_deps) > KNOWN_PAGES:
            self.known_deps.popitem(last=False)

    @staticmethod
    def _numbers_valid(names, numbers, start, settle=0):
        if len(numbers) != len(names):
            return False
        recent = time.time() - settle
        return all(seq <= start and (not settle or at <= recent) for seq, at in numbers.values())

    def save(self, page_key, start, deps, response):
        """Store the page rendered since `start`, unless one of its `deps` changed since."""
        page = {
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() != "x-cache"],
            "content": response.content,
        }
        return self.keep(page_key, start, deps, page)

    def keep(self, entry_key, start, deps, entry):
        """Store `entry` (a dict: a page, a collected piece), built since `start` from
        `deps`, for lookup(), unless one of those changed since."""
        self._sync_with_other_processes()
        names = self._dep_names(deps)
        numbers = self._numbers_from(start, names)
        if not self._numbers_valid(names, numbers, start, settings.PAGE_CACHE_SETTLE_SECONDS):
            return False
        entry = {**entry, "start": start, "deps": sorted(deps)}
        self.cache.set(entry_key, entry, settings.PAGE_CACHE_TIMEOUT)
        self._remember_deps(entry_key, self._dep_names(entry["deps"]))
        return True


def _subset(numbers, names):
    return {name: numbers[name] for name in names if name in numbers}


def _is_due(state, now):
    return state["due"] is not None and state["due"] <= now


_stores = weakref.WeakKeyDictionary()


def get_store():
    """The store for the configured cache (one per cache object, so per thread)."""
    cache = caches[settings.PAGE_CACHE_ALIAS]
    store = _stores.get(cache)
    if store is None:
        store = _stores[cache] = Store(cache)
    return store


# The middleware ----------------------------------------------------------------------------


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


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_anonymous_read(request):
            return self.get_response(request)
        if not settings.PAGE_CACHE:
            response = self.get_response(request)
            if request.method == "GET" and _is_public_page(request, response):
                _add_validators(response)
                return _conditional(request, response)
            return response

        store = get_store()
        page_key = store.page_key(request)
        try:
            page, start = store.lookup(page_key)
        except CACHE_ERRORS as error:
            logger.warning("Cache unavailable (%s): serving pages uncached.", error)
            return self.get_response(request)
        if page is not None:
            response = _response_from(page)
            response["X-Cache"] = "HIT"
            return _conditional(request, response)

        with collecting() as collector:
            response = self.get_response(request)
        if request.method == "GET" and _is_public_page(request, response):
            _add_validators(response)
            try:
                stored = store.save(page_key, start, collector.result(), response)
            except CACHE_ERRORS as error:
                logger.warning("Cache unavailable (%s): page not stored.", error)
                stored = False
            response["X-Cache"] = "MISS" if stored else "PASS"
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
