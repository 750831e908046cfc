import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from briefings.changes import moved_entries, record_change, snapshot
from briefings.models import Briefing, BriefingChange, Entry
from tests.briefing_factories import (
    ArticleEntryFactory,
    BriefingFactory,
    ExternalEntryFactory,
    SectionFactory,
)
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_slug_comes_from_the_title_in_any_script_and_stays_unique():
    first = Briefing.objects.create(title="Брифинг о взаимных обществах")
    second = Briefing.objects.create(title="Брифинг о взаимных обществах")
    assert first.slug == "brifing-o-vzaimnykh-obshchestvakh"
    assert second.slug == "brifing-o-vzaimnykh-obshchestvakh-2"


def test_introduction_is_sanitised_whatever_saves_it():
    briefing = BriefingFactory(
        introduction='<p>Hi<img src=x onerror="alert(1)"></p><iframe></iframe>'
    )
    assert briefing.introduction == '<p>Hi<img src="x"></p>'


def test_published_at_is_set_once_on_first_publication():
    briefing = BriefingFactory(draft=True)
    assert briefing.published_at is None
    briefing.status = Briefing.Status.PUBLISHED
    briefing.save()
    first = briefing.published_at
    assert first is not None
    briefing.save()
    assert briefing.published_at == first


def test_database_refuses_an_entry_that_is_both_or_neither():
    section = SectionFactory()
    article = ArticleFactory()
    for fields in (
        {"article": article, "url": "https://example.org/", "title": "Both"},
        {"url": "", "title": "Neither"},
        {"url": "https://example.org/", "title": ""},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Entry.objects.create(section=section, **fields)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"article": True, "url": "https://example.org/"}, "url"),
        ({}, "article"),
        ({"url": "javascript:alert(1)", "title": "x"}, "url"),
        ({"url": "file:///etc/passwd", "title": "x"}, "url"),
        ({"url": "https://example.org/", "title": ""}, "title"),
        ({"url": "https://example.org/", "title": "x" * 5000}, "title"),
    ],
)
def test_entry_validation_names_the_field_to_fix(fields, field):
    section = SectionFactory()
    if fields.pop("article", False):
        fields["article"] = ArticleFactory()
    with pytest.raises(ValidationError) as error:
        Entry(section=section, **fields).full_clean()
    assert field in error.value.message_dict


def test_article_entry_drops_fields_meant_for_links():
    entry = Entry(section=SectionFactory(), article=ArticleFactory(), title="x", source="y")
    entry.full_clean()
    assert (entry.title, entry.source) == ("", "")


def test_deleting_a_listed_post_is_refused():
    from django.db.models import ProtectedError

    entry = ArticleEntryFactory()
    with pytest.raises(ProtectedError):
        entry.article.delete()


def test_broken_means_checked_and_failed():
    checked = "2025-01-01T00:00Z"
    broken = {
        ExternalEntryFactory(link_status=404, link_checked_at=checked),
        ExternalEntryFactory(link_status=503, link_checked_at=checked),
        ExternalEntryFactory(link_error="Could not connect", link_checked_at=checked),
    }
    ExternalEntryFactory(link_status=200, link_checked_at=checked)
    ExternalEntryFactory(link_status=301, link_checked_at=checked)
    ExternalEntryFactory()
    ArticleEntryFactory()
    assert set(Entry.objects.broken()) == broken
    assert all(entry.is_broken for entry in broken)


def test_notable_change_needs_a_note():
    briefing = BriefingFactory()
    with pytest.raises(ValidationError):
        BriefingChange(briefing=briefing, notable=True, note="").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        BriefingChange.objects.create(briefing=briefing, notable=True, note="")


def test_record_change_keeps_readable_snapshots_of_removed_entries():
    entry = ArticleEntryFactory(article__title="Pathfinder report")
    briefing = entry.section.briefing
    before, entry_id = snapshot(briefing), entry.pk
    entry.delete()
    change = record_change(briefing, None, before, notable=True, note="Tidied")
    assert change.removed == [
        {
            "id": entry_id,
            "article_id": entry.article_id,
            "title": "Pathfinder report",
            "url": entry.article.get_absolute_url(),
            "section": entry.section.title,
            "section_id": entry.section_id,
            "position": entry.position,
        }
    ]
    assert change.user is None and str(change) == "Tidied"


def make_snapshot(layout):
    """{id: {...}} from {section_id: [entry ids in order]}."""
    snap = {}
    for section_id, ids in layout.items():
        for position, pk in enumerate(ids):
            snap[pk] = {"section_id": section_id, "position": position}
    return snap


@pytest.mark.parametrize(
    ("before", "after", "moved"),
    [
        ({1: [1, 2, 3]}, {1: [1, 2, 3]}, []),
        ({1: [1, 2, 3, 4]}, {1: [4, 1, 2, 3]}, [4]),
        ({1: [1, 2, 3, 4]}, {1: [2, 3, 4, 1]}, [1]),
        ({1: [1, 2], 2: [3]}, {1: [1], 2: [2, 3]}, [2]),
        ({1: [1, 2, 3]}, {1: [1, 3]}, []),  # a removal is not a move
    ],
)
def test_moved_entries_are_the_fewest_that_explain_the_new_order(before, after, moved):
    assert sorted(moved_entries(make_snapshot(before), make_snapshot(after))) == moved
