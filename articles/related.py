"""Related posts: the author's own choice first; otherwise posts sharing rare tags.

A shared tag counts for more the rarer it is (inverse document frequency): two posts
that share "Tri-borough pathfinder" are closer than two that share "NHS".
"""

import math

from django.db import connection
from django.utils import timezone

from articles.models import Article, TaggedArticle

SUGGESTION_LIMIT = 5
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


def tag_weight(article_count):
    """How much sharing a tag used by `article_count` posts says about two posts."""
    return 1.0 / math.log2(1 + max(article_count, 1))


def candidates(tag_ids, now, per_tag=CANDIDATES_PER_TAG):
    """SQL and parameters selecting the newest `per_tag` public posts of each tag, as
    (content_object_id, article_publish_at) rows: one index range each.

    Each branch is wrapped in a derived table so both SQLite and PostgreSQL accept its
    LIMIT. Only our own table name is formatted into the SQL; values are parameters.
    """
    branch = (
        "SELECT content_object_id, article_publish_at FROM ("  # noqa: S608
        "SELECT content_object_id, article_publish_at"
        f" FROM {TaggedArticle._meta.db_table}"
        " WHERE tag_id = %s AND article_publish_at <= %s"
        " ORDER BY article_publish_at DESC, content_object_id DESC LIMIT %s"
        ") AS tag_{n}"
    )
    sql = " UNION ".join(branch.format(n=n) for n in range(len(tag_ids)))
    params = [value for tag_id in tag_ids for value in (tag_id, now, per_tag)]
    return sql, params


def posts_sharing_tags(article, tags, limit=SUGGESTION_LIMIT, exclude_ids=()):
    """Published posts ranked by the weighted tags they share with `article`.

    `tags` are the article's tags, each with an `article_count` attribute (see
    `Tag.objects.with_article_counts(up_to=RARITY_COUNT_CAP)`). One query, whose cost
    does not grow with the numbers of posts: each candidate's score sums the weights of
    its own few taggings, found on the (post, tag) index.

    Written as SQL: built with the ORM (a CASE of one WHEN per tag inside a correlated
    subquery), the query took Django twice as long to compile as PostgreSQL took to run
    it, and it is the costliest part of rendering a post page that is not cached.
    """
    weights = {tag.pk: tag_weight(tag.article_count) for tag in tags}
    if not weights:
        return []
    # Raw SQL gets no field conversion: pass the time the way the column stores it.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    candidate_sql, candidate_params = candidates(
        sorted(weights, key=weights.get, reverse=True)[:CANDIDATE_TAGS], now
    )
    # NOT IN with a NULL in its list matches nothing: leave out unsaved ids.
    excluded = [pk for pk in {article.pk, *exclude_ids} if pk is not None]
    tagging_table = TaggedArticle._meta.db_table
    # Candidates are ranked on their taggings before any post is read, trusting the
    # taggings' copy of the publish date (set only on public posts, kept in step by
    # saves and bulk updates) as tag archives do; only the chosen few are joined to
    # their posts. Weights are cast so that scores are floats on every database. Only
    # our own table names and placeholders are formatted into the SQL.
    weight_cases = " ".join(
        "WHEN tagging.tag_id = %s THEN CAST(%s AS DOUBLE PRECISION)" for _ in weights
    )
    sql = (
        "SELECT article.id, article.title, article.slug, article.publish_at, ranked.score"  # noqa: S608
        " FROM (SELECT candidate.content_object_id AS id, candidate.article_publish_at,"
        f" (SELECT SUM(CASE {weight_cases} ELSE CAST(0 AS DOUBLE PRECISION) END)"
        f" FROM {tagging_table} AS tagging"
        " WHERE tagging.content_object_id = candidate.content_object_id"
        f" AND tagging.tag_id IN ({', '.join('%s' for _ in weights)})) AS score"
        f" FROM ({candidate_sql}) AS candidate"
        f" WHERE candidate.content_object_id NOT IN ({', '.join('%s' for _ in excluded)})"
        " ORDER BY score DESC, candidate.article_publish_at DESC,"
        " candidate.content_object_id DESC"
        " LIMIT %s) AS ranked"
        f" JOIN {Article._meta.db_table} AS article ON article.id = ranked.id"
        " WHERE article.status = %s AND article.publish_at <= %s"
        " ORDER BY ranked.score DESC, article.publish_at DESC, article.id DESC"
    )
    params = [
        *(value for item in weights.items() for value in item),
        *weights,
        *candidate_params,
        *excluded,
        limit,
        Article.Status.PUBLISHED,
        now,
    ]
    return list(Article.objects.raw(sql, params))
