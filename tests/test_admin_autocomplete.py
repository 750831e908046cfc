"""The admin's author and tag pickers (autocomplete) answer, in name order."""

import pytest

from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_author_autocomplete_lists_matching_authors_in_name_order(admin_client):
    AuthorFactory(name="Jo Marsh")
    AuthorFactory(name="Jo Adams")
    AuthorFactory(name="Sam Okafor")
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "Jo",
            "app_label": "articles",
            "model_name": "articleauthor",
            "field_name": "author",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Jo Adams", "Jo Marsh"]


def test_tag_and_author_lists_in_the_admin_show_post_counts(admin_client):
    ArticleFactory(tags=["NHS"], authors=[AuthorFactory(name="Jo Marsh")])
    tags = admin_client.get("/admin/articles/tag/")
    authors = admin_client.get("/admin/articles/author/")
    assert tags.status_code == authors.status_code == 200
    assert b"NHS" in tags.content and b"Jo Marsh" in authors.content
