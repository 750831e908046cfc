"""What a briefing's page shows: the briefing, its curators and topics, its sections
with their public entries and those entries' posts, and its public update history.

Every query is by the briefing's id (or slug) and compiled to SQL once per process
(campaign4change/compiled.py): with Django's prefetching, writing the SQL of five
queries (the `IN` lists of sections and entries included) took longer than PostgreSQL
took to answer them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from articles.models import Article, Author, Tag
from briefings.changes import for_readers
from briefings.models import Briefing, BriefingChange, Entry, Section
from campaign4change.compiled import compiled

# An entry shows its post's title, date and byline (its own copy), never its text.
ENTRY_POST_FIELDS = ("title", "slug", "status", "publish_at", "byline_names")


@compiled(Briefing, slug=str)
def public_briefing_by_slug(slug):
    """[the published briefing at `slug`, with `last_updated`] or []."""
    return Briefing.objects.published().filter(slug=slug).order_by("pk")[:1]


@compiled(Author, briefing=int)
def _curators(briefing):
    return Author.objects.filter(curated_briefings=briefing).only("name", "slug")


@compiled(Tag, briefing=int)
def _topics(briefing):
    return Tag.objects.filter(tagged_briefings__content_object=briefing).order_by("name")


@compiled(Section, briefing=int)
def _sections(briefing):
    return Section.objects.filter(briefing=briefing).order_by("position", "pk")


@compiled(Entry, briefing=int, now=datetime)
def _public_entries(briefing, now):
    """The briefing's public entries with what they show of their posts, as `post_*`
    annotations (a raw query cannot select_related)."""
    posts = {f"post_{name}": F(f"article__{name}") for name in ENTRY_POST_FIELDS}
    return Entry.objects.public(now=now).filter(section__briefing=briefing).annotate(**posts)


# from_db() takes the values in the model's field order, whatever the names' order.
_POST_FIELDS_IN_ORDER = [
    field.attname
    for field in Article._meta.concrete_fields
    if field.attname in {"id", *ENTRY_POST_FIELDS}
]


def _attach_post(entry, alias):
    """Give an entry of a post its post, as select_related would have (a deferred
    instance holding the fields the entry shows)."""
    values = [
        entry.article_id if name == "id" else getattr(entry, f"post_{name}")
        for name in _POST_FIELDS_IN_ORDER
    ]
    entry.article = Article.from_db(alias, _POST_FIELDS_IN_ORDER, values)


@compiled(BriefingChange, briefing=int)
def _notable_changes(briefing):
    return BriefingChange.objects.notable().filter(briefing=briefing)


@dataclass
class Contents:
    curators: list
    topic_tags: list
    sections: list  # each with `public_entries`, in order, their posts attached
    updates: list  # notable changes, with what readers may see of them (changes.py)


def contents_of(briefing, now=None):
    """The `Contents` of `briefing` as a reader sees them, in five or six small queries
    (the last for the history's posts, if it names any)."""
    now = now or timezone.now()
    sections = _sections(briefing=briefing.pk)
    entries = {section.pk: [] for section in sections}
    for entry in _public_entries(briefing=briefing.pk, now=now):
        if entry.article_id is not None:
            _attach_post(entry, entry._state.db)
        entries[entry.section_id].append(entry)
    for section in sections:
        section.public_entries = entries[section.pk]
    return Contents(
        curators=_curators(briefing=briefing.pk),
        topic_tags=_topics(briefing=briefing.pk),
        sections=sections,
        updates=for_readers(_notable_changes(briefing=briefing.pk)),
    )
