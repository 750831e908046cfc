"""One read of a row before it is saved, for everyone who must compare with it.

Several parts of the site react to what a save changed: the page cache (did the post
go public? was the tag renamed?), derived data (new names to copy onto posts), links
that never break (did the address move?). Each names the fields it compares
(`remember(Model, "slug", ...)`, at start-up); one pre_save receiver per model reads
all of them in one query, and `stored(instance)` gives them to each afterwards.
"""

from django.db import transaction
from django.db.models.signals import pre_save

_fields = {}  # model -> the fields anyone compares


def remember(model, *fields):
    """Read `fields` of `model`'s stored row before each save (see `stored`)."""
    known = _fields.setdefault(model, set())
    known.update(fields)
    pre_save.connect(
        _take, sender=model, weak=False, dispatch_uid=f"snapshots:{model._meta.label_lower}"
    )


def stored(instance):
    """{field: value} of `instance` as it was stored before this save; None when it was
    new (or loaded from a fixture)."""
    return getattr(instance, "_stored_before_save", None)


def _take(sender, instance, raw=False, using=None, **kwargs):
    instance._stored_before_save = None
    if raw or instance.pk is None:
        return
    # From the database written to: a lagging replica must not hide a change.
    rows = sender._base_manager.using(using).filter(pk=instance.pk)
    if transaction.get_connection(using).in_atomic_block:
        # Locked until this save commits: a change committing meanwhile must not be
        # written back over unseen, nor be compared with a value it replaced.
        rows = rows.select_for_update()
    instance._stored_before_save = rows.values(*sorted(_fields[sender])).first()
