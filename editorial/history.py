"""Revisions (django-reversion): which models keep them, and how many.

A "tracked" model is a top-level piece of content (a post, a briefing) whose admin
saves a revision with all its inlines each time. Each object keeps its newest
settings.REVISIONS_KEEP revisions; older ones are pruned as new ones are saved (and by
`manage.py prune_revisions` for existing data), so years of edits stay bounded.
"""

import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.db.models.signals import post_delete
from reversion import is_registered
from reversion import register as reversion_register
from reversion.models import Revision, Version
from reversion.signals import post_revision_commit

_tracked = set()


def register(model, follow_paths=()):
    """Keep revisions of `model` with the related rows named in `follow_paths`.

    Each path is a chain of reverse accessors: "sections.entries" stores a briefing's
    sections and each section's entries, so a revision restores all of them together.
    """
    tree = {}
    for path in follow_paths:
        node = tree
        for name in path.split("."):
            node = node.setdefault(name, {})
    _register_tree(model, tree)
    _tracked.add(model._meta.label_lower)


def _register_tree(model, tree):
    if not is_registered(model):
        reversion_register(model, follow=tuple(tree))
    for accessor, subtree in tree.items():
        _register_tree(_related_model(model, accessor), subtree)


def _related_model(model, accessor):
    relation = _reverse_relation(model, accessor)
    if relation is not None:
        return relation.related_model
    return model._meta.get_field(accessor).related_model


def _reverse_relation(model, accessor):
    for relation in model._meta.related_objects:
        if relation.get_accessor_name() == accessor:
            return relation
    return None


def rows_in_revision(revision, obj, accessor):
    """The rows of `obj`'s reverse relation `accessor` as `revision` stored them
    (unsaved instances; their foreign keys point at live objects)."""
    relation = _reverse_relation(type(obj), accessor)
    model, key = relation.related_model, relation.field.attname
    versions = revision.version_set.filter(content_type=ContentType.objects.get_for_model(model))
    # reversion's own deserialised copy: what a restore would write back.
    rows = [version._object_version.object for version in versions]
    return [row for row in rows if getattr(row, key) == obj.pk]


def tracked_models():
    from django.apps import apps

    return [apps.get_model(label) for label in sorted(_tracked)]


def is_tracked(model):
    return model._meta.label_lower in _tracked


def latest_version(obj):
    """The newest stored version of `obj` (with its revision's user), or None."""
    return Version.objects.get_for_object(obj).select_related("revision", "revision__user").first()


def prune(model, object_id, keep):
    """Delete the revisions of one object beyond its newest `keep`; return how many."""
    revision_ids = list(
        Version.objects.get_for_object_reference(model, object_id)
        .order_by("-revision__date_created", "-pk")
        .values_list("revision_id", flat=True)[keep:]
    )
    if not revision_ids:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    tracked_types = [ContentType.objects.get_for_model(m) for m in tracked_models()]
    # A revision that also holds another post or briefing stays: deleting it would
    # take that object's history with it.
    shared = Version.objects.filter(
        revision=OuterRef("pk"), content_type__in=tracked_types
    ).exclude(content_type=content_type, object_id=str(object_id))
    stale = Revision.objects.filter(pk__in=revision_ids).exclude(Exists(shared))
    count = stale.count()
    stale.delete()
    return count


def prune_all(keep, models=None):
    """Prune every object of the tracked `models` (deleted ones too); {label: count}."""
    result = {}
    for model in models or tracked_models():
        crowded = (
            Version.objects.get_for_model(model)
            .order_by()
            .values("object_id")
            .annotate(n=Count("pk"))
            .filter(n__gt=keep)
            .values_list("object_id", flat=True)
        )
        with transaction.atomic():
            result[model._meta.label] = sum(prune(model, pk, keep) for pk in list(crowded))
    return result


def prune_after_save(sender, revision, versions, **kwargs):
    keep = settings.REVISIONS_KEEP
    if not keep:
        return
    for version in versions:
        model = version.content_type.model_class()
        if model is not None and is_tracked(model):
            prune(model, version.object_id, keep)


post_revision_commit.connect(prune_after_save, dispatch_uid="editorial.prune_after_save")


# Keeping old revisions restorable ----------------------------------------------------
#
# A revision stores rows that point at other objects (a post's tags, its byline). When
# one of those objects is deleted or merged away, the stored rows are updated so that
# restoring an old revision never points at something that is gone.


def _points_at(value, pk):
    return value == pk or (isinstance(value, list) and pk in value)


def _versions_pointing_at(model, field, pk):
    if not is_registered(model):
        return
    # The text filter narrows the search to versions mentioning the id; the parsed
    # check makes it exact (12 is not 123). A many-to-many field holds a list of ids.
    versions = Version.objects.get_for_model(model).filter(serialized_data__contains=f'"{field}": ')
    if isinstance(pk, int):
        versions = versions.filter(serialized_data__contains=str(pk))
    for version in versions.iterator():
        data = json.loads(version.serialized_data)
        if data and _points_at(data[0]["fields"].get(field), pk):
            yield version, data


def forget_references(model, field, pk):
    """Make stored `model` rows stop pointing at the deleted object `pk`: a row that
    points at it through a foreign key is dropped; a many-to-many list loses the id."""
    stale = []
    for version, data in _versions_pointing_at(model, field, pk):
        value = data[0]["fields"][field]
        if isinstance(value, list):
            data[0]["fields"][field] = [item for item in value if item != pk]
            version.serialized_data = json.dumps(data)
            version.save(update_fields=["serialized_data"])
        else:
            stale.append(version.pk)
    Version.objects.filter(pk__in=stale).delete()


def replace_references(model, field, old_pk, new_pk):
    """Point stored `model` rows from `old_pk` to `new_pk` (after a merge); a row that
    becomes a duplicate within its revision is dropped."""
    for version, data in list(_versions_pointing_at(model, field, old_pk)):
        data[0]["fields"][field] = new_pk
        siblings = Version.objects.filter(
            revision_id=version.revision_id, content_type_id=version.content_type_id
        ).exclude(pk=version.pk)
        if any(
            json.loads(sibling.serialized_data)[0]["fields"] == data[0]["fields"]
            for sibling in siblings
        ):
            version.delete()
            continue
        version.serialized_data = json.dumps(data)
        version.save(update_fields=["serialized_data"])


def keep_references_restorable(referenced_model, model, field):
    """When a `referenced_model` object is deleted, forget stored `model` rows that
    point at it through `field`."""

    def forget(sender, instance, **kwargs):
        forget_references(model, field, instance.pk)

    post_delete.connect(
        forget,
        sender=referenced_model,
        weak=False,
        dispatch_uid=f"history:{model._meta.label}.{field}",
    )
