"""Briefings in the page cache: every change an editor makes shows at once, everywhere."""

import pytest

from articles.models import Article, Tag
from briefings.models import Briefing
from tests.briefing_factories import (
    ArticleEntryFactory,
    BriefingChangeFactory,
    BriefingFactory,
    ExternalEntryFactory,
    SectionFactory,
)
from tests.factories import ArticleFactory, AuthorFactory
from tests.forms import change_url
from tests.test_briefings_admin import briefing_form_data, entry_fields
from tests.test_pagecache import cached, get, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
INDEX = "/briefings/"


@pytest.fixture
def briefing():
    briefing = BriefingFactory(title="Mutuals Briefing", tags=["Mutuals"])
    section = SectionFactory(briefing=briefing, title="Reading list")
    ExternalEntryFactory(section=section, title="Support programme", source="Cabinet Office")
    return briefing


def test_briefing_pages_are_cached(client, briefing):
    for url in (briefing.get_absolute_url(), INDEX, f"{briefing.get_absolute_url()}feed/"):
        cached(client, url)


def test_editing_the_briefing_updates_its_page_and_the_index(client, briefing):
    url = briefing.get_absolute_url()
    cached(client, url)
    cached(client, INDEX)
    briefing.title = "Public Service Mutuals Briefing"
    briefing.save()
    assert "Public Service Mutuals Briefing" in html(client, url)
    assert "Public Service Mutuals Briefing" in html(client, INDEX)


def test_adding_moving_and_removing_entries_shows_at_once(client, briefing):
    url = briefing.get_absolute_url()
    cached(client, url)
    article = ArticleFactory(title="Pathfinder mutual goes out to tender")
    entry = ArticleEntryFactory(section=briefing.sections.get(), article=article)
    assert "Pathfinder mutual goes out to tender" in html(client, url)
    cached(client, url)
    other = SectionFactory(briefing=briefing, title="Government announcements")
    assert "Government announcements" in html(client, url)
    cached(client, url)
    entry.section = other
    entry.save()
    page = html(client, url)
    assert page.index("Government announcements") < page.index("Pathfinder mutual")
    cached(client, url)
    entry.delete()
    assert "Pathfinder mutual goes out to tender" not in html(client, url)


def test_a_listed_draft_post_appears_on_the_briefing_when_published(client, briefing):
    draft = ArticleFactory(title="Spin-out approved", draft=True)
    ArticleEntryFactory(section=briefing.sections.get(), article=draft)
    assert "Spin-out approved" not in cached(client, briefing.get_absolute_url())
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Spin-out approved" in html(client, briefing.get_absolute_url())


def test_unpublishing_a_listed_post_in_bulk_removes_it_from_the_briefing(client, briefing):
    post = ArticleFactory(title="Spin-out approved")
    ArticleEntryFactory(section=briefing.sections.get(), article=post)
    assert "Spin-out approved" in cached(client, briefing.get_absolute_url())
    Article.objects.filter(pk=post.pk).update(status=Article.Status.DRAFT)
    assert "Spin-out approved" not in html(client, briefing.get_absolute_url())


def test_post_says_featured_in_as_soon_as_a_briefing_lists_it(client, briefing):
    post = ArticleFactory(title="Spin-out approved")
    assert "Featured in" not in cached(client, post.get_absolute_url())
    entry = ArticleEntryFactory(section=briefing.sections.get(), article=post)
    assert "Mutuals Briefing" in html(client, post.get_absolute_url())
    cached(client, post.get_absolute_url())
    briefing.status = Briefing.Status.DRAFT
    briefing.save()
    assert "Mutuals Briefing" not in html(client, post.get_absolute_url())
    cached(client, post.get_absolute_url())
    briefing.status = Briefing.Status.PUBLISHED
    briefing.save()
    assert "Mutuals Briefing" in html(client, post.get_absolute_url())
    cached(client, post.get_absolute_url())
    entry.delete()
    assert "Mutuals Briefing" not in html(client, post.get_absolute_url())


def test_editing_a_briefing_refreshes_its_posts_but_not_the_lists_that_show_them(client, briefing):
    post = ArticleFactory(title="Spin-out approved", tags=["Outsourcing"])
    ArticleEntryFactory(section=briefing.sections.get(), article=post)
    # (Not the front page: it lists the briefings themselves.)
    year = f"/{post.local_publish_date.year}/"
    lists = [year, "/tag/outsourcing/", post.authors.get().get_absolute_url()]
    for url in [post.get_absolute_url(), *lists]:
        cached(client, url)
    briefing.title = "Public Service Mutuals Briefing"
    briefing.save()
    assert "Featured in: " in html(client, post.get_absolute_url())
    assert "Public Service Mutuals Briefing" in html(client, post.get_absolute_url())
    # They show the post's summary, which says nothing of briefings.
    assert [get(client, url)[1] for url in lists] == ["HIT"] * 3


def test_tag_archive_links_to_a_briefing_as_soon_as_it_covers_the_tag(client, briefing):
    ArticleFactory(tags=["Outsourcing"])
    assert "Mutuals Briefing" not in cached(client, "/tag/outsourcing/")
    briefing.tags.add("Outsourcing")
    assert "Mutuals Briefing" in html(client, "/tag/outsourcing/")
    cached(client, "/tag/outsourcing/")
    briefing.tags.remove(Tag.objects.get(slug="outsourcing"))
    assert "Mutuals Briefing" not in html(client, "/tag/outsourcing/")


def test_announced_update_shows_on_page_index_and_feed(client, briefing):
    url = briefing.get_absolute_url()
    for page in (url, INDEX, f"{url}feed/"):
        cached(client, page)
    BriefingChangeFactory(briefing=briefing, note="Updated for the progress report")
    assert "Updated for the progress report" in html(client, url)
    assert "Updated for the progress report" in html(client, f"{url}feed/")
    assert get(client, INDEX)[1] == "MISS"


def test_an_update_announced_in_bulk_brings_a_briefing_to_the_front_page(client, briefing):
    """The front page shows the three most recently updated briefings: one further down
    enters it when an update is announced, even written in bulk (an import)."""
    from briefings.models import BriefingChange

    ArticleFactory()
    for number in range(3):
        BriefingFactory(title=f"Busier Briefing {number}")
    assert "Mutuals Briefing" not in cached(client, "/")
    BriefingChange.objects.bulk_create(
        [BriefingChange(briefing=briefing, notable=True, note="Pathfinder progress report")]
    )
    assert "Mutuals Briefing" in html(client, "/")


def test_new_published_briefing_joins_the_index(client, briefing):
    cached(client, INDEX)
    BriefingFactory(title="Government IT Projects Briefing")
    assert "Government IT Projects Briefing" in html(client, INDEX)


def test_renaming_a_curator_updates_the_briefing(client, briefing):
    curator = AuthorFactory(name="Helen Marsh")
    briefing.curators.add(curator)
    assert "Helen Marsh" in cached(client, briefing.get_absolute_url())
    curator.name = "Helen Marsh-Okafor"
    curator.save()
    assert "Helen Marsh-Okafor" in html(client, briefing.get_absolute_url())
    cached(client, briefing.get_absolute_url())
    briefing.curators.remove(curator)
    assert "Helen Marsh-Okafor" not in html(client, briefing.get_absolute_url())


def test_deleting_a_briefing_removes_it(client, briefing):
    post = ArticleFactory(title="Spin-out approved")
    ArticleEntryFactory(section=briefing.sections.get(), article=post)
    url = briefing.get_absolute_url()
    for page in (url, INDEX, post.get_absolute_url()):
        cached(client, page)
    briefing.delete()
    assert client.get(url).status_code == 404
    assert "Mutuals Briefing" not in html(client, INDEX)
    assert "Mutuals Briefing" not in html(client, post.get_absolute_url())


def test_editing_a_briefing_leaves_other_briefings_cached(client, briefing):
    other = BriefingFactory(title="Government IT Projects Briefing")
    cached(client, other.get_absolute_url())
    briefing.introduction = "<p>New introduction.</p>"
    briefing.save()
    assert get(client, other.get_absolute_url())[1] == "HIT"


def test_editor_saving_in_the_admin_updates_the_page(client, admin_client, briefing):
    url = briefing.get_absolute_url()
    cached(client, url)
    section = briefing.sections.get()
    entry = section.entries.get()
    data = briefing_form_data(
        briefing,
        sections=[
            (
                section,
                "Reading list",
                [
                    entry_fields(entry),
                    entry_fields(
                        url="https://example.org/report",
                        title="Independent evaluation",
                        source="A university",
                    ),
                ],
            )
        ],
        update_note="Added the independent evaluation",
        announce="on",
    )
    response = admin_client.post(change_url(briefing), data)
    assert response.status_code == 302
    page = html(client, url)
    assert "Independent evaluation" in page
    assert "Added the independent evaluation" in page
