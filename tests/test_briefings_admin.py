import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from briefings.models import Briefing, BriefingChange, Entry
from tests.briefing_factories import (
    ArticleEntryFactory,
    BriefingChangeFactory,
    BriefingFactory,
    ExternalEntryFactory,
    SectionFactory,
)
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory
from tests.forms import change_url

pytestmark = pytest.mark.django_db
CHECKED = "2025-01-01T00:00Z"
ADD_URL = reverse("admin:briefings_briefing_add")
LIST_URL = reverse("admin:briefings_briefing_changelist")


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def entry_fields(entry=None, **fields):
    """One entry row as the form shows it; `entry` gives an existing entry's values."""
    row = {"id": "", "article": "", "url": "", "title": "", "source": "", "source_date": ""}
    row["note"] = ""
    if entry is not None:
        row.update(
            id=str(entry.pk),
            article=str(entry.article_id or ""),
            url=entry.url,
            title=entry.title,
            source=entry.source,
            source_date=entry.source_date.isoformat() if entry.source_date else "",
            note=entry.note,
        )
    row.update({key: str(value) for key, value in fields.items()})
    return row


def briefing_form_data(briefing=None, sections=(), **fields):
    """POST data for the briefing admin.

    `sections` is a list of (section or None, title, [entry rows]) in screen order; rows of
    existing entries (with an id) come first in each section, as the admin renders them.
    """
    data = {
        "title": briefing.title if briefing else "Mutuals Briefing",
        "slug": briefing.slug if briefing else "mutuals-briefing",
        "introduction": briefing.introduction if briefing else "<p>All about mutuals.</p>",
        "tags": list(briefing.tags.names()) if briefing else ["Mutuals"],
        "status": briefing.status if briefing else "published",
        "update_note": "",
        **management("sections", len(sections), sum(1 for s in sections if s[0] is not None)),
    }
    if briefing is not None:
        # The version the form was loaded from (editorial's no-lost-updates check).
        briefing.refresh_from_db(fields=["updated_at"])
        data["loaded_version"] = briefing.updated_at.isoformat()
    for n, (section, title, rows) in enumerate(sections):
        prefix = f"sections-{n}"
        data[f"{prefix}-id"] = str(section.pk) if section else ""
        data[f"{prefix}-briefing"] = str(briefing.pk) if briefing else ""
        data[f"{prefix}-title"] = title
        data[f"{prefix}-position"] = str(n)
        entries = f"{prefix}-entries"
        data.update(management(entries, len(rows), sum(1 for row in rows if row["id"])))
        for m, row in enumerate(rows):
            for key, value in row.items():
                data[f"{entries}-{m}-{key}"] = value
            data[f"{entries}-{m}-section"] = str(section.pk) if section else ""
            data[f"{entries}-{m}-position"] = str(m)
    data.update(fields)
    return data


def form_errors(response):
    """Every error on the page's form and inlines, as text (for assertion messages)."""
    context = response.context
    errors = [str(context["adminform"].form.errors)]
    for inline in context["inline_admin_formsets"]:
        errors.append(str(inline.formset.errors))
        for form in inline.formset.forms:
            for nested in getattr(form, "nested_formsets", []):
                errors.append(str(nested.errors) + str(nested.non_form_errors()))
    return " ".join(errors)


def test_briefing_screen_has_nested_sortable_inlines_autocomplete_and_change_note(admin_client):
    entry = ArticleEntryFactory()
    html = admin_client.get(change_url(entry.section.briefing)).content.decode()
    assert "nested_admin" in html or "djn-" in html
    assert 'name="sections-0-entries-0-article"' in html
    assert "admin-autocomplete" in html
    assert 'name="update_note"' in html and 'name="announce"' in html
    assert "Record this change" in html


def test_editor_creates_a_briefing_with_sections_and_entries_in_one_save(admin_client):
    article = ArticleFactory(title="Pathfinder mutual goes out to tender")
    curator = AuthorFactory(name="Helen Marsh")
    data = briefing_form_data(
        sections=[
            (
                None,
                "Government announcements",
                [
                    entry_fields(
                        url="https://www.gov.uk/government/news/mutuals-support",
                        title="Support programme for mutuals",
                        source="Cabinet Office",
                        source_date="2025-03-04",
                        note="Where the money comes from.",
                    )
                ],
            ),
            (None, "Pathfinder mutuals", [entry_fields(article=article.pk)]),
        ],
        curators=str(curator.pk),
        update_note="First edition of the briefing",
        announce="on",
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, form_errors(response)
    briefing = Briefing.objects.get(slug="mutuals-briefing")
    assert [s.title for s in briefing.sections.all()] == [
        "Government announcements",
        "Pathfinder mutuals",
    ]
    link = Entry.objects.get(url__contains="mutuals-support")
    assert (link.source, str(link.source_date), link.note) == (
        "Cabinet Office",
        "2025-03-04",
        "Where the money comes from.",
    )
    assert Entry.objects.get(article=article).section.title == "Pathfinder mutuals"
    assert list(briefing.curators.all()) == [curator]
    assert briefing.tags.names()[0] == "Mutuals"
    change = briefing.changes.get()
    assert change.notable and change.note == "First edition of the briefing"
    assert sorted(item["title"] for item in change.added) == [
        "Pathfinder mutual goes out to tender",
        "Support programme for mutuals",
    ]


def test_saving_records_added_removed_and_moved_entries_with_user(admin_client, admin_user):
    briefing = BriefingFactory()
    first, second = SectionFactory(briefing=briefing), SectionFactory(briefing=briefing)
    keep = ExternalEntryFactory(section=first, title="Kept")
    move = ExternalEntryFactory(section=first, title="Moves to second")
    drop = ExternalEntryFactory(section=second, title="Dropped")
    new_article = ArticleFactory(title="Pathfinder progress report")
    rows_first = [entry_fields(keep)]
    drop_row = entry_fields(drop, DELETE="on")
    rows_second = [entry_fields(move), drop_row, entry_fields(article=new_article.pk)]
    data = briefing_form_data(
        briefing,
        sections=[(first, first.title, rows_first), (second, second.title, rows_second)],
        update_note="Updated to reflect the Pathfinder progress report",
        announce="on",
    )
    response = admin_client.post(change_url(briefing), data)
    assert response.status_code == 302, form_errors(response)
    move.refresh_from_db()
    assert move.section == second
    assert not Entry.objects.filter(pk=drop.pk).exists()
    change = briefing.changes.get()
    assert change.user == admin_user
    assert [item["title"] for item in change.added] == ["Pathfinder progress report"]
    assert [item["title"] for item in change.removed] == ["Dropped"]
    assert [(item["title"], item["section"]) for item in change.moved] == [
        ("Moves to second", second.title)
    ]
    assert change.notable and change.note == "Updated to reflect the Pathfinder progress report"


def test_reordering_within_a_section_records_only_the_entry_that_moved(admin_client):
    section = SectionFactory()
    a, b, c, d = (ExternalEntryFactory(section=section, title=t) for t in "ABCD")
    rows = [entry_fields(entry) for entry in (d, a, b, c)]  # D dragged to the top
    data = briefing_form_data(section.briefing, sections=[(section, section.title, rows)])
    response = admin_client.post(change_url(section.briefing), data)
    assert response.status_code == 302, form_errors(response)
    assert list(section.entries.values_list("title", flat=True)) == ["D", "A", "B", "C"]
    change = section.briefing.changes.get()
    assert [item["title"] for item in change.moved] == ["D"]
    assert not change.notable and not change.added and not change.removed


def test_a_save_without_a_note_is_recorded_but_not_announced(admin_client):
    briefing = BriefingFactory(title="Old title")
    data = briefing_form_data(briefing, title="New title")
    assert admin_client.post(change_url(briefing), data).status_code == 302
    change = briefing.changes.get()
    assert not change.notable
    assert change.changed_fields == ["title"]
    assert change.summary == "edited title"


def test_a_note_without_announce_is_kept_privately(admin_client):
    briefing = BriefingFactory()
    data = briefing_form_data(briefing, update_note="Fixed a typo in a source")
    assert admin_client.post(change_url(briefing), data).status_code == 302
    change = briefing.changes.get()
    assert (change.notable, change.note) == (False, "Fixed a typo in a source")


def test_announcing_without_a_note_is_a_form_error(admin_client):
    briefing = BriefingFactory()
    response = admin_client.post(change_url(briefing), briefing_form_data(briefing, announce="on"))
    assert response.status_code == 200
    assert "Write a note for readers" in form_errors(response)
    assert not BriefingChange.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("both", "not both"),
        ("neither", "Choose a post on this site or give an external link"),
        ("javascript", "Enter a valid URL"),
        ("file", "Enter a valid URL"),
        ("ftp", "Enter a valid URL"),
        ("untitled", "An external link needs a title"),
        ("long-title", "Ensure this value has at most 300 characters"),
    ],
)
def test_bad_entries_get_a_clear_form_error_and_nothing_is_saved(admin_client, row, message):
    section = SectionFactory()
    existing = ExternalEntryFactory(section=section, title="Untouched")
    article = ArticleFactory()
    rows = {
        "both": entry_fields(article=article.pk, url="https://example.org/", title="X"),
        "neither": entry_fields(note="Just a note"),
        "javascript": entry_fields(url="javascript:alert(document.cookie)", title="X"),
        "file": entry_fields(url="file:///etc/passwd", title="X"),
        "ftp": entry_fields(url="ftp://example.org/report.pdf", title="X"),
        "untitled": entry_fields(url="https://example.org/report", title=""),
        "long-title": entry_fields(url="https://example.org/report", title="x" * 5000),
    }
    data = briefing_form_data(
        section.briefing,
        sections=[(section, "Renamed", [entry_fields(existing), rows[row]])],
        update_note="Should not be recorded",
    )
    response = admin_client.post(change_url(section.briefing), data)
    assert response.status_code == 200
    assert message in form_errors(response)
    assert list(section.entries.all()) == [existing]
    section.refresh_from_db()
    assert section.title != "Renamed"
    assert not BriefingChange.objects.exists()


def test_a_briefing_title_of_5000_characters_is_a_form_error(admin_client):
    response = admin_client.post(ADD_URL, briefing_form_data(title="x" * 5000))
    assert response.status_code == 200
    assert "at most 200 characters" in form_errors(response)
    assert not Briefing.objects.exists()


def test_introduction_is_sanitised_on_save(admin_client):
    data = briefing_form_data(
        introduction='<p onclick="steal()">Hello <a href="javascript:x()">x</a></p>'
        "<script>1</script>"
    )
    assert admin_client.post(ADD_URL, data).status_code == 302
    intro = Briefing.objects.get().introduction
    assert "onclick" not in intro and "script" not in intro and "javascript" not in intro
    assert "Hello" in intro


def test_list_shows_entry_and_broken_link_counts_and_filters_broken(admin_client):
    healthy = BriefingFactory(title="Healthy")
    ExternalEntryFactory(section__briefing=healthy, link_status=200, link_checked_at=CHECKED)
    rotten = BriefingFactory(title="Rotten")
    section = SectionFactory(briefing=rotten)
    ExternalEntryFactory(section=section, link_status=404, link_checked_at=CHECKED)
    ExternalEntryFactory(section=section, link_error="Could not connect", link_checked_at=CHECKED)
    ExternalEntryFactory(section=section)  # never checked: not broken
    response = admin_client.get(LIST_URL)
    rows = {b.title: b for b in response.context["cl"].result_list}
    assert (rows["Healthy"].entries_count, rows["Healthy"].broken_count) == (1, 0)
    assert (rows["Rotten"].entries_count, rows["Rotten"].broken_count) == (3, 2)
    assert "⚠ 2" in response.content.decode()
    broken = admin_client.get(LIST_URL, {"links": "broken"})
    assert [b.title for b in broken.context["cl"].result_list] == ["Rotten"]
    fine = admin_client.get(LIST_URL, {"links": "ok"})
    assert [b.title for b in fine.context["cl"].result_list] == ["Healthy"]


def test_entry_list_finds_broken_links_across_briefings_read_only(admin_client):
    broken = ExternalEntryFactory(title="Gone", link_status=410, link_checked_at=CHECKED)
    ExternalEntryFactory(title="Fine", link_status=200, link_checked_at=CHECKED)
    url = reverse("admin:briefings_entry_changelist")
    response = admin_client.get(url, {"health": "broken"})
    assert [e.title for e in response.context["cl"].result_list] == ["Gone"]
    detail = admin_client.get(reverse("admin:briefings_entry_change", args=[broken.pk]))
    assert detail.status_code == 200
    assert b'name="url"' not in detail.content  # fixed on the briefing's page, recorded there
    assert (
        admin_client.post(
            reverse("admin:briefings_entry_change", args=[broken.pk]), {"url": "https://x.org"}
        ).status_code
        == 403
    )


def test_change_history_can_announce_an_earlier_change(admin_client):
    change = BriefingChangeFactory(notable=False, note="")
    url = reverse("admin:briefings_briefingchange_change", args=[change.pk])
    response = admin_client.post(url, {"notable": "on", "note": "Added the audit report"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.notable and change.note == "Added the audit report"
    assert admin_client.get(reverse("admin:briefings_briefingchange_add")).status_code == 403


def test_briefing_admin_is_staff_only_and_permission_checked(client):
    briefing = BriefingFactory()
    response = client.get(change_url(briefing))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(change_url(briefing)).status_code == 403
    assert client.post(ADD_URL, briefing_form_data()).status_code == 403
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="briefings",
            codename__in=[
                "view_briefing",
                "change_briefing",
                "add_section",
                "change_section",
                "add_entry",
                "change_entry",
                "delete_entry",
                "delete_section",
            ],
        )
    )
    assert client.get(change_url(briefing)).status_code == 200


def test_view_on_site_previews_a_draft(admin_client):
    briefing = BriefingFactory(draft=True)
    response = admin_client.get(briefing.get_absolute_url())
    assert response.status_code == 200
    assert b"Preview: this briefing is a draft" in response.content


def test_editor_reformatting_of_the_introduction_is_not_recorded_as_an_edit(admin_client):
    briefing = BriefingFactory(introduction="<p>One.</p><p>Two.</p>")
    data = briefing_form_data(briefing, introduction="<p>One.</p>\n\n<p>Two.</p>\n")
    assert admin_client.post(change_url(briefing), data).status_code == 302
    assert briefing.changes.get().changed_fields == []
    data = briefing_form_data(briefing, introduction="<p>One.</p><p>Three.</p>")
    assert admin_client.post(change_url(briefing), data).status_code == 302
    assert briefing.changes.first().changed_fields == ["introduction"]
