"""Search: ranked full-text search on PostgreSQL, a plain text match on SQLite.

PostgreSQL keeps a weighted tsvector per article (title A, tags and standfirst B, body
C) in `Article.search_vector`, indexed with GIN. Queries use `websearch_to_tsquery`,
which accepts anything a reader types (quotes, `-word`, `or`, stray punctuation) without
ever raising a syntax error.
"""

import html
import json
import re
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVector,
)
from django.db import OperationalError, connection, connections, router, transaction
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, Substr
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.listing import SUMMARY_FIELDS
from articles.models import Article, TaggedArticle
from campaign4change.compiled import compiled

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
# Above this many estimated matches per listed result, matches are found by reading posts
# newest first; below, through the GIN index (see SearchResults._newest).
WALK_ABOVE = 20


# A search result's extract comes from this many characters of the body's HTML (some
# 120 words of text), starting EXTRACT_LEAD before the body's first word that begins
# like a word of the query: ts_headline's cost grows with the text it reads (2.9 ms for
# a page of ten from the first 3,000 characters of text, 1.7 from such windows).
EXTRACT_WINDOW = 1000
EXTRACT_LEAD = 300
# The query's words as PostgreSQL stems them ("procurement" -> "procur"), as a regular
# expression for the start of a word (\m) that begins with any of them ("procured").
# A stem that begins none of its words' forms ("happi" for "happy") leaves the window at
# the body's start, or at a later word it does begin ("happiness"). A word followed by
# ">" before any "<" is inside a tag ("<strong>", an address): the sanitised body writes
# ">" in text as &gt;. Characters with a meaning in a regular expression are escaped.
QUERY_STEMS_PATTERN = r"""(
    SELECT '\m(' || string_agg(regexp_replace(lexeme, '([.^$*+?()\[\]{}|\\])', '\\\1', 'g'), '|')
        || ')(?![^<>]*>)'
    FROM unnest(to_tsvector(%s::regconfig, %s))
)"""

# The extract marks any of the query's words. With the query itself, ts_headline looks
# for a passage holding all of them, and shows a window without one unmarked: 246 of 360
# extracts on the benchmark site had a marked word, against 352 with any word (and 296
# from the first 3,000 characters).
ANY_WORD_QUERY = "replace(plainto_tsquery(%s::regconfig, %s)::text, ' & ', ' | ')::tsquery"

# The table's name is the model's; the values are parameters.
ESTIMATE_SQL = (
    f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {Article._meta.db_table} "  # noqa: S608
    "WHERE search_vector @@ websearch_to_tsquery(%s::regconfig, %s)"
)

# PostgreSQL's SQLSTATE for a statement stopped by statement_timeout.
QUERY_CANCELED = "57014"


class SearchTimedOut(Exception):
    """The search ran past SEARCH_TIMEOUT_MS and was stopped."""


@contextmanager
def time_limit():
    """Run a search's queries under SEARCH_TIMEOUT_MS each; yields the alias they use.

    The limit is SET LOCAL in a transaction on the database the router picks for reads
    (a replica when there are some; the posts' bylines and tags follow them there), so
    it cannot outlive the search on a persistent connection. Raises SearchTimedOut when
    PostgreSQL stops a query.
    """
    alias = router.db_for_read(Article)
    if connections[alias].vendor != "postgresql" or not settings.SEARCH_TIMEOUT_MS:
        yield alias
        return
    try:
        with transaction.atomic(using=alias):
            with connections[alias].cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [settings.SEARCH_TIMEOUT_MS])
            yield alias
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
            raise SearchTimedOut from error
        raise


def search_articles(text, using, limit=None):
    """The public posts matching `text` on database `using`: best first on PostgreSQL,
    newest first on SQLite, at most the `limit` newest matches (see SearchResults)."""
    return SearchResults(text, using, MAX_RESULTS if limit is None else limit)


def _public(now):
    """The posts search may list, with the fields a listing shows."""
    return Article.objects.published(now=now).only(*SUMMARY_FIELDS)


def _query(text):
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def _rank(query):
    return SearchRank(F("search_vector"), query)


# The two queries of a search of common words, compiled once (campaign4change/compiled.py):
# writing their SQL took 1.1 ms a search, a tenth of it.


@compiled(Article, now=datetime, text=str, rows=slice)
def _newest_ranked(now, text, rows):
    """[(id, rank)] of the newest matches, read newest first and ranked as they are read
    (the LIMIT stops both): one pass over the posts' vectors."""
    query = _query(text)
    matches = _public(now).filter(search_vector=query).order_by("-publish_at", "-id")
    return matches.annotate(rank=_rank(query)).values_list("pk", "rank")[rows]


# The ids a compiled page of results takes: a shorter page fills the rest with an id no
# post has; a longer one (another paginate_by) is read by a query written each time.
PAGE_SLOTS = settings.ARTICLES_PER_PAGE


@compiled(Article, now=datetime, text=str, ids=(int, PAGE_SLOTS))
def _page_with_extracts(now, text, ids):
    """The posts of a page of results, each with its `headline` (see _extract)."""
    return _public(now).filter(pk__in=ids).annotate(headline=_extract(text))


def _extract(text):
    """ts_headline of the window of the body around its first word like one of the
    query `text`'s, or of the body's start (a match in the title or tags only)."""
    first = Func(
        F("body"),
        RawSQL(QUERY_STEMS_PATTERN, (SEARCH_CONFIG, text)),  # noqa: S611 (values as parameters)
        Value(1),
        Value(1),
        Value(0),
        Value("i"),
        function="regexp_instr",
        output_field=IntegerField(),
    )
    start = Greatest(Coalesce(first, 0) - EXTRACT_LEAD, 0) + 1
    window = Substr(F("body"), start, EXTRACT_WINDOW)
    # Tags become spaces: whole ones, one cut at the window's end, and the rest of one
    # cut at its start (text before any "<" that ends in ">": the sanitised body
    # writes ">" in text as &gt;).
    text_only = Func(
        window, Value("^[^<>]*>|<[^>]*>?"), Value(" "), Value("g"), function="regexp_replace"
    )
    return SearchHeadline(
        text_only,
        RawSQL(  # noqa: S611 (values as parameters)
            ANY_WORD_QUERY, (SEARCH_CONFIG, text), output_field=SearchQueryField()
        ),
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=40,
        min_words=20,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


class SearchResults:
    """Matches of a query as a sliceable, countable list for Django's Paginator.

    One query finds the newest `limit` matches (the listing index read newest first,
    each row tested against the query, stopping at `limit`) with their rank, on
    PostgreSQL; they are ordered best first here. A page is a list of posts, read with
    their extracts by a second query. All run on database `using` (time_limit's).
    """

    def __init__(self, text, using, limit=MAX_RESULTS):
        self.text = text
        self.limit = limit
        self.using = using
        self.now = timezone.now()
        self.posts = _public(self.now).using(using)
        self.ranked = uses_full_text_search()
        if self.ranked:
            self.query = _query(text)
            self.matches = self.posts.filter(search_vector=self.query)
        else:
            self.matches = _text_match(self.posts, text)

    @cached_property
    def _newest(self):
        """[(id, rank)] of the newest matches, one more than the limit if there are."""
        if not self.ranked:
            newest = self.matches.order_by("-publish_at", "-id").values_list("pk", flat=True)
            return [(pk, 0) for pk in newest[: self.limit + 1]]
        if self._estimated_matches() > WALK_ABOVE * self.limit:
            # A common word: reading posts newest first finds `limit` matches quickly.
            return _newest_ranked(
                now=self.now, text=self.text, rows=slice(0, self.limit + 1), using=self.using
            )
        # A rarer one: the planner would still walk the posts newest first, testing
        # each post's vector (thousands of them for a word on 5% of the site: 64 ms
        # at 100,000 posts); the GIN index finds every match first (9 ms). Sorting on
        # an expression of the date keeps it from choosing the date index.
        order = [(F("publish_at") + timedelta(0)).desc(), "-id"]
        newest = self.matches.order_by(*order).values("pk")[: self.limit + 1]
        # Ranked outside the LIMIT: inside, PostgreSQL would rank every match to sort.
        rows = (
            Article.objects.using(self.using)
            .filter(pk__in=newest)
            .annotate(rank=_rank(self.query))
            .values_list("pk", "rank", "publish_at")
        )
        newest_first = sorted(rows, key=lambda row: (row[2], row[0]), reverse=True)
        return [(pk, rank) for pk, rank, _date in newest_first]

    def _estimated_matches(self):
        """The planner's estimate of how many posts match (no rows are read).

        Of all posts, drafts included (a few in a hundred): the planner's guess of the
        public ones would cost the ORM's writing of the whole query, 0.5 ms against 0.16.
        """
        with connections[self.using].cursor() as cursor:
            cursor.execute(ESTIMATE_SQL, [SEARCH_CONFIG, self.text])
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return plan[0]["Plan"]["Plan Rows"]

    @cached_property
    def ids(self):
        """The listed posts' ids in order: best first (ties newest first)."""
        listed = self._newest[: self.limit]
        # sorted() is stable: equal ranks keep their newest-first order.
        return [pk for pk, _rank in sorted(listed, key=lambda row: -row[1])]

    @property
    def truncated(self):
        """True when more posts matched than are listed."""
        return len(self._newest) > self.limit

    def count(self):
        return len(self.ids)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        """The posts at `index`, each with its `extract` (HTML): one query."""
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        page_ids = self.ids[index]
        if not page_ids:
            return []
        if self.ranked and len(page_ids) <= PAGE_SLOTS:
            slots = [*page_ids, *[0] * (PAGE_SLOTS - len(page_ids))]
            found = _page_with_extracts(now=self.now, text=self.text, ids=slots, using=self.using)
        elif self.ranked:
            found = self.posts.filter(pk__in=page_ids).annotate(headline=_extract(self.text))
        else:
            found = self.posts.filter(pk__in=page_ids)
        by_id = {post.pk: post for post in found}
        for post in by_id.values():
            headline = getattr(post, "headline", None)
            post.extract = extract_html(self.text, headline=headline, excerpt=post.excerpt)
        return [by_id[pk] for pk in page_ids if pk in by_id]


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


def extract_html(text, headline=None, excerpt=""):
    """A short, escaped extract of a result of searching `text`, the matched words in
    <mark>: PostgreSQL's `headline` (ts_headline), else the post's `excerpt`."""
    if headline:
        # ts_headline worked on the body with its tags removed: entities remain.
        plain = html.unescape(headline)
        pattern = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)
        return _highlight(plain, pattern, group=1)
    words = search_words(text)
    if not words:
        return escape(excerpt)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    return _highlight(excerpt, pattern, group=0)


def _highlight(plain, pattern, group):
    """Escape `plain`, wrapping each match of `pattern` in <mark>."""
    parts, last = [], 0
    for match in pattern.finditer(plain):
        parts.append(escape(plain[last : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group(group)))
        last = match.end()
    parts.append(escape(plain[last:]))
    return mark_safe("".join(parts))  # noqa: S308  (every part escaped above)
