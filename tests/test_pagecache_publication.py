"""What the publication's pages add is refreshed in the page cache as soon as it changes:
the front page's briefings and their "updated 3 days ago", a byline's photos, a post's
kicker, caption and credit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Tag
from campaign4change import recency
from campaign4change.pagecache.store import get_store
from tests.briefing_factories import BriefingChangeFactory, BriefingFactory, ExternalEntryFactory
from tests.factories import ArticleFactory, AuthorFactory
from tests.forms import admin_form, change_url
from tests.test_front_page import jpeg
from tests.test_pagecache import cached, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def briefing():
    ArticleFactory(title="Lead story")
    briefing = BriefingFactory(title="Mutuals Briefing")
    ExternalEntryFactory(section__briefing=briefing)
    BriefingChangeFactory(briefing=briefing, created_at=timezone.now() - timedelta(days=3))
    return briefing


def test_the_front_page_is_cached_with_its_briefings(client, briefing):
    assert "Mutuals Briefing" in cached(client, "/")


def test_a_briefing_update_refreshes_the_front_page(client, briefing):
    assert "3 days ago" in cached(client, "/")
    BriefingChangeFactory(briefing=briefing)
    assert "Updated <time" in html(client, "/") and "today" in html(client, "/")


def test_a_newly_published_briefing_joins_the_front_page(client, briefing):
    draft = BriefingFactory(title="Outsourcing Briefing", draft=True)
    assert "Outsourcing Briefing" not in cached(client, "/")
    draft.status = draft.Status.PUBLISHED
    draft.save()
    assert "Outsourcing Briefing" in html(client, "/")


def test_a_renamed_briefing_is_renamed_on_the_front_page(client, briefing):
    cached(client, "/")
    briefing.title = "Public Service Mutuals Briefing"
    briefing.save()
    assert "Public Service Mutuals Briefing" in html(client, "/")


def test_the_front_page_is_rebuilt_when_the_date_changes(client, briefing, monkeypatch):
    assert "3 days ago" in cached(client, "/")
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(recency, "today", lambda: tomorrow)
    # At midnight the schedule bumps the date's key (campaign4change/recency.py).
    recency.day_changed(0, 0)
    assert "4 days ago" in html(client, "/")


def test_a_forgotten_date_is_bumped_without_dropping_other_pages(client, briefing):
    post = ArticleFactory(title="Other story", tags=["Mutuals"])
    tag_page = "/tag/mutuals/"
    cached(client, tag_page)
    cached(client, "/")
    recency.forgotten(get_store())
    assert client.get(tag_page).get("X-Cache") == "HIT"  # says no "days ago"
    assert client.get("/").get("X-Cache") != "HIT"
    assert post.title in html(client, "/")


def test_an_authors_new_photo_shows_beside_their_bylines(client):
    jo = AuthorFactory(name="Jo Marsh")
    post = ArticleFactory(authors=[jo])
    url = post.get_absolute_url()
    assert "byline-photo" not in cached(client, url)
    jo.photo = jpeg("jo.jpg", (200, 200))
    jo.save()
    assert "byline-photo" in html(client, url)
    cached(client, url)
    jo.photo = ""
    jo.save()
    assert "byline-photo" not in html(client, url)


def test_changing_the_main_tag_in_the_admin_changes_the_kicker_everywhere(admin_client, client):
    post = ArticleFactory(tags=["Mutuals", "NHS"])
    for url in ("/", post.get_absolute_url(), "/tag/nhs/"):
        assert 'rel="tag">Mutuals</a></p>' in cached(client, url)
    data = admin_form(admin_client, change_url(post))
    data.update(tags=["NHS", "Mutuals"], publishing_action="update")
    assert admin_client.post(change_url(post), data).status_code == 302
    for url in ("/", post.get_absolute_url(), "/tag/nhs/"):
        assert 'rel="tag">NHS</a></p>' in html(client, url), url
    assert Tag.objects.count() == 2


def test_a_new_caption_and_credit_show_at_once(client):
    post = ArticleFactory(featured_image=jpeg(), featured_image_alt="A square")
    url = post.get_absolute_url()
    assert "figcaption" not in cached(client, url)
    post.featured_image_caption = "The new offices."
    post.featured_image_credit = "Photo: Jo Marsh"
    post.save()
    page = html(client, url)
    assert "The new offices." in page and "Photo: Jo Marsh" in page


def test_the_date_is_due_to_change_at_the_next_local_midnight():
    from campaign4change.pagecache.store import SCHEDULES

    assert SCHEDULES[recency.SCHEDULE][1] is recency.day_changed
    now = timezone.localtime().replace(hour=23, minute=59, second=30)
    due = timezone.localtime(
        timezone.datetime.fromtimestamp(recency.next_midnight(now.timestamp()), tz=now.tzinfo)
    )
    assert (due.date(), due.hour, due.minute) == (now.date() + timedelta(days=1), 0, 0)
