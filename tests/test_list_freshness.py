"""List pages show each post as it is now: its summary follows every change to the post,
its byline and tags, and the names of its authors and tags (copies kept on the post by
articles/derived.py), through saves and bulk updates alike.
"""

from datetime import UTC, datetime

import pytest

from articles.models import Article, ArticleAuthor, Author, Tag
from campaign4change.pagecache.store import get_store
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import listed, listed_titles

pytestmark = pytest.mark.django_db

LISTS = ["/", "/tag/mutuals/", "/author/jo/", "/2025/"]


@pytest.fixture
def jo():
    return AuthorFactory(name="Jo Marsh", slug="jo")


@pytest.fixture
def story(jo):
    return ArticleFactory(
        title="Pathfinder opens",
        authors=[jo],
        tags=["Mutuals"],
        publish_at=datetime(2025, 3, 4, 9, tzinfo=UTC),
    )


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("url", LISTS)
def test_editing_a_post_refreshes_its_summary(client, story, url):
    page(client, url)
    story.title = "Pathfinder opens its doors"
    story.standfirst = "A new standfirst."
    story.save()
    html = page(client, url)
    assert "Pathfinder opens its doors" in html
    assert "A new standfirst." in html


@pytest.mark.parametrize("url", LISTS)
def test_bulk_updates_refresh_summaries(client, story, url):
    page(client, url)
    Article.objects.filter(pk=story.pk).update(title="Retitled in bulk")
    assert listed_titles(client.get(url)) == ["Retitled in bulk"]


@pytest.mark.parametrize("url", ["/", "/tag/mutuals/", "/2025/"])
def test_byline_changes_refresh_summaries(client, story, url):
    page(client, url)
    ArticleAuthor.objects.create(article=story, author=AuthorFactory(name="Sam Green"), position=1)
    assert "Sam Green" in page(client, url)
    ArticleAuthor.objects.filter(article=story, author__name="Sam Green").delete()
    assert "Sam Green" not in page(client, url)


@pytest.mark.parametrize("url", ["/", "/author/jo/", "/2025/"])
def test_tagging_refreshes_summaries(client, story, url):
    page(client, url)
    story.tags.add("Shared services")
    # Summaries show the main tag: without its own ("Mutuals"), the post's other one.
    story.tags.remove("Mutuals")
    assert 'rel="tag">Shared services</a>' in page(client, url)
    story.tags.remove("Shared services")
    assert "Shared services" not in page(client, url)


@pytest.mark.parametrize("url", LISTS)
def test_renaming_a_tag_refreshes_summaries(client, story, url):
    page(client, url)
    tag = Tag.objects.get(name="Mutuals")
    tag.name = "Public-service mutuals"
    tag.save()
    assert 'rel="tag">Public-service mutuals</a>' in page(client, url.replace("mutuals", tag.slug))


@pytest.mark.parametrize("url", LISTS)
def test_renaming_an_author_refreshes_summaries(client, story, url):
    page(client, url)
    author = Author.objects.get(slug="jo")
    author.name = "Joanna Marsh"
    author.save()
    assert 'rel="author">Joanna Marsh</a>' in page(client, url)


@pytest.mark.parametrize("url", LISTS)
def test_an_unpublished_post_leaves_every_list(client, story, url):
    page(client, url)
    story.status = Article.Status.DRAFT
    story.save()
    response = client.get(url)
    assert story.get_absolute_url() not in listed(response)


def test_a_redated_post_moves_in_lists_and_links_to_its_new_address(client, story):
    newer = ArticleFactory(title="Newer", publish_at=datetime(2025, 5, 1, 9, tzinfo=UTC))
    assert listed_titles(client.get("/")) == ["Newer", "Pathfinder opens"]
    story.publish_at = datetime(2025, 6, 1, 9, tzinfo=UTC)
    story.save()
    story.refresh_from_db()
    response = client.get("/")
    assert listed_titles(response) == ["Pathfinder opens", "Newer"]
    assert listed(response)[0] == story.get_absolute_url() == "/2025/06/01/" + story.slug + "/"
    assert newer.get_absolute_url() in listed(response)


def test_a_page_rendered_while_a_change_takes_its_number_is_not_kept_stale(
    client, story, page_cache, monkeypatch
):
    # "/" holds the summary; the author's archive has not been rendered yet.
    assert "Pathfinder opens" in page(client, "/")
    store = get_store()
    take_number = store._next_seq
    seen_in_between = []

    def another_reader_in_between():
        number = take_number()
        # Between taking the change's number and writing its keys, another reader
        # renders a page that includes the post's summary, and stores it.
        seen_in_between.append(listed_titles(client.get("/author/jo/")))
        return number

    monkeypatch.setattr(store, "_next_seq", another_reader_in_between)
    story.title = "Pathfinder opens its doors"
    story.save()
    monkeypatch.undo()
    assert seen_in_between
    assert listed_titles(client.get("/author/jo/")) == ["Pathfinder opens its doors"]
