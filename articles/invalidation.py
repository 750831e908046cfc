"""Which cached pages each change to posts, authors and tags makes stale.

Keys (see campaign4change/pagecache/):
- ``articles.article:<pk>`` — the post and what hangs off it (byline, tags, related
  links, updates); every page that shows the post depends on it by loading it.
- `ARTICLE_LIST` — the set and order of public posts (home, date archives, feeds).
- `MONTHS` — which months have public posts: the month list in every page's footer.
  Bumped only when a month gains its first public post or loses its last (or may
  have), so publishing into a month that has posts leaves unrelated pages cached.
- ``articles.tag:<pk>:articles`` / ``articles.author:<pk>:articles`` — the public posts
  of one tag / author (their archives, related posts by shared tags).
- ``articles.tag:<pk>`` / ``articles.author:<pk>`` — name, slug, description, bio (and
  whether a tag is a story).
- `CORRECTIONS` — the corrections (updates of kind "correction"): /corrections/ and its
  feeds. Bumped when one is added, edited or removed, or an update becomes or stops
  being one.

Editing a post's text bumps only its own key; publishing, unpublishing, re-dating or
deleting it also bumps the lists it is in: the home page and the archives of its tags
and authors, and nothing else. Making a public post sticky, or not, bumps the home
page's list too (sticky posts lead it).

Apps that show posts in pages of their own (briefings) listen to `posts_changed`
(articles/signals.py), sent with every post whose key was bumped, including changes made
without model signals (bulk updates, scheduled posts coming due).

Everything here is a signal receiver (connected by `connect()`): model signals for
saves, `posts_updated` for bulk updates, `byline_replaced` for bulk imports. What a save
changed is read from the one snapshot of the row taken before it (campaign4change/
snapshots.py).
"""

from datetime import UTC, datetime, timedelta

from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleUpdate,
    Author,
    RelatedLink,
    Tag,
    TaggedArticle,
)
from articles.models.posts import is_public
from articles.signals import byline_replaced, posts_changed, posts_updated, suggestions_changed
from campaign4change import pagecache, snapshots

ARTICLE_LIST = "articles.article:list"
MONTHS = "articles.article:months"
CORRECTIONS = "articles.articleupdate:corrections"
SCHEDULE = "articles"


def tag_articles(tag_id):
    return f"articles.tag:{tag_id}:articles"


def author_articles(author_id):
    return f"articles.author:{author_id}:articles"


def article_keys(article_id):
    return {pagecache.key(Article, article_id), pagecache.kind_key(Article)}


def membership_keys(article_ids):
    """The lists that posts `article_ids` appear in: home, their tags', their authors'."""
    tag_ids = TaggedArticle.objects.filter(content_object_id__in=article_ids).values_list(
        "tag_id", flat=True
    )
    author_ids = ArticleAuthor.objects.filter(article_id__in=article_ids).values_list(
        "author_id", flat=True
    )
    return (
        {ARTICLE_LIST}
        | {tag_articles(pk) for pk in set(tag_ids)}
        | {author_articles(pk) for pk in set(author_ids)}
    )


def months_changed(publish_times):
    """May the set of months with public posts have changed, given that posts dated
    `publish_times` just appeared or disappeared? Yes when one of those months now has
    at most one public post: it may have just gained its first, or lost its last (a
    month left with one is a harmless false alarm). One small query per month."""
    for moment in {timezone.localtime(t).replace(day=1) for t in publish_times if t}:
        start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        end = (start + timedelta(days=32)).replace(day=1)
        in_month = Article.objects.published().filter(publish_at__gte=start, publish_at__lt=end)
        if len(in_month.values("pk")[:2]) <= 1:
            return True
    return False


def posts_updated_in_bulk(sender, article_ids, fields, **kwargs):
    """QuerySet.update() on posts: each is treated as moved, its former date unknown."""
    article_ids = list(article_ids)
    if not article_ids:
        return
    # Their former dates are gone: the month list may have changed.
    keys = membership_keys(article_ids) | {MONTHS}
    for article_id in article_ids:
        keys |= article_keys(article_id)
    pagecache.invalidate(*keys)
    pagecache.reschedule(SCHEDULE)
    posts_changed.send(sender=Article, article_ids=article_ids)


def is_public_now(article_id):
    return Article.objects.published().filter(pk=article_id).exists()


# Posts -------------------------------------------------------------------------------------


def article_saved(sender, instance, created, raw=False, **kwargs):
    keys = article_keys(instance.pk)
    before = snapshots.stored(instance)
    was_public = before is not None and is_public(before["status"], before["publish_at"])
    # Whether it is public and when: a change to either moves it within or out of
    # lists. Whether it leads the home page (sticky) moves it there only.
    moved = (
        created
        or raw
        or before is None
        or (before["status"], before["publish_at"]) != (instance.status, instance.publish_at)
    )
    if moved and (was_public or instance.is_published or raw):
        keys |= membership_keys([instance.pk])
        if raw or months_changed([instance.publish_at, before and before["publish_at"]]):
            keys.add(MONTHS)
    elif not moved and before["is_sticky"] != instance.is_sticky and instance.is_published:
        keys.add(ARTICLE_LIST)  # only the home page puts sticky posts first
    pagecache.invalidate(*keys)
    pagecache.reschedule(SCHEDULE)
    posts_changed.send(sender=Article, article_ids=[instance.pk])


def remember_lists(sender, instance, **kwargs):
    instance._cache_lists = membership_keys([instance.pk]) if instance.is_published else set()
    posts_changed.send(sender=Article, article_ids=[instance.pk])


def article_deleted(sender, instance, **kwargs):
    keys = {*article_keys(instance.pk), *getattr(instance, "_cache_lists", ())}
    if instance.is_published and months_changed([instance.publish_at]):
        keys.add(MONTHS)
    pagecache.invalidate(*keys)
    pagecache.reschedule(SCHEDULE)


# Scheduled posts appear by themselves: the page cache asks when the next one is due.


def next_scheduled(now):
    due = Article.objects.filter(
        status=Article.Status.PUBLISHED,
        publish_at__gt=datetime.fromtimestamp(now, tz=UTC),
    ).aggregate(due=Min("publish_at"))["due"]
    return due.timestamp() if due else None


def scheduled_arrived(since, until):
    arrived = dict(
        Article.objects.filter(
            status=Article.Status.PUBLISHED,
            # A second of overlap: clocks of different servers are not exact.
            publish_at__gt=datetime.fromtimestamp(since, tz=UTC) - timedelta(seconds=1),
            publish_at__lte=datetime.fromtimestamp(until, tz=UTC),
        ).values_list("pk", "publish_at")
    )
    if arrived:
        ids = list(arrived)
        keys = membership_keys(ids)
        if months_changed(arrived.values()):
            keys.add(MONTHS)
        for article_id in ids:
            keys |= article_keys(article_id)
        pagecache.invalidate(*keys)
        posts_changed.send(sender=Article, article_ids=ids)


# What hangs off a post -------------------------------------------------------------------


def byline_changed(sender, instance, raw=False, **kwargs):
    keys = article_keys(instance.article_id)
    if raw or is_public_now(instance.article_id):
        keys.add(author_articles(instance.author_id))
        before = snapshots.stored(instance)
        if before is not None:
            keys.add(author_articles(before["author_id"]))
    pagecache.invalidate(*keys)


def bylines_replaced(sender, article_id, **kwargs):
    keys = article_keys(article_id)
    if is_public_now(article_id):
        author_ids = ArticleAuthor.objects.filter(article_id=article_id).values_list(
            "author_id", flat=True
        )
        keys |= {author_articles(pk) for pk in author_ids}
    pagecache.invalidate(*keys)


def tagging_changed(sender, instance, raw=False, **kwargs):
    keys = article_keys(instance.content_object_id)
    if raw or is_public_now(instance.content_object_id):
        keys.add(tag_articles(instance.tag_id))
    pagecache.invalidate(*keys)


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # article.tags.add()/remove()/set() (and tag.<reverse>.add()): which posts and tags.
    if action not in ("post_add", "post_remove", "pre_clear") or (
        action != "pre_clear" and not pk_set
    ):
        return
    if action == "pre_clear":
        pairs = (
            TaggedArticle.objects.filter(tag=instance)
            if reverse
            else TaggedArticle.objects.filter(content_object=instance)
        ).values_list("content_object_id", "tag_id")
    elif reverse:
        pairs = [(article_id, instance.pk) for article_id in pk_set]
    else:
        pairs = [(instance.pk, tag_id) for tag_id in pk_set]
    keys = set()
    public = set(
        Article.objects.published()
        .filter(pk__in={article_id for article_id, _ in pairs})
        .values_list("pk", flat=True)
    )
    for article_id, tag_id in pairs:
        keys |= article_keys(article_id)
        if article_id in public:
            keys.add(tag_articles(tag_id))
    pagecache.invalidate(*keys)


def suggestions_refreshed(sender, article_ids, **kwargs):
    pagecache.invalidate(*(pagecache.key(Article, pk) for pk in article_ids))


def part_of_article_changed(sender, instance, **kwargs):
    pagecache.invalidate(*article_keys(instance.article_id))


def update_changed(sender, instance, signal=None, **kwargs):
    keys = article_keys(instance.article_id)
    before = snapshots.stored(instance) if signal is post_save else None
    kinds = {instance.kind, before and before["kind"]}
    if ArticleUpdate.Kind.CORRECTION in kinds:
        keys.add(CORRECTIONS)
    pagecache.invalidate(*keys)


def connect():
    pagecache.track(Article)
    # A list page shows some thirty tags and a dozen authors: one key each for all tags
    # and all authors keeps a cached read to ~15 keys instead of ~57. Renaming a tag or
    # an author then refreshes every page that shows any: rare enough.
    pagecache.track(Author, Tag, by_kind=True)
    uid = "articles.invalidation"
    snapshots.remember(Article, "status", "publish_at", "is_sticky")
    snapshots.remember(ArticleAuthor, "author_id")
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid)
    pre_delete.connect(remember_lists, sender=Article, dispatch_uid=uid)
    post_delete.connect(article_deleted, sender=Article, dispatch_uid=uid)
    posts_updated.connect(posts_updated_in_bulk, sender=Article, dispatch_uid=uid)
    byline_replaced.connect(bylines_replaced, sender=Article, dispatch_uid=uid)
    suggestions_changed.connect(suggestions_refreshed, sender=Article, dispatch_uid=uid)
    pagecache.schedule(SCHEDULE, next_due=next_scheduled, arrived=scheduled_arrived)

    # Pages show a tag's or author's name and link everywhere, and an author's photo
    # beside the byline of each of their posts; a tag's description and an author's bio
    # only on their archive and feed, which declare its key.
    shown = ("name", "slug")
    pagecache.watch(
        Author, track_loads=False, creation_shows=False, shown_everywhere=(*shown, "photo")
    )
    pagecache.watch(Tag, track_loads=False, creation_shows=False, shown_everywhere=shown)

    post_save.connect(byline_changed, sender=ArticleAuthor, dispatch_uid=uid)
    post_delete.connect(byline_changed, sender=ArticleAuthor, dispatch_uid=uid)
    post_save.connect(tagging_changed, sender=TaggedArticle, dispatch_uid=uid)
    post_delete.connect(tagging_changed, sender=TaggedArticle, dispatch_uid=uid)
    m2m_changed.connect(tags_changed, sender=TaggedArticle, dispatch_uid=uid)
    post_save.connect(part_of_article_changed, sender=RelatedLink, dispatch_uid=uid)
    post_delete.connect(part_of_article_changed, sender=RelatedLink, dispatch_uid=uid)
    snapshots.remember(ArticleUpdate, "kind")
    post_save.connect(update_changed, sender=ArticleUpdate, dispatch_uid=uid)
    post_delete.connect(update_changed, sender=ArticleUpdate, dispatch_uid=uid)
