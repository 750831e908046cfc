"""The database out of reach (restarting, failing over): the site's own 503 page, never
a traceback, whichever part of a request met the error (tests/infra/ restarts a real
PostgreSQL under a running app server)."""

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends import utils

from tests.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every query from now on fails as it does while PostgreSQL restarts."""

    def fail(error_class):
        def execute(self, *args, **kwargs):
            raise error_class("server closed the connection unexpectedly")

        monkeypatch.setattr(utils.CursorWrapper, "execute", execute)
        monkeypatch.setattr(utils.CursorWrapper, "executemany", execute)

    return fail


def assert_back_in_a_moment(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert '<h1 class="page-title">Back in a moment</h1>' in html
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.mark.parametrize("error_class", [OperationalError, InterfaceError])
def test_public_pages_say_back_in_a_moment(client, database_down, error_class):
    post = ArticleFactory(title="Mutual pathfinder opens", tags=["Mutuals"])
    client.raise_request_exception = False
    database_down(error_class)
    for path in ("/", post.get_absolute_url(), "/tag/mutuals/", "/search/?q=mutual"):
        assert_back_in_a_moment(client.get(path))


def test_the_admin_and_a_save_say_it_too(client, database_down):
    # The failure meets the session middleware first: before any view runs.
    client.force_login(StaffFactory(username="editor", is_superuser=True))
    client.raise_request_exception = False
    database_down(OperationalError)
    assert_back_in_a_moment(client.get("/admin/articles/article/"))
    response = client.post("/admin/articles/article/add/", {"title": "Unsaved"})
    assert_back_in_a_moment(response)
    assert "it was not saved" in response.content.decode()


def test_the_503_page_renders_without_a_request_or_database(django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("503.html")
    assert "Back in a moment" in html and "site.css" in html


def test_other_errors_still_get_the_500_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("articles.views.HomeView.get", broken, raising=False)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
