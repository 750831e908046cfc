"""Primary/replica routing, active when DATABASE_REPLICA_URLS is set.

Reads go to a replica (related objects to the one their parent was read from), except
when they must see the latest writes:
- inside a transaction on the primary (the admin saving a post, `atomic()` blocks):
  the reads belong to that transaction;
- after this request (or command) has written anything: it reads its own writes.
Writes and migrations go to the primary only.
"""

import random
import threading

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections

_state = threading.local()


def _unpin(**kwargs):
    _state.pinned = False


request_started.connect(_unpin, dispatch_uid="db_router.unpin")


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
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same data as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
