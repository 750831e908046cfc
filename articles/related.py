"""Related posts: the author's own choice first; otherwise posts sharing rare tags.

A shared tag counts for more the rarer it is (inverse document frequency): two posts
that share "Tri-borough pathfinder" are closer than two that share "NHS".
"""

import math

from django.db.models import Case, F, FloatField, Sum, Value, When

from articles.models import Article

SUGGESTION_LIMIT = 5


def tag_weight(article_count):
    """How much sharing a tag used by `article_count` posts says about two posts."""
    return 1.0 / math.log2(1 + max(article_count, 1))


def posts_sharing_tags(article, tags, limit=SUGGESTION_LIMIT, exclude_ids=()):
    """Published posts ranked by the weighted tags they share with `article`.

    `tags` are the article's tags, each with an `article_count` attribute (see
    `Tag.objects.with_article_counts()`). One query, whatever the numbers of tags and
    posts.
    """
    weights = {tag.pk: tag_weight(tag.article_count) for tag in tags}
    if not weights:
        return []
    score = Sum(
        Case(
            *(When(taggedarticle__tag_id=pk, then=Value(w)) for pk, w in weights.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .exclude(pk__in=exclude_ids)
        .filter(taggedarticle__tag_id__in=weights)
        .annotate(score=score)
        .order_by(F("score").desc(), "-publish_at", "-id")
        .only("id", "title", "slug", "publish_at")[:limit]
    )
