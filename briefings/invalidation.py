"""Which cached pages each change to a briefing makes stale (campaign4change/pagecache/).

A briefing page depends on its briefing's key, ``briefings.briefing:<pk>``, which every
change to the briefing, its sections, entries, topic tags, curators and recorded
updates bumps — and so does any change to a post it lists (`posts_changed`), since a
draft post that goes live joins the page without the page ever having loaded it.
Posts show "Featured in", which depends on `featuring(post)`, and tag archives link to
briefings on their topic, so a change of entries or topics also bumps those keys and
tags; the index depends on `BRIEFING_LIST` for which briefings are published.

"Featured in" has a key of its own rather than the post's: editing a briefing then
refreshes its posts' pages, and not every list page that shows one of them.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles.models import Tag
from articles.signals import posts_changed
from briefings.models import (
    Briefing,
    BriefingChange,
    Entry,
    Section,
    TaggedBriefing,
    entry_restored,
    sync_entry_dates,
)
from campaign4change import pagecache, snapshots

BRIEFING_LIST = "briefings.briefing:list"


def briefing_key(briefing_id):
    return pagecache.key(Briefing, briefing_id)


def featuring(article_id):
    """Which published briefings list post `article_id` ("Featured in")."""
    return f"briefings.briefing:featuring:{article_id}"


def _shown_elsewhere(briefing_id):
    """Posts it features and tags it is about: their pages mention the briefing."""
    article_ids = Entry.objects.filter(
        section__briefing_id=briefing_id, article__isnull=False
    ).values_list("article_id", flat=True)
    tag_ids = TaggedBriefing.objects.filter(content_object_id=briefing_id).values_list(
        "tag_id", flat=True
    )
    return {featuring(pk) for pk in article_ids} | {pagecache.key(Tag, pk) for pk in tag_ids}


def briefing_saved(sender, instance, **kwargs):
    keys = {briefing_key(instance.pk), pagecache.kind_key(Briefing), BRIEFING_LIST}
    pagecache.invalidate(*keys, *_shown_elsewhere(instance.pk))


def remember_briefing(sender, instance, **kwargs):
    instance._cache_elsewhere = _shown_elsewhere(instance.pk)


def briefing_deleted(sender, instance, **kwargs):
    keys = {briefing_key(instance.pk), pagecache.kind_key(Briefing), BRIEFING_LIST}
    pagecache.invalidate(*keys, *getattr(instance, "_cache_elsewhere", ()))


def entry_changed(sender, instance, **kwargs):
    keys = set()
    briefing_id = (
        Section.objects.filter(pk=instance.section_id).values_list("briefing_id", flat=True).first()
    )
    if briefing_id is not None:
        keys.add(briefing_key(briefing_id))
    before = snapshots.stored(instance) if kwargs.get("signal") is post_save else None
    for article_id in (instance.article_id, before and before["article_id"]):
        if article_id:
            keys.add(featuring(article_id))
    pagecache.invalidate(*keys)


def part_changed(sender, instance, **kwargs):
    pagecache.invalidate(briefing_key(instance.briefing_id))


def history_changed(briefing_ids):
    """An announced update moves a briefing's "Last updated", and with it its place in
    the lists (the index, the front page): a briefing not on a list's page may enter it."""
    pagecache.invalidate(*(briefing_key(pk) for pk in briefing_ids), BRIEFING_LIST)


def change_saved(sender, instance, **kwargs):
    history_changed([instance.briefing_id])


def topics_changed(sender, instance, **kwargs):
    # Through rows of topic tags: the briefing and the tag archive that links to it.
    pagecache.invalidate(
        briefing_key(instance.content_object_id), pagecache.key(Tag, instance.tag_id)
    )


def relations_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    # briefing.tags.add()/set(), briefing.curators.add()/set() and their reverse sides.
    if not action.startswith("post_"):
        return
    keys = set()
    if isinstance(instance, Briefing):
        keys.add(briefing_key(instance.pk))
        if model is Tag:
            keys |= {pagecache.key(Tag, pk) for pk in pk_set or ()}
    elif model is Briefing:
        keys |= {briefing_key(pk) for pk in pk_set or ()}
    pagecache.invalidate(*keys)


def listed_posts_changed(sender, article_ids, **kwargs):
    sync_entry_dates(article_ids)
    briefing_ids = (
        Entry.objects.filter(article_id__in=article_ids)
        .values_list("section__briefing_id", flat=True)
        .distinct()
    )
    pagecache.invalidate(*(briefing_key(pk) for pk in briefing_ids))


def connect():
    uid = "briefings.invalidation"
    pagecache.track(Briefing)
    post_save.connect(briefing_saved, sender=Briefing, dispatch_uid=uid)
    pre_delete.connect(remember_briefing, sender=Briefing, dispatch_uid=uid)
    post_delete.connect(briefing_deleted, sender=Briefing, dispatch_uid=uid)
    snapshots.remember(Entry, "article_id")
    for signal in (post_save, post_delete):
        signal.connect(part_changed, sender=Section, dispatch_uid=uid)
        signal.connect(change_saved, sender=BriefingChange, dispatch_uid=uid)
    for signal in (post_save, post_delete):
        signal.connect(entry_changed, sender=Entry, dispatch_uid=uid)
        signal.connect(topics_changed, sender=TaggedBriefing, dispatch_uid=uid)
    for through in (TaggedBriefing, Briefing.curators.through):
        m2m_changed.connect(relations_changed, sender=through, dispatch_uid=uid)
    posts_changed.connect(listed_posts_changed, dispatch_uid=uid)
    pre_save.connect(entry_restored, sender=Entry, dispatch_uid=uid)
