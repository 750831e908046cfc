"""Search: ranked full-text search on PostgreSQL, a plain text match on SQLite.

PostgreSQL keeps a weighted tsvector per article (title A, tags and standfirst B, body
C) in `Article.search_vector`, indexed with GIN. Queries use `websearch_to_tsquery`,
which accepts anything a reader types (quotes, `-word`, `or`, stray punctuation) without
ever raising a syntax error.
"""

import html
import re
from functools import cached_property

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
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


# A word that most posts contain would otherwise make every search of a big site read
# and rank every post. Only the newest matches are ranked, so a search costs the same
# on 1,000 posts as on 100,000; past this many, the page says so.
MAX_RESULTS = 500


def search_articles(queryset, text, limit=None):
    """The articles of `queryset` matching `text`: best first on PostgreSQL, newest
    first on SQLite, at most the `limit` newest matches (see SearchResults)."""
    return SearchResults(queryset, text, MAX_RESULTS if limit is None else limit)


class SearchResults:
    """Matches of a query as a sliceable, countable list for Django's Paginator.

    First the ids of the newest `limit` matches (one query: the listing index read
    newest first, each row tested against the query, stopping at `limit`), then only
    the page's rows are ranked among them and loaded with their snippets. On
    PostgreSQL each result carries `.snippet` for `snippet_html`.
    """

    def __init__(self, queryset, text, limit=MAX_RESULTS):
        self.queryset = queryset
        self.text = text
        self.limit = limit
        self.ranked = uses_full_text_search()
        if self.ranked:
            self.query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
            self.matches = queryset.filter(search_vector=self.query)
        else:
            self.matches = _text_match(queryset, text)

    @cached_property
    def ids(self):
        newest = self.matches.order_by("-publish_at", "-id").values_list("pk", flat=True)
        # One more than the limit tells whether there were more.
        return list(newest[: self.limit + 1])

    @property
    def truncated(self):
        """True when more posts matched than are listed."""
        return len(self.ids) > self.limit

    def count(self):
        return min(len(self.ids), self.limit)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[: self.limit]
        if not self.ranked:
            return list(self.queryset.filter(pk__in=ids).order_by("-publish_at", "-id")[index])
        # One array parameter rather than a thousand placeholders to build and bind.
        candidates = self.queryset.filter(
            pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids])  # noqa: S611 - no input in SQL
        )
        plain_body = Func(
            F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace"
        )
        page = (
            candidates.annotate(
                rank=SearchRank(F("search_vector"), self.query),
                snippet=SearchHeadline(
                    plain_body,
                    self.query,
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=40,
                    min_words=20,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .defer("search_vector")
            .order_by("-rank", "-publish_at", "-id")
        )
        return list(page[index])


def _text_match(queryset, text):
    words = search_words(text)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return queryset


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
