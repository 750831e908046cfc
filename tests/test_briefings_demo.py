import pytest
from django.core.management import CommandError, call_command

from briefings.models import Briefing, BriefingChange, Entry, Section

# The demo's pictures are drawn once a session (tests/conftest.py: demo_media).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_media")]


def counts():
    return (
        Briefing.objects.count(),
        Section.objects.count(),
        Entry.objects.count(),
        BriefingChange.objects.count(),
    )


def test_demo_briefings_include_a_believable_mutuals_briefing_and_are_idempotent(client):
    call_command("load_demo")
    call_command("load_demo_briefings")
    first = counts()
    call_command("load_demo_briefings")
    assert counts() == first
    mutuals = Briefing.objects.get(slug="mutuals-briefing")
    assert mutuals.is_published
    assert mutuals.sections.count() == 3
    entries = Entry.objects.filter(section__briefing=mutuals)
    assert 14 <= entries.count() <= 18
    assert entries.filter(article__isnull=False).count() >= 5
    assert entries.filter(article__isnull=True).count() >= 5
    assert {"Cabinet Office", "National Audit Office"} <= set(
        entries.values_list("source", flat=True)
    )
    assert entries.exclude(note="").count() >= 10
    updates = mutuals.changes.notable()
    assert 2 <= updates.count() <= 3
    assert all(update.added for update in updates)
    assert mutuals.changes.filter(notable=False).exists()
    # Every entry was brought in by an update of the history.
    added = {item["id"] for update in updates for item in update.added}
    assert added == set(entries.values_list("pk", flat=True))
    assert Briefing.objects.published().count() == 2
    response = client.get(mutuals.get_absolute_url())
    assert response.status_code == 200
    assert "Updated to reflect the Pathfinder progress report" in response.content.decode()


def test_demo_briefings_if_empty_leave_existing_briefings_alone():
    call_command("load_demo")
    call_command("load_demo_briefings")
    Briefing.objects.update(title="Edited here")
    call_command("load_demo_briefings", "--if-empty")
    assert set(Briefing.objects.values_list("title", flat=True)) == {"Edited here"}


def test_demo_briefings_need_the_demo_posts(capsys):
    with pytest.raises(CommandError, match="run `manage.py load_demo` first"):
        call_command("load_demo_briefings")
    call_command("load_demo_briefings", "--if-empty")  # `make run` carries on
    assert "Demo briefings not loaded" in capsys.readouterr().out
    assert not Briefing.objects.exists()
