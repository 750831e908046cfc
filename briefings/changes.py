"""Recording what each save of a briefing did to its entries.

The admin (and anything else that edits a briefing: the demo loader, a shell session)
takes a snapshot before saving and calls `record_change` after; the difference between
the two snapshots is the change.
"""

from bisect import bisect_left

from briefings.models import BriefingChange, Entry


def snapshot(briefing):
    """The briefing's entries as {entry id: description}, in one query."""
    if briefing.pk is None:
        return {}
    entries = (
        Entry.objects.filter(section__briefing=briefing)
        .select_related("section", "article")
        .order_by("section__position", "section_id", "position", "id")
    )
    return {entry.pk: entry.snapshot() for entry in entries}


def moved_entries(before, after):
    """Entries that changed section, or whose order among their neighbours changed.

    Within a section, the entries that kept their relative order are the longest
    increasing run of old positions; only the others moved. Dragging one entry to the top
    therefore moves one entry, not every entry below it.
    """
    moved = []
    common = [pk for pk in after if pk in before]
    by_section = {}
    for pk in common:
        if before[pk]["section_id"] != after[pk]["section_id"]:
            moved.append(pk)
        else:
            by_section.setdefault(after[pk]["section_id"], []).append(pk)
    old_rank = {pk: rank for rank, pk in enumerate(before)}
    for pks in by_section.values():
        pks.sort(key=lambda pk: (after[pk]["position"], pk))
        kept = _longest_increasing(pks, key=old_rank.__getitem__)
        moved.extend(pk for pk in pks if pk not in kept)
    return moved


def _longest_increasing(items, key):
    """The items of one longest run whose keys increase (patience sorting)."""
    tails, tail_items, parent = [], [], {}
    for item in items:
        value = key(item)
        i = bisect_left(tails, value)
        parent[item] = tail_items[i - 1] if i else None
        if i == len(tails):
            tails.append(value)
            tail_items.append(item)
        else:
            tails[i] = value
            tail_items[i] = item
    kept, item = set(), tail_items[-1] if tail_items else None
    while item is not None:
        kept.add(item)
        item = parent[item]
    return kept


def record_change(briefing, user, before, notable=False, note="", changed_fields=()):
    """Store one change of `briefing`, comparing `before` with the entries now saved."""
    after = snapshot(briefing)
    added = [after[pk] for pk in after if pk not in before]
    removed = [before[pk] for pk in before if pk not in after]
    moved = [after[pk] for pk in moved_entries(before, after)]
    return BriefingChange.objects.create(
        briefing=briefing,
        user=user if user is not None and user.is_authenticated else None,
        notable=notable,
        note=note.strip(),
        added=added,
        removed=removed,
        moved=moved,
        changed_fields=list(changed_fields),
    )
