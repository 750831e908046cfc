"""Recording what each save of a briefing did to its entries, and showing it to readers.

The admin (and anything else that edits a briefing: the demo loader, a shell session)
takes a snapshot before saving and calls `record_change` after; the difference between
the two snapshots is the change. `for_readers` is what the public history and feeds show
of it: only posts that are public at the moment of the request.
"""

from bisect import bisect_left

from articles.models import Article
from briefings.models import BriefingChange, Entry
from campaign4change import pagecache

# Beyond this many posts named in one history, a page depends on every post's change.
MAX_POST_KEYS = 100


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


def is_post(item):
    """Does this history item name a post on this site (rather than an external link)?

    Items recorded before posts were stored with their id are recognised by their
    site-relative address.
    """
    return bool(item.get("article_id")) or item.get("url", "").startswith("/")


def for_readers(changes):
    """`changes` with `public_added` and `public_removed`: their items minus every post
    that is not public now (a draft, a scheduled post before its time, an unpublished or
    deleted one), so the history never names what a reader cannot open. One query.

    The page showing them depends on those posts: one published later appears in the
    history then, one unpublished disappears from it.
    """
    changes = list(changes)
    items = [item for change in changes for item in (*change.added, *change.removed)]
    article_ids = {item["article_id"] for item in items if item.get("article_id")}
    public = set(
        Article.objects.published().filter(pk__in=article_ids).values_list("pk", flat=True)
    )
    if len(article_ids) > MAX_POST_KEYS:
        pagecache.depends_on(pagecache.kind_key(Article))
    else:
        pagecache.depends_on(*(pagecache.key(Article, pk) for pk in article_ids))

    def shown(item):
        return not is_post(item) or item.get("article_id") in public

    for change in changes:
        change.public_added = [item for item in change.added if shown(item)]
        change.public_removed = [item for item in change.removed if shown(item)]
    return changes
