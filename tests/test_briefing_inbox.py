"""The briefing inbox: a post published on a briefing's topics is offered to its
editors, who add it to a section in two clicks (recorded as a change today) or dismiss
it. Nothing reaches a public briefing without a person choosing it."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from briefings.models import BriefingChange, Entry
from tests.briefing_factories import BriefingFactory, SectionFactory
from tests.factories import ArticleFactory
from tests.forms import admin_form, change_url
from tests.pipeline_helpers import DESK, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing(newsroom):
    briefing = BriefingFactory(
        title="Mutuals Briefing", tags=["Mutuals", "Spin-outs"], curators=[newsroom.ed.author]
    )
    SectionFactory(briefing=briefing, title="Latest reporting", position=0)
    SectionFactory(briefing=briefing, title="Reading list", position=1)
    return briefing


def inbox_url(briefing):
    return reverse("admin:briefings_briefing_inbox", args=[briefing.pk])


def in_inbox(client, briefing):
    html = client.get(inbox_url(briefing)).content.decode()
    return [unescape(t) for t in re.findall(r'class="inbox-title" href="[^"]*">([^<]+)</a>', html)]


def test_a_published_post_lands_in_the_inbox_and_is_added_in_two_clicks(
    newsroom, briefing, act, client
):
    editor = newsroom.clients.ed
    # The writer publishes a post on one of the briefing's topics through the admin.
    post = ArticleFactory(
        title="Care workers take over their service",
        tags=["mutuals", "Care"],
        authors=[newsroom.jo.author],
        draft=True,
        publish_at=None,
    )
    assert (
        "no new posts"
        in editor.get(reverse("admin:briefings_briefing_changelist")).content.decode()
    )
    data = admin_form(newsroom.clients.jo, change_url(post))
    act(newsroom.clients.jo, change_url(post), {**data, "status": "published"})

    # The briefing's admin shows it waiting; nothing is added by itself.
    listing = editor.get(reverse("admin:briefings_briefing_changelist")).content.decode()
    assert "Inbox: 1 new post" in listing
    assert "Inbox: 1 new post" in editor.get(change_url(briefing)).content.decode()
    assert "Mutuals Briefing" in editor.get(DESK).content.decode()
    assert not Entry.objects.filter(article=post).exists()
    assert "Care workers" not in client.get(briefing.get_absolute_url()).content.decode()

    # Click 1 opens "Add to section…"; click 2 is the section's button.
    page = editor.get(inbox_url(briefing)).content.decode()
    assert "Care workers take over their service" in page
    reading_list = briefing.sections.get(title="Reading list")
    assert (
        f'<button type="submit" name="section" value="{reading_list.pk}">Reading list</button>'
        in page
    )
    response = act(editor, inbox_url(briefing), {"article": post.pk, "section": reading_list.pk})
    assert response.status_code == 302
    entry = Entry.objects.get(article=post)
    assert entry.section == reading_list
    change = BriefingChange.objects.filter(briefing=briefing).latest()
    assert timezone.localdate(change.created_at) == timezone.localdate()
    assert change.user == newsroom.ed
    assert [item["title"] for item in change.added] == ["Care workers take over their service"]
    assert not change.notable  # announcing it to readers is the editor's choice
    assert "Care workers" in client.get(briefing.get_absolute_url()).content.decode()
    assert in_inbox(editor, briefing) == []
    assert (
        "no new posts"
        in editor.get(reverse("admin:briefings_briefing_changelist")).content.decode()
    )


def test_a_dismissed_post_leaves_the_inbox_and_is_never_added(newsroom, briefing, act):
    post = ArticleFactory(title="Spin-out stalls", tags=["Spin-outs"])
    response = act(newsroom.clients.ed, inbox_url(briefing), {"article": post.pk, "dismiss": "1"})
    assert "Dismissed “Spin-out stalls”" in " ".join(messages_of(response))
    assert in_inbox(newsroom.clients.ed, briefing) == []
    assert not Entry.objects.filter(article=post).exists()
    # And it cannot be added behind the editor's back afterwards.
    section = briefing.sections.first()
    response = act(
        newsroom.clients.ed, inbox_url(briefing), {"article": post.pk, "section": section.pk}
    )
    assert "is not in the inbox any more" in " ".join(messages_of(response))
    assert not Entry.objects.filter(article=post).exists()


def test_the_inbox_holds_only_new_public_posts_on_the_briefings_topics(newsroom, briefing):
    ArticleFactory(title="On topic", tags=["Mutuals"])
    ArticleFactory(title="Off topic", tags=["NHS"])
    ArticleFactory(title="A draft on topic", tags=["Mutuals"], draft=True)
    ArticleFactory(title="Scheduled on topic", tags=["Mutuals"], scheduled=True)
    ArticleFactory(
        title="Old on topic", tags=["Mutuals"], publish_at=timezone.now() - timedelta(days=45)
    )
    listed = ArticleFactory(title="Listed already", tags=["Mutuals"])
    Entry.objects.create(section=briefing.sections.first(), article=listed)
    assert in_inbox(newsroom.clients.ed, briefing) == ["On topic"]
    # A scheduled post arrives by itself when its time comes.
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert in_inbox(newsroom.clients.ed, briefing) == ["Scheduled on topic", "On topic"]


def test_only_those_who_may_edit_briefings_use_the_inbox(newsroom, briefing, act):
    post = ArticleFactory(tags=["Mutuals"])
    assert newsroom.clients.jo.get(inbox_url(briefing)).status_code == 403
    section = briefing.sections.first()
    response = act(
        newsroom.clients.jo, inbox_url(briefing), {"article": post.pk, "section": section.pk}
    )
    assert response.status_code == 403
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"article": "abc"}, {"article": "99999999999999999999999"}, {"section": "1"}],
)
def test_bad_inbox_posts_get_a_clear_answer(newsroom, briefing, act, data):
    response = act(newsroom.clients.ed, inbox_url(briefing), data)
    assert response.status_code == 404
    assert not Entry.objects.exists()


def test_a_section_of_another_briefing_is_refused(newsroom, briefing, act):
    post = ArticleFactory(tags=["Mutuals"])
    other = SectionFactory(briefing=BriefingFactory(title="Other"))
    response = act(
        newsroom.clients.ed, inbox_url(briefing), {"article": post.pk, "section": other.pk}
    )
    assert "Choose a section of this briefing." in messages_of(response)
    assert not Entry.objects.exists()


def test_an_addition_from_the_inbox_is_a_new_version_for_open_forms(newsroom, briefing, act):
    # An editor with the briefing open cannot overwrite the addition without being told.
    post = ArticleFactory(tags=["Mutuals"])
    stale = admin_form(newsroom.clients.ed, change_url(briefing))
    act(
        newsroom.clients.ed,
        inbox_url(briefing),
        {"article": post.pk, "section": briefing.sections.first().pk},
    )
    response = act(newsroom.clients.ed, change_url(briefing), stale)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
