"""A post's own part of its page, kept in the cache below the page (pagecache.collected).

A post page is rebuilt for reasons that are not its post: another query string, a
logged-in reader (the page cache serves anonymous readers only), a change to the
footer's month list. Those rebuilds read the post's part from the cache. Every change
that the part shows must still reach readers: the invalidation tests of
test_pagecache.py run with it, and the page cache off elsewhere.
"""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    author = AuthorFactory(name="Jo Marsh")
    return ArticleFactory(title="Mutual pathfinder opens", authors=[author], tags=["Mutuals"])


def test_a_page_rebuilt_for_another_query_string_reads_no_post_from_the_database(
    client, story, page_cache, django_assert_num_queries
):
    url = story.get_absolute_url()
    assert client.get(f"{url}?ref=newsletter")["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        response = client.get(f"{url}?ref=homepage")
    assert response["X-Cache"] == "MISS"  # a page of its own, built from the cached part
    assert "Mutual pathfinder opens" in response.content.decode()


def test_logged_in_readers_get_the_post_without_its_queries(
    staff_client, story, django_assert_max_num_queries
):
    url = story.get_absolute_url()
    staff_client.get(url)
    # The session and its user only.
    with django_assert_max_num_queries(2):
        response = staff_client.get(url)
    assert "Mutual pathfinder opens" in response.content.decode()


def test_a_page_built_from_the_cached_part_goes_stale_with_the_post(client, story, page_cache):
    url = story.get_absolute_url()
    client.get(f"{url}?ref=newsletter")  # keeps the part
    assert client.get(url)["X-Cache"] == "MISS"  # the page, from the kept part
    assert client.get(url)["X-Cache"] == "HIT"
    story.title = "Mutual pathfinder opens to all councils"
    story.save()
    assert "opens to all councils" in client.get(url).content.decode()


def test_a_draft_that_staff_preview_is_never_kept_for_readers(client, member, client_for):
    draft = ArticleFactory(title="Embargoed tender story", draft=True)
    url = draft.get_absolute_url()
    assert "is a draft" in client_for(member("Editor")).get(url).content.decode()
    assert client.get(url).status_code == 404
    draft.status = Article.Status.PUBLISHED
    draft.save()
    page = client.get(url).content.decode()
    assert "Embargoed tender story" in page
    assert "preview-banner" not in page


def test_absolute_links_in_the_part_follow_the_address_it_is_read_at(client, story):
    url = story.get_absolute_url()
    assert 'content="http://' in client.get(url).content.decode()
    page = client.get(url, secure=True).content.decode()
    assert '<meta property="og:url" content="https://' in page
    assert 'content="http://' not in page
