"""What a post shows, computed when it changes rather than each time a page is read.

Kept on the post (see the derived fields of `Article`):
- `excerpt` and `reading_minutes`, by `Article.save()` from the post's own text;
- `byline_names` and `tag_names` ([[name, slug, id], ...]): the byline and the tags as
  every page shows them, refreshed here when a byline, a tagging, or an author's or
  tag's name or address changes: a list page reads its posts in one query, without
  joining authors and tags; `byline_photos`, the byline's portraits for the post page,
  with them (and when an author's photo changes);
- `related_ids` (the chosen Related Links, in order) and `last_update_at` (the newest
  update): the post page knows without a query whether it has either;
- `search_vector` (PostgreSQL), from the title, tags, standfirst and body.

Each refresh is one UPDATE computed in the database, whatever the number of posts.
The receivers are connected by `connect()` (ArticlesConfig.ready).
"""

import threading

from django.db import connection, transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleUpdate,
    Author,
    RelatedLink,
    Tag,
    TaggedArticle,
)
from articles.models.posts import reading_minutes
from articles.related import refresh_suggestions
from articles.search import search_vector_expression, uses_full_text_search
from articles.signals import byline_replaced, names_updated, posts_updated, suggestions_changed
from campaign4change import snapshots
from campaign4change.text import excerpt_from_html

_deleting = threading.local()  # tags being deleted: their taggings go with them

# [[name, slug, id], ...] of one post's authors (by position) or tags (by name), as JSON,
# computed in the database. `{post}` is the outer query's post id column.
NAMES_SQL = {
    "postgresql": (
        "COALESCE((SELECT jsonb_agg(jsonb_build_array(named.name, named.slug, named.id)"
        " ORDER BY {order}) FROM {rows} AS row JOIN {named} AS named"
        " ON named.id = row.{named_fk} WHERE row.{post_fk} = {post}), '[]'::jsonb)"
    ),
    "sqlite": (
        "COALESCE((SELECT json_group_array(json_array(name, slug, id)) FROM ("
        "SELECT named.name, named.slug, named.id FROM {rows} AS row JOIN {named} AS named"
        " ON named.id = row.{named_fk} WHERE row.{post_fk} = {post} ORDER BY {order})),"
        " '[]')"
    ),
}
# The ids of a post's chosen Related Links, in order, as JSON.
RELATED_SQL = {
    "postgresql": (
        "COALESCE((SELECT jsonb_agg(link.related_id ORDER BY link.position, link.id)"
        " FROM {links} AS link WHERE link.article_id = {post}), '[]'::jsonb)"
    ),
    "sqlite": (
        "COALESCE((SELECT json_group_array(related_id) FROM (SELECT link.related_id"
        " FROM {links} AS link WHERE link.article_id = {post}"
        " ORDER BY link.position, link.id)), '[]')"
    ),
}
# [[author id, photo renditions], ...] of one post's authors that have a photo, by position.
PHOTOS_SQL = {
    "postgresql": (
        "COALESCE((SELECT jsonb_agg(jsonb_build_array(named.id, named.photo_renditions)"
        " ORDER BY row.position, row.id) FROM {rows} AS row JOIN {named} AS named"
        " ON named.id = row.author_id WHERE row.article_id = {post} AND named.photo <> ''),"
        " '[]'::jsonb)"
    ),
    "sqlite": (
        "COALESCE((SELECT json_group_array(json_array(id, json(photo_renditions))) FROM ("
        "SELECT named.id, named.photo_renditions FROM {rows} AS row JOIN {named} AS named"
        " ON named.id = row.author_id WHERE row.article_id = {post} AND named.photo <> ''"
        " ORDER BY row.position, row.id)), '[]')"
    ),
}
NAMES = {
    "byline_names": (ArticleAuthor, Author, "author_id", "article_id", "row.position, row.id"),
    "tag_names": (TaggedArticle, Tag, "tag_id", "content_object_id", "named.name, named.id"),
}


def refresh_names(field, where, params=()):
    """Recompute `field` (byline_names or tag_names) of the posts matching SQL `where`."""
    rows, named, named_fk, post_fk, order = NAMES[field]
    table = Article._meta.db_table
    value = NAMES_SQL[connection.vendor].format(
        rows=rows._meta.db_table,
        named=named._meta.db_table,
        named_fk=named_fk,
        post_fk=post_fk,
        order=order,
        post=f"{table}.id",
    )
    with connection.cursor() as cursor:
        # Only our own table and column names are formatted into the SQL.
        cursor.execute(f"UPDATE {table} SET {field} = {value} WHERE {where}", params)  # noqa: S608


def refresh_bylines(where, params=()):
    """Recompute the byline names and photos of the posts matching SQL `where`."""
    refresh_names("byline_names", where, params)
    table = Article._meta.db_table
    value = PHOTOS_SQL[connection.vendor].format(
        rows=ArticleAuthor._meta.db_table, named=Author._meta.db_table, post=f"{table}.id"
    )
    with connection.cursor() as cursor:
        # Only our own table and column names are formatted into the SQL.
        cursor.execute(f"UPDATE {table} SET byline_photos = {value} WHERE {where}", params)  # noqa: S608


def posts_in(article_ids):
    ids = sorted(set(article_ids))
    return f"id IN ({', '.join(['%s'] * len(ids))})", ids


def refresh_tags(article_ids):
    """Tag names, search vectors and suggested posts of posts whose tags changed."""
    article_ids = [pk for pk in set(article_ids) if pk is not None]
    if article_ids:
        refresh_names("tag_names", *posts_in(article_ids))
        refresh_search_vectors(Article.objects.filter(pk__in=article_ids))
        suggest_again(article_ids)


def suggest_again(article_ids, neighbours=True):
    changed = refresh_suggestions(article_ids, neighbours=neighbours)
    if changed:
        suggestions_changed.send(sender=Article, article_ids=changed)


def refresh_search_vectors(articles):
    """Recompute the stored search vector of `articles` (PostgreSQL only): one UPDATE.
    Returns how many posts were refreshed."""
    if not uses_full_text_search():
        return 0
    return articles.derived_update(search_vector=search_vector_expression())


def refresh_posts(article_ids):
    """Everything derived, for posts written without saves (bulk inserts)."""
    refresh_text(article_ids)
    refresh_names("tag_names", *posts_in(article_ids))
    refresh_bylines(*posts_in(article_ids))
    table = Article._meta.db_table
    related = RELATED_SQL[connection.vendor].format(
        links=RelatedLink._meta.db_table, post=f"{table}.id"
    )
    where, params = posts_in(article_ids)
    with connection.cursor() as cursor:
        # Only our own table and column names are formatted into the SQL.
        cursor.execute(f"UPDATE {table} SET related_ids = {related} WHERE {where}", params)  # noqa: S608
    Article.objects.filter(pk__in=article_ids).derived_update(last_update_at=newest_update())
    refresh_search_vectors(Article.objects.filter(pk__in=article_ids))
    # Each post's own; the others are in this batch or were before it.
    refresh_suggestions(article_ids, neighbours=False)


def newest_update():
    return Subquery(
        ArticleUpdate.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(newest=Max("posted_at"))
        .values("newest")
    )


def refresh_text(article_ids):
    """Excerpts and reading times of posts whose text changed without a save."""
    for article in Article.objects.filter(pk__in=article_ids).only("standfirst", "body"):
        Article.objects.filter(pk=article.pk).derived_update(
            excerpt=article.standfirst or excerpt_from_html(article.body),
            reading_minutes=reading_minutes(article.body),
        )


def refresh_derived_fields(progress=None, batch_size=2000, only_missing=False):
    """Compute what saves derive for every post, or with `only_missing` for those
    a database built by an older version lacks (run after bulk loads and upgrades).

    In batches of ids, so a 100,000-post site shows progress and no single UPDATE holds
    locks and WAL for minutes. Returns how many posts were refreshed.
    """
    posts = Article.objects.all()
    if only_missing:
        posts = posts.filter(Q(excerpt="") | Q(suggested_ids__isnull=True))
    ids = list(posts.order_by("pk").values_list("pk", flat=True))
    bar = progress(len(ids)) if progress and ids else None
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        # One commit a batch, not one a post: a commit waits for its WAL to reach the disk.
        with transaction.atomic():
            refresh_posts(batch)
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()
    return len(ids)


# Receivers ---------------------------------------------------------------------------------


def article_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        # Restored from a revision or a fixture, with copies of names that may be out
        # of date: derive everything again from the rows as they are now.
        refresh_posts([instance.pk])
        return
    refresh_search_vectors(Article.objects.filter(pk=instance.pk))
    before = snapshots.stored(instance)
    went = before is None or (before["status"], before["publish_at"]) != (
        instance.status,
        instance.publish_at,
    )
    if created or went:
        # Published, unpublished or re-dated: it joins or leaves its neighbours' suggestions.
        suggest_again([instance.pk])


def posts_updated_in_bulk(sender, article_ids, fields, **kwargs):
    if {"title", "standfirst", "body"} & fields:
        refresh_search_vectors(Article.objects.filter(pk__in=article_ids))
    if {"standfirst", "body"} & fields:
        refresh_text(article_ids)
    if {"status", "publish_at"} & fields:
        suggest_again(article_ids)


def byline_changed(sender, instance, **kwargs):
    # Saves restoring a revision (raw) too: the rows are there, the copy follows.
    refresh_bylines(*posts_in([instance.article_id]))


def bylines_replaced(sender, article_id, **kwargs):
    refresh_bylines(*posts_in([article_id]))


def tagging_changed(sender, instance, **kwargs):
    if instance.tag_id in getattr(_deleting, "tags", ()):
        return
    post = instance._state.fields_cache.get("content_object")
    if instance.tag_id in getattr(post, "_tags_being_added", ()):
        return  # article.tags.add() refreshes the post once, when it has added them all
    refresh_tags([instance.content_object_id])


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # article.tags.add()/remove()/set()/clear(), and tag.<reverse>.add()...
    if isinstance(instance, Article) and action in {"pre_add", "post_add"}:
        # taggit saves one row per tag added, each a post_save: marked on the post they
        # all point to, they wait for post_add, so adding five tags is one refresh, not six.
        instance._tags_being_added = set(pk_set or ()) if action == "pre_add" else ()
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        refresh_tags([instance.pk])
    elif pk_set:
        refresh_tags(pk_set)


def named_saved(sender, instance, created, raw=False, **kwargs):
    """An author or tag renamed, or moved to another address: every post that shows it."""
    before = snapshots.stored(instance)
    if created or before is None:
        return
    shown = ("name", "slug", "photo") if sender is Author else ("name", "slug")
    if any(before[field] != getattr(instance, field) for field in shown):
        names_renamed(sender, [instance.pk])


def names_renamed(sender, pks, **kwargs):
    if not pks:
        return
    marks = ", ".join(["%s"] * len(pks))
    # Only our own table names and placeholders are formatted into the SQL.
    if sender is Tag:
        taggings = TaggedArticle._meta.db_table
        where = f"id IN (SELECT content_object_id FROM {taggings} WHERE tag_id IN ({marks}))"  # noqa: S608
        refresh_names("tag_names", where, list(pks))
        refresh_search_vectors(Article.objects.filter(tags__in=pks).distinct())
    else:
        bylines = ArticleAuthor._meta.db_table
        where = f"id IN (SELECT article_id FROM {bylines} WHERE author_id IN ({marks}))"  # noqa: S608
        refresh_bylines(where, list(pks))


def tag_deleting(sender, instance, **kwargs):
    # Its taggings are deleted with it, one signal each: refresh their posts once, after.
    instance._derived_posts = list(
        TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    )
    _deleting.tags = {*getattr(_deleting, "tags", ()), instance.pk}


def tag_deleted(sender, instance, **kwargs):
    _deleting.tags = getattr(_deleting, "tags", set()) - {instance.pk}
    refresh_tags(getattr(instance, "_derived_posts", ()))


def related_links_changed(sender, instance, **kwargs):
    ids = list(
        RelatedLink.objects.filter(article_id=instance.article_id)
        .order_by("position", "id")
        .values_list("related_id", flat=True)
    )
    Article.objects.filter(pk=instance.article_id).derived_update(related_ids=ids)


def updates_changed(sender, instance, **kwargs):
    Article.objects.filter(pk=instance.article_id).derived_update(last_update_at=newest_update())


def connect():
    uid = "articles.derived"
    snapshots.remember(Article, "status", "publish_at")
    snapshots.remember(Tag, "name", "slug")
    snapshots.remember(Author, "name", "slug", "photo")
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid)
    posts_updated.connect(posts_updated_in_bulk, sender=Article, dispatch_uid=uid)
    for signal in (post_save, post_delete):
        signal.connect(byline_changed, sender=ArticleAuthor, dispatch_uid=uid)
        signal.connect(tagging_changed, sender=TaggedArticle, dispatch_uid=uid)
        signal.connect(related_links_changed, sender=RelatedLink, dispatch_uid=uid)
        signal.connect(updates_changed, sender=ArticleUpdate, dispatch_uid=uid)
    byline_replaced.connect(bylines_replaced, sender=Article, dispatch_uid=uid)
    m2m_changed.connect(tags_changed, sender=TaggedArticle, dispatch_uid=uid)
    for model in (Tag, Author):
        post_save.connect(named_saved, sender=model, dispatch_uid=uid)
        names_updated.connect(names_renamed, sender=model, dispatch_uid=uid)
    pre_delete.connect(tag_deleting, sender=Tag, dispatch_uid=uid)
    post_delete.connect(tag_deleted, sender=Tag, dispatch_uid=uid)
