"""Search: ranked full-text search on PostgreSQL, a plain text match on SQLite.

PostgreSQL keeps a weighted tsvector per article (title A, tags and standfirst B, body
C) in `Article.search_vector`, indexed with GIN. Queries use `websearch_to_tsquery`,
which accepts anything a reader types (quotes, `-word`, `or`, stray punctuation) without
ever raising a syntax error.
"""

import html
import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.models import TaggedArticle

SEARCH_CONFIG = "english"
MAX_WORDS = 12  # SQLite fallback: words beyond this are ignored.
# Highlight markers: private-use characters that never occur in text, swapped for
# <mark> only after the snippet has been escaped.
MARK_START, MARK_END = "\ue000", "\ue001"


def uses_full_text_search():
    return connection.vendor == "postgresql"


def search_vector_expression():
    """The weighted vector of an article, computed in the database from its row."""
    tag_names = Subquery(
        TaggedArticle.objects.filter(content_object=OuterRef("pk"))
        .order_by()
        .values("content_object")
        .annotate(names=StringAgg("tag__name", delimiter=" "))
        .values("names"),
        output_field=TextField(),
    )
    # The default parser skips HTML tags and entities in the body.
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(tag_names, Value(""), output_field=TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def search_articles(queryset, text):
    """`queryset` narrowed to articles matching `text`, best first.

    Each result carries `snippet_html`-ready text in `.snippet` (see `snippet_html`).
    """
    if uses_full_text_search():
        return _full_text_search(queryset, text)
    return _text_match(queryset, text)


def _full_text_search(queryset, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    plain_body = Func(
        F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace"
    )
    return (
        queryset.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline(
                plain_body,
                query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-publish_at", "-id")
    )


def _text_match(queryset, text):
    words = search_words(text)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return queryset.order_by("-publish_at", "-id")


def search_words(text):
    """The words of a query for the SQLite match: quotes and operators dropped."""
    words = re.findall(r"\w+", text)
    return [word for word in words if word.lower() not in {"or", "and"}][:MAX_WORDS]


def snippet_html(article, text):
    """A short, escaped extract of `article` with the matched words in <mark>."""
    snippet = getattr(article, "snippet", None)
    if snippet:
        # ts_headline worked on the body with its tags removed: entities remain.
        plain = html.unescape(snippet)
        pattern = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)
        return _highlight(plain, pattern, group=1)
    words = search_words(text)
    if not words:
        return escape(article.excerpt)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    return _highlight(article.excerpt, pattern, group=0)


def _highlight(plain, pattern, group):
    """Escape `plain`, wrapping each match of `pattern` in <mark>."""
    parts, last = [], 0
    for match in pattern.finditer(plain):
        parts.append(escape(plain[last : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group(group)))
        last = match.end()
    parts.append(escape(plain[last:]))
    return mark_safe("".join(parts))  # noqa: S308  (every part escaped above)
