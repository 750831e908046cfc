"""Links never break: moved posts, tags and authors leave 301s behind, by themselves."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.redirects.models import Redirect
from django.urls import reverse

from articles.models import Tag
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_changing_a_published_posts_slug_redirects_the_old_url(client):
    article = ArticleFactory(slug="first-slug", publish_at=datetime(2024, 5, 6, 9, tzinfo=LONDON))
    article.slug = "better-slug"
    article.save()
    response = client.get("/2024/05/06/first-slug/")
    assert response.status_code == 301
    assert response["Location"] == "/2024/05/06/better-slug/"


def test_changing_the_publish_date_redirects_the_old_url(client):
    article = ArticleFactory(slug="moved", publish_at=datetime(2024, 5, 6, 9, tzinfo=LONDON))
    article.publish_at = datetime(2024, 7, 1, 9, tzinfo=LONDON)
    article.save()
    response = client.get("/2024/05/06/moved/")
    assert (response.status_code, response["Location"]) == (301, "/2024/07/01/moved/")


def test_repeated_moves_redirect_straight_to_the_newest_url(client):
    article = ArticleFactory(slug="a", publish_at=datetime(2024, 5, 6, 9, tzinfo=LONDON))
    for slug in ("b", "c"):
        article.slug = slug
        article.save()
    assert client.get("/2024/05/06/a/")["Location"] == "/2024/05/06/c/"
    assert client.get("/2024/05/06/b/")["Location"] == "/2024/05/06/c/"


def test_moving_back_to_an_old_slug_serves_the_post_again(client):
    article = ArticleFactory(slug="a", publish_at=datetime(2024, 5, 6, 9, tzinfo=LONDON))
    article.slug = "b"
    article.save()
    article.slug = "a"
    article.save()
    assert client.get("/2024/05/06/a/").status_code == 200
    assert client.get("/2024/05/06/b/")["Location"] == "/2024/05/06/a/"


def test_drafts_leave_no_redirects():
    article = ArticleFactory(slug="draft-one", draft=True)
    article.slug = "draft-two"
    article.save()
    assert not Redirect.objects.exists()


def test_renamed_tag_redirects_its_archive_and_pages_below_it(client):
    ArticleFactory(tags=["Mutuals"])
    tag = Tag.objects.get(name="Mutuals")
    tag.slug = "public-service-mutuals"
    tag.save()
    assert client.get("/tag/mutuals/")["Location"] == "/tag/public-service-mutuals/"
    assert client.get("/tag/mutuals/?page=2")["Location"] == "/tag/public-service-mutuals/?page=2"
    assert client.get("/tag/mutuals/feed/")["Location"] == "/tag/public-service-mutuals/feed/"


def test_renamed_author_redirects(client):
    author = AuthorFactory(slug="jo")
    author.slug = "jo-marsh"
    author.save()
    response = client.get("/author/jo/")
    assert (response.status_code, response["Location"]) == (301, "/author/jo-marsh/")


def test_unknown_paths_still_404(client):
    assert client.get("/tag/never-existed/").status_code == 404
    assert client.get("/" + "x/" * 1500).status_code == 404


def test_renamed_author_redirects_feeds_and_later_pages(client):
    author = AuthorFactory(slug="jo")
    author.slug = "jo-marsh"
    author.save()
    assert client.get("/author/jo/feed/")["Location"] == "/author/jo-marsh/feed/"
    assert client.get("/author/jo/feed/atom/")["Location"] == "/author/jo-marsh/feed/atom/"
    assert client.get("/author/jo/?page=3")["Location"] == "/author/jo-marsh/?page=3"


def test_renamed_tag_redirects_its_atom_feed_and_the_redirect_lands(client):
    ArticleFactory(tags=["Mutuals"])
    tag = Tag.objects.get(name="Mutuals")
    tag.slug = "public-service-mutuals"
    tag.save()
    response = client.get("/tag/mutuals/feed/atom/", follow=True)
    assert response.redirect_chain == [("/tag/public-service-mutuals/feed/atom/", 301)]
    assert response.status_code == 200


def test_renaming_a_tag_in_the_admin_leaves_a_redirect(admin_client, client):
    ArticleFactory(tags=["Mutuals"])
    tag = Tag.objects.get(name="Mutuals")
    response = admin_client.post(
        reverse("admin:articles_tag_change", args=[tag.pk]),
        {"name": "Public service mutuals", "slug": "public-service-mutuals", "description": ""},
    )
    assert response.status_code == 302
    assert client.get("/tag/mutuals/")["Location"] == "/tag/public-service-mutuals/"
    assert client.get("/tag/public-service-mutuals/").status_code == 200


def test_renaming_an_author_in_the_admin_leaves_a_redirect(admin_client, client):
    author = AuthorFactory(name="Jo", slug="jo")
    ArticleFactory(authors=[author])
    response = admin_client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "Jo Marsh", "slug": "jo-marsh", "bio": "", "user": ""},
    )
    assert response.status_code == 302
    assert client.get("/author/jo/")["Location"] == "/author/jo-marsh/"
    assert client.get("/author/jo/feed/")["Location"] == "/author/jo-marsh/feed/"


def test_a_post_moved_to_another_date_redirects_and_its_old_day_archive_is_404(client):
    article = ArticleFactory(slug="moved", publish_at=datetime(2024, 5, 6, 9, tzinfo=LONDON))
    article.publish_at = datetime(2024, 7, 1, 9, tzinfo=LONDON)
    article.save()
    assert client.get("/2024/05/06/moved/")["Location"] == "/2024/07/01/moved/"
    assert client.get("/2024/05/06/").status_code == 404
    assert client.get("/2024/07/01/").status_code == 200


def test_a_nul_in_an_unknown_path_is_a_plain_404(client):
    # PostgreSQL refuses NUL in a query: the redirect lookup must not try it.
    assert client.get("/tag/%00/").status_code == 404
    assert client.get("/2024/02/03/%00/").status_code == 404
