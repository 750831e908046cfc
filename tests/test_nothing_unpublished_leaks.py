"""A post that is not public at the moment of a request is named on no public page.

Not a draft, not a scheduled post before its time, not one published and then
unpublished, not a deleted one: not in a briefing's update history or feeds, the
sitemap, search, related posts, archives or feeds. A post published later appears then.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from briefings.changes import record_change, snapshot
from tests.briefing_factories import ArticleEntryFactory, BriefingFactory, SectionFactory
from tests.factories import ArticleFactory, AuthorFactory, RelatedLinkFactory
from tests.forms import change_url

pytestmark = pytest.mark.django_db
TITLE = "Quokka procurement exposé"
TAGS = ["Outsourcing", "Quokkas"]


@pytest.fixture(params=[False, True], ids=["uncached", "page-cache"])
def cache_mode(request, settings):
    """Every case runs with and without the page cache: a cached page must not keep
    naming a post that has stopped being public."""
    settings.PAGE_CACHE = request.param
    return request.param


@pytest.fixture
def scene(admin_user):
    """A published briefing whose announced update added the post, a public sibling post
    that links to it and shares its tags, and the post's author and tags."""
    author = AuthorFactory(name="Nell Quayle", slug="nell-quayle")
    sibling = ArticleFactory(title="Sibling story", tags=TAGS, authors=[author])

    def make(**post_fields):
        post = ArticleFactory(
            title=TITLE, slug="quokka", tags=TAGS, authors=[author], **post_fields
        )
        RelatedLinkFactory(article=sibling, related=post)
        briefing = BriefingFactory(title="Quokka Briefing", slug="quokka-briefing")
        section = SectionFactory(briefing=briefing, title="Reporting")
        before = snapshot(briefing)
        ArticleEntryFactory(section=section, article=post)
        record_change(briefing, admin_user, before, notable=True, note="Added our reporting")
        return post, sibling, briefing

    return make


def public_pages(post, sibling, briefing):
    day = post.local_publish_date
    return [
        reverse("articles:home"),
        reverse("articles:feed"),
        reverse("articles:feed_atom"),
        reverse("articles:tag", args=["quokkas"]),
        reverse("articles:tag_feed", args=["quokkas"]),
        reverse("articles:author", args=["nell-quayle"]),
        reverse("articles:author_feed", args=["nell-quayle"]),
        reverse("articles:year", args=[day.year]),
        reverse("articles:search") + "?q=quokka",
        sibling.get_absolute_url(),
        briefing.get_absolute_url(),
        reverse("briefings:feed", args=[briefing.slug]),
        reverse("briefings:feed_atom", args=[briefing.slug]),
        reverse("briefings:index"),
        "/sitemap.xml",
        "/sitemap-posts.xml",
    ]


def pages_naming_the_post(client, pages):
    named = []
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 404), (page, response.status_code)
        html = response.content.decode()
        # By its title, or by its address (the sitemap lists addresses only).
        if response.status_code == 200 and ("Quokka procurement" in html or "/quokka/" in html):
            named.append(page)
    return named


def test_a_draft_is_named_nowhere(client, scene, cache_mode):
    post, sibling, briefing = scene(draft=True, publish_at=None)
    assert pages_naming_the_post(client, public_pages(post, sibling, briefing)) == []
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_scheduled_post_is_named_only_once_its_time_has_come(client, scene, cache_mode):
    post, sibling, briefing = scene(scheduled=True)
    pages = public_pages(post, sibling, briefing)
    assert pages_naming_the_post(client, pages) == []
    with time_machine.travel(post.publish_at + timedelta(minutes=1)):
        named = pages_naming_the_post(client, public_pages(post, sibling, briefing))
    # Everywhere it belongs: the briefing's history and feeds, lists, search, sitemap.
    assert set(named) >= {
        reverse("articles:home"),
        reverse("articles:tag", args=["quokkas"]),
        reverse("articles:search") + "?q=quokka",
        sibling.get_absolute_url(),
        briefing.get_absolute_url(),
        reverse("briefings:feed", args=[briefing.slug]),
        reverse("briefings:feed_atom", args=[briefing.slug]),
        "/sitemap-posts.xml",
    }


def test_a_post_published_then_unpublished_disappears_everywhere(client, scene, cache_mode):
    post, sibling, briefing = scene()
    pages = public_pages(post, sibling, briefing)
    assert briefing.get_absolute_url() in pages_naming_the_post(client, pages)
    post.status = Article.Status.DRAFT
    post.save()
    assert pages_naming_the_post(client, pages) == []


def test_a_deleted_post_disappears_from_the_history_that_added_and_removed_it(
    client, scene, cache_mode, admin_user
):
    post, sibling, briefing = scene()
    pages = public_pages(post, sibling, briefing)
    assert briefing.get_absolute_url() in pages_naming_the_post(client, pages)
    before = snapshot(briefing)
    post.briefing_entries.all().delete()
    record_change(briefing, admin_user, before, notable=True, note="Took our reporting out")
    removed = client.get(briefing.get_absolute_url()).content.decode()
    assert f"Removed:</span> {TITLE}" in removed
    post.delete()
    assert pages_naming_the_post(client, pages) == []


def test_history_recorded_before_posts_were_named_by_id_hides_what_it_cannot_check(client):
    briefing = BriefingFactory()
    # An item stored by an older version: a site address, and no post id.
    record = {"title": TITLE, "url": "/2020/01/01/gone/", "section": "Reporting"}
    briefing.changes.create(notable=True, note="Old update", added=[record])
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert "Old update" in html and TITLE not in html


def test_the_editors_own_scenario_through_the_admin(admin_client, client):
    """An editor adds a colleague's draft to a published briefing and announces it."""
    from tests.test_briefings_admin import briefing_form_data, entry_fields

    draft = ArticleFactory(title=TITLE, draft=True, publish_at=None)
    briefing = BriefingFactory(title="Quokka Briefing")
    section = SectionFactory(briefing=briefing, title="Reporting")
    data = briefing_form_data(
        briefing,
        sections=[(section, "Reporting", [entry_fields(article=draft.pk)])],
        update_note="Added a new report",
        announce="on",
    )
    assert admin_client.post(change_url(briefing), data).status_code == 302
    for page in (
        briefing.get_absolute_url(),
        reverse("briefings:feed", args=[briefing.slug]),
        reverse("briefings:feed_atom", args=[briefing.slug]),
    ):
        html = client.get(page).content.decode()
        assert "Added a new report" in html and TITLE not in html
    # The editor sees at a glance that readers do not see the entry.
    assert "Draft, hidden from readers" in admin_client.get(change_url(briefing)).content.decode()


def test_briefing_admin_says_when_a_scheduled_entry_will_show(admin_client):
    post = ArticleFactory(publish_at=timezone.now() + timedelta(days=3))
    entry = ArticleEntryFactory(article=post)
    html = admin_client.get(change_url(entry.section.briefing)).content.decode()
    assert "Scheduled, hidden from readers until" in html


def test_featured_in_names_only_published_briefings(client):
    post = ArticleFactory()
    ArticleEntryFactory(article=post, section__briefing__title="Secret Briefing")
    ArticleEntryFactory(
        article=post, section__briefing=BriefingFactory(title="Unready Briefing", draft=True)
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Secret Briefing" in html and "Unready Briefing" not in html
