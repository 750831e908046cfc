"""Related posts: the author's own choice first; otherwise posts sharing rare tags.

A shared tag counts for more the rarer it is (inverse document frequency): two posts
that share "Tri-borough pathfinder" are closer than two that share "NHS". Its weight is
1 / log2(1 + the number of public posts it is on, counted up to `RARITY_COUNT_CAP`).
"""

from datetime import datetime

from django.db import connection
from django.utils import timezone

from articles.models import Article, Tag, TaggedArticle
from campaign4change.compiled import compiled

SUGGESTION_LIMIT = 5
# Kept on each post: more than are shown, in case some stop being public meanwhile.
SUGGESTIONS_KEPT = 8
# Candidates are the newest posts of each of the article's tags, this many per tag: a
# rare tag's posts are all candidates, a tag on half the site contributes its newest.
# This keeps the cost of the ranking that of a few hundred rows, however big the site.
CANDIDATES_PER_TAG = 50
# Candidates come from the post's rarest tags only (all tags still count in the score):
# an imported post with hundreds of tags must not make hundreds of index ranges.
CANDIDATE_TAGS = 20
# Tags are counted up to this many posts: rarity tells apart a tag on 12 posts from one
# on 900; above that every tag is common, and counting 50,000 taggings would say no more.
RARITY_COUNT_CAP = 1000


# With their pictures' renditions: the page shows them as small cards.
RELATED_FIELDS = (
    "title",
    "slug",
    "status",
    "publish_at",
    "featured_image_renditions",
    "featured_image_alt",
)
WANTED_COMPILED = 16


@compiled(Article, ids=(int, WANTED_COMPILED), now=datetime)
def public_posts_among(ids, now):
    """The public posts among `ids`: every cold post page asks, so its SQL is compiled
    once (campaign4change/compiled.py)."""
    return Article.objects.published(now=now).filter(pk__in=ids).only(*RELATED_FIELDS)


def related_posts(article):
    """(posts, chosen): the public posts among the author's chosen Related Links, in
    their order; else those suggested by shared tags (kept on the post, see
    `refresh_suggestions`). One query."""
    suggested = article.suggested_ids
    if suggested is None:  # not computed yet (a post loaded in bulk): rank them now
        suggested = [post.pk for post in posts_sharing_tags(article, limit=SUGGESTIONS_KEPT)]
    wanted = [*article.related_ids, *suggested]
    if not wanted:
        return [], False
    if len(wanted) <= WANTED_COMPILED:
        # Padded with an id no post has: one SQL for any number of them.
        padded = [*wanted, *[0] * (WANTED_COMPILED - len(wanted))]
        posts = public_posts_among(ids=padded, now=timezone.now())
    else:  # more chosen links than that: rare
        posts = Article.objects.published().filter(pk__in=wanted).only(*RELATED_FIELDS)
    found = {post.pk: post for post in posts}
    chosen = [found[pk] for pk in article.related_ids if pk in found]
    if chosen:
        return chosen, True
    return [found[pk] for pk in suggested if pk in found][:SUGGESTION_LIMIT], False


def refresh_suggestions(article_ids, neighbours=True):
    """Rank the suggestions of posts `article_ids` again and keep them on the posts; with
    `neighbours`, those of the posts they now suggest too, so that a post newly published
    or tagged joins the suggestions of the posts closest to it. Returns the ids whose
    suggestions changed."""
    changed, neighbours_of = [], set()
    posts = Article.objects.filter(pk__in=article_ids)
    for article in posts.only("tag_names", "suggested_ids", "status", "publish_at"):
        suggested = [post.pk for post in posts_sharing_tags(article, limit=SUGGESTIONS_KEPT)]
        if article.is_published:  # a draft is in nobody's suggestions
            neighbours_of.update(suggested)
        if suggested != article.suggested_ids:
            Article.objects.filter(pk=article.pk).derived_update(suggested_ids=suggested)
            changed.append(article.pk)
    if neighbours and neighbours_of:
        changed += refresh_suggestions(neighbours_of - set(article_ids), neighbours=False)
    return changed


def posts_sharing_tags(article, limit=SUGGESTION_LIMIT, exclude_ids=()):
    """Public posts ranked by the weighted tags they share with `article`: one query,
    whose cost does not grow with the number of posts.

    Each tag's weight comes from a capped count of its public posts (on the taggings'
    (tag, date) index); each candidate's score sums the weights of its own few
    taggings. Written as SQL: built with the ORM, the query took Django twice as long
    to compile as PostgreSQL took to run it.
    """
    tag_ids = [tag_id for _name, _slug, tag_id in article.tag_names]
    if not tag_ids:
        return []
    if len(tag_ids) > CANDIDATE_TAGS:
        # Candidates come from the rarest tags only: count them first (rare: imports).
        counted = Tag.objects.filter(pk__in=tag_ids).with_article_counts(up_to=RARITY_COUNT_CAP)
        candidate_tags = [tag.pk for tag in sorted(counted, key=lambda t: (t.article_count, t.pk))][
            :CANDIDATE_TAGS
        ]
    else:
        candidate_tags = tag_ids
    # Raw SQL gets no field conversion: pass the time the way the column stores it.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # NOT IN with a NULL in its list matches nothing: leave out unsaved ids.
    excluded = [pk for pk in {article.pk, *exclude_ids} if pk is not None]
    taggings = TaggedArticle._meta.db_table
    # Rows of public posts only: the taggings' copy of the date is set on published
    # posts alone (Article.listing_date), and is compared with now.
    count = (
        "SELECT %s AS tag_id, (SELECT COUNT(*) FROM (SELECT 1 FROM {taggings}"  # noqa: S608
        " WHERE tag_id = %s AND article_publish_at <= %s LIMIT %s) AS capped) AS n"
    )
    newest = (
        "SELECT content_object_id, article_publish_at FROM (SELECT content_object_id,"  # noqa: S608
        " article_publish_at FROM {taggings} WHERE tag_id = %s AND article_publish_at <= %s"
        " ORDER BY article_publish_at DESC, content_object_id DESC LIMIT %s) AS tag_{n}"
    )
    # Only our own table names and placeholders are formatted into the SQL.
    sql = (  # noqa: S608
        "WITH counts AS ({counts}),"
        " weights AS (SELECT tag_id, LN(2.0) / LN(1.0 + CASE WHEN n < 1 THEN 1 ELSE n END)"
        " AS weight FROM counts),"
        " candidate AS ({candidates})"
        " SELECT article.id, article.title, article.slug, article.status,"
        " article.publish_at, ranked.score"
        " FROM (SELECT candidate.content_object_id AS id, candidate.article_publish_at,"
        " (SELECT SUM(weights.weight) FROM {taggings} AS tagging JOIN weights"
        " ON weights.tag_id = tagging.tag_id"
        " WHERE tagging.content_object_id = candidate.content_object_id) AS score"
        " FROM candidate WHERE candidate.content_object_id NOT IN ({excluded})"
        " ORDER BY score DESC, candidate.article_publish_at DESC,"
        " candidate.content_object_id DESC LIMIT %s) AS ranked"
        " JOIN {articles} AS article ON article.id = ranked.id"
        " ORDER BY ranked.score DESC, ranked.article_publish_at DESC, article.id DESC"
    ).format(
        counts=" UNION ALL ".join(count.format(taggings=taggings) for _ in tag_ids),
        candidates=" UNION ".join(
            newest.format(taggings=taggings, n=n) for n in range(len(candidate_tags))
        ),
        taggings=taggings,
        excluded=", ".join("%s" for _ in excluded),
        articles=Article._meta.db_table,
    )
    params = [value for pk in tag_ids for value in (pk, pk, now, RARITY_COUNT_CAP)]
    params += [value for pk in candidate_tags for value in (pk, now, CANDIDATES_PER_TAG)]
    params += [*excluded, limit]
    return list(Article.objects.raw(sql, params))
