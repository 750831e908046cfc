"""The demo site has a believable pipeline: pitches, assignments with due dates, a post
in review with notes, one sent back, a briefing inbox with posts in it."""

import io

import pytest
from django.core.management import call_command

from briefings.inbox import inbox_posts
from briefings.models import Briefing
from pipeline.models import Assignment, Note
from tests.pipeline_helpers import DESK, KIND

# The demo's pictures are drawn once a session (tests/conftest.py: demo_media).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_media")]


@pytest.fixture
def demo():
    for command in ("load_demo", "load_demo_briefings", "load_demo_pipeline"):
        call_command(command, stdout=io.StringIO())


def test_the_demo_pipeline_has_every_stage_people_and_notes(demo, client):
    call_command("load_demo_pipeline", stdout=io.StringIO())  # again: nothing doubles
    stages = set(Assignment.objects.values_list("stage__kind", flat=True))
    assert stages == {
        KIND.PITCH,
        KIND.ASSIGNED,
        KIND.WRITING,
        KIND.REVIEW,
        KIND.READY,
        KIND.PUBLISHED,
    }
    assert Assignment.objects.filter(stage__kind=KIND.PITCH).count() == 2
    assert Assignment.objects.filter(due_date__isnull=False).count() >= 4
    assert Note.objects.filter(kind=Note.Kind.SENT_BACK).count() == 1
    assert Note.objects.filter(mentions__username="tom").exists()
    assert Note.objects.count() == 4
    mutuals = Briefing.objects.get(slug="mutuals-briefing")
    assert [a.slug for a in inbox_posts(mutuals.pk)] == ["leisure-staff-vote-for-mutual"]
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="helen"))
    desk = client.get(DESK).content.decode()
    for words in [
        "Are spend controls still doing their job?",
        "Pitches to decide",
        "What happened to the councils that left shared payroll?",
        "Mutuals Briefing",
    ]:
        assert words in desk


def test_make_run_loads_the_pipeline_only_into_an_empty_one(demo):
    out = io.StringIO()
    call_command("load_demo_pipeline", "--if-empty", stdout=out)
    assert "demo pipeline not loaded" in out.getvalue()
