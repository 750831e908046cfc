"""No old link breaks: every WordPress address in the export leads to its new home."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign4change.permalinks import record_moves
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

WXR = Path(__file__).parent / "data" / "wxr"


def run_import(path):
    call_command("import_wordpress", str(path), "--skip-media", stdout=StringIO())


def location(client, url):
    response = client.get(url)
    assert response.status_code == 301, (url, response.status_code)
    return response["Location"]


def test_query_string_post_links_redirect_even_though_the_home_page_answers_them(client):
    run_import(WXR / "wxr-1.2-campaign.xml")
    assert location(client, "/?p=101") == "/2012/07/01/pathfinder-mutuals-first-year/"
    # Extra parameters (campaign tracking) do not get in the way.
    assert (
        location(client, "/?p=101&utm_source=newsletter")
        == "/2012/07/01/pathfinder-mutuals-first-year/"
    )


def test_scheduled_posts_redirect_but_drafts_leave_no_redirect(client):
    run_import(WXR / "wxr-1.2-campaign.xml")
    assert location(client, "/?p=103").startswith("/2099/01/01/")
    assert client.get("/?p=104").status_code == 200  # a draft: the home page, as before
    assert not Redirect.objects.filter(old_path="/?p=104").exists()


def test_old_slugs_that_wordpress_redirected_still_redirect(client):
    run_import(WXR / "wxr-1.2-campaign.xml")
    assert (
        location(client, "/2012/07/01/pathfinders-year-one/")
        == "/2012/07/01/pathfinder-mutuals-first-year/"
    )


def test_category_tag_and_author_archives_redirect(client):
    run_import(WXR / "wxr-1.2-campaign.xml")
    assert location(client, "/category/mutuals/pathfinders/") == "/tag/mutual-pathfinders/"
    assert location(client, "/category/mutuals/") == "/tag/mutuals/"
    assert location(client, "/category/mutuals/pathfinders/feed/") == (
        "/tag/mutual-pathfinders/feed/"
    )
    assert location(client, "/?cat=6") == "/tag/mutual-pathfinders/"
    assert location(client, "/category/health-care/") == "/tag/health-care/"
    assert location(client, "/tag/%D1%80%D0%B5%D1%84%D0%BE%D1%80%D0%BC%D0%B0/") == "/tag/reforma/"
    assert location(client, "/?tag=%D1%80%D0%B5%D1%84%D0%BE%D1%80%D0%BC%D0%B0") == "/tag/reforma/"
    assert location(client, "/?author=2") == "/author/jo-marsh/"
    assert client.get("/author/jo-marsh/").status_code == 200
    assert client.get("/tag/nhs/").status_code == 200


def test_custom_permalink_structures_and_a_blog_in_a_subfolder_redirect(client):
    run_import(WXR / "wxr-1.1-subfolder.xml")
    assert location(client, "/blog/archives/201") == "/2013/04/29/universal-credit-goes-live/"
    assert location(client, "/blog/?p=201") == "/2013/04/29/universal-credit-goes-live/"
    assert location(client, "/blog/2012/01/shared-services-again") == (
        "/2012/01/31/shared-services-again/"
    )
    assert location(client, "/blog/category/it-projects/") == "/tag/it-projects/"
    assert client.get("/2013/04/29/universal-credit-goes-live/").status_code == 200


def test_author_without_wp_author_entry_is_created_from_the_login():
    run_import(WXR / "wxr-1.1-subfolder.xml")
    from articles.models import Article

    assert Article.objects.get(slug="shared-services-again").byline == "former.staffer"


# --- The middleware's WordPress query-string lookup ------------------------------------------


def redirect_queries(queries):
    return [q["sql"] for q in queries if "django_redirect" in q["sql"]]


def test_requests_without_wordpress_keys_never_look_for_redirects(client):
    ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/?page=1&utm_source=x").status_code == 200
    assert redirect_queries(queries.captured_queries) == []


def test_a_wordpress_key_costs_one_lookup_and_redirects_before_the_view_runs(client):
    Redirect.objects.create(site_id=1, old_path="/?page_id=2", new_path="/about-us/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/?page_id=2")
    assert (response.status_code, response["Location"]) == (301, "/about-us/")
    assert len(queries.captured_queries) == 1


def test_an_unknown_wordpress_id_falls_through_to_the_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/?p=999")
    assert response.status_code == 200
    assert len(redirect_queries(queries.captured_queries)) == 1


def test_posts_to_an_address_with_a_wordpress_key_are_not_redirected(client):
    Redirect.objects.create(site_id=1, old_path="/?p=1", new_path="/2020/01/01/x/")
    assert client.post("/?p=1").status_code != 301


def test_record_moves_creates_updates_and_repoints_chains():
    Redirect.objects.create(site_id=1, old_path="/a/", new_path="/b/")
    Redirect.objects.create(site_id=1, old_path="/?p=1", new_path="/old/")
    created, updated = record_moves([("/b/", "/c/"), ("/?p=1", "/new/"), ("/x/", "/y/")])
    stored = dict(Redirect.objects.values_list("old_path", "new_path"))
    assert stored == {"/a/": "/c/", "/b/": "/c/", "/?p=1": "/new/", "/x/": "/y/"}
    assert (created, updated) == (2, 1)
    # Nothing new the second time.
    assert record_moves([("/b/", "/c/"), ("/x/", "/y/")]) == (0, 0)


def test_the_admin_s_own_p_parameter_is_not_looked_up(admin_client):
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get("/admin/articles/article/?p=1").status_code == 200
    assert redirect_queries(queries.captured_queries) == []
