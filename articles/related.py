"""Related posts: the author's own choice first; otherwise posts sharing rare tags.

A shared tag counts for more the rarer it is (inverse document frequency): two posts
that share "Tri-borough pathfinder" are closer than two that share "NHS".
"""

import math

from django.db import connection
from django.db.models import Case, FloatField, OuterRef, Subquery, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
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


def candidate_ids(tag_ids, per_tag=CANDIDATES_PER_TAG):
    """SQL selecting the newest `per_tag` public posts of each tag: one index range each.

    Written as SQL because Django cannot UNION sliced querysets on SQLite; each branch
    is wrapped in a derived table so both SQLite and PostgreSQL accept its LIMIT.
    """
    table = TaggedArticle._meta.db_table
    # Only our own table name is formatted into the SQL; values are parameters.
    branch = (
        "SELECT content_object_id FROM ("  # noqa: S608
        f"SELECT content_object_id FROM {table}"
        " WHERE tag_id = %s AND article_publish_at <= %s"
        " ORDER BY article_publish_at DESC, content_object_id DESC LIMIT %s"
        ") AS tag_{n}"
    )
    # Raw SQL gets no field conversion: store the time the way the column does.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = " UNION ".join(branch.format(n=n) for n in range(len(tag_ids)))
    params = [value for tag_id in tag_ids for value in (tag_id, now, per_tag)]
    return RawSQL(sql, params)  # noqa: S611


def posts_sharing_tags(article, tags, limit=SUGGESTION_LIMIT, exclude_ids=()):
    """Published posts ranked by the weighted tags they share with `article`.

    `tags` are the article's tags, each with an `article_count` attribute (see
    `Tag.objects.with_article_counts(up_to=RARITY_COUNT_CAP)`). One query, whose cost
    does not grow with the numbers of posts.
    """
    weights = {tag.pk: tag_weight(tag.article_count) for tag in tags}
    if not weights:
        return []
    shared = (
        TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=weights)
        .order_by()
        .values("content_object")
        .annotate(
            score=Sum(
                Case(
                    *(When(tag_id=pk, then=Value(w)) for pk, w in weights.items()),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
            )
        )
        .values("score")
    )
    return list(
        Article.objects.published()
        .filter(
            pk__in=candidate_ids(sorted(weights, key=weights.get, reverse=True)[:CANDIDATE_TAGS])
        )
        .exclude(pk=article.pk)
        .exclude(pk__in=exclude_ids)
        .annotate(score=Coalesce(Subquery(shared), Value(0.0)))
        .order_by("-score", "-publish_at", "-id")
        .only("id", "title", "slug", "publish_at")[:limit]
    )
