"""Dependency keys: what a page (or a piece of one) is built from.

Two sources, collected while the page renders:

- *objects*: every instance of a tracked model (`track()`) loaded while the page
  renders adds its key, e.g. ``articles.article:42``, by itself; a page that loads more
  than `MAX_OBJECT_KEYS` objects depends on their kinds instead (``articles.article:*``);
- *lists*: what a page shows because it is *absent* elsewhere cannot be seen by
  tracking loads (a post newly tagged "NHS" belongs on /tag/nhs/ although that page
  never loaded it), so views declare it: ``depends_on("articles.tag:7:articles")``.
"""

import contextvars
from contextlib import contextmanager

from django.db.models.signals import post_init

MAX_OBJECT_KEYS = 200

_collector = contextvars.ContextVar("page_cache_collector", default=None)


def key(model_or_instance, pk=None):
    """The dependency key of one object: ``app_label.model:pk``."""
    if pk is None:
        pk = model_or_instance.pk
    return f"{model_or_instance._meta.label_lower}:{pk}"


def kind_key(model):
    """Bumped whenever any object of `model` changes."""
    return f"{model._meta.label_lower}:*"


def as_key(item):
    """A key given as a string, or an instance whose key it is."""
    return item if isinstance(item, str) else key(item)


class Collector:
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
        collector.keys.update(as_key(item) for item in keys)


@contextmanager
def collecting():
    """Collect the keys of what is loaded or declared inside the block."""
    collector = Collector()
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
