"""Primary/replica routing, active when DATABASE_REPLICA_URLS is set.

Reads go to a replica (related objects to the one their parent was read from), except
when they must see the latest writes:
- inside a transaction on the primary (the admin saving a post, `atomic()` blocks):
  the reads belong to that transaction;
- after this request (or command) has written anything: it reads its own writes;
- for a few seconds after the same browser sent a request that wrote (a save, then the
  page the admin redirects to): ReadYourWritesMiddleware pins it to the primary with a
  cookie, as a replica may not have replayed the save yet.
Writes and migrations go to the primary only.
"""

import random
import threading

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections

_state = threading.local()
PIN_COOKIE = "c4c_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _unpin(**kwargs):
    _state.pinned = False
    _state.wrote = False


request_started.connect(_unpin, dispatch_uid="db_router.unpin")


def pin_to_primary():
    """Every read until the end of this request goes to the primary."""
    _state.pinned = True


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = getattr(settings, "DATABASE_REPLICAS", [])
        if not replicas or getattr(_state, "pinned", False):
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        # Related objects (bylines, tags, prefetches) come from where their post came
        # from: one replica's consistent view, and the search's time-limited transaction.
        instance = hints.get("instance")
        if instance is not None and instance._state.db in replicas:
            return instance._state.db
        return random.choice(replicas)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model, **hints):
        _state.pinned = True
        _state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same data as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReadYourWritesMiddleware:
    """Read-your-writes across requests, with replicas.

    A request that changes something (POST and the like) and wrote to the database sets
    a short-lived cookie; requests carrying it read from the primary. Reads that only
    happen to write (a GET that records something in passing) set none: a public page
    must stay cacheable, and nobody is waiting to see that write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        if PIN_COOKIE in request.COOKIES:
            pin_to_primary()
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and getattr(_state, "wrote", False):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
