"""Archives that cost the same on page 500: id-first pagination and kept counts.

Tag and author archives page through copies of each post's publish date on the tagging
and byline rows; these tests hold the copies to what Article.objects.published() says.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, ArticleAuthor, TaggedArticle
from articles.views import PublishedArticlesMixin
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import listed, listed_titles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pages(settings, monkeypatch):
    # Three posts a page, so that a few posts make many pages.
    monkeypatch.setattr(PublishedArticlesMixin, "paginate_by", 3)
    settings.PAGE_CACHE = False  # counts are kept whether or not pages are cached


def titles(response):
    return listed_titles(response)


def expected(queryset, page, per_page=3):
    ordered = queryset.published().order_by("-publish_at", "-id")
    return [a.title for a in ordered[(page - 1) * per_page : page * per_page]]


@pytest.fixture
def mixed_site():
    """Posts over many days, with drafts and scheduled posts in between."""
    jo = AuthorFactory(name="Jo Marsh")
    now = timezone.now()
    for n in range(14):
        ArticleFactory(
            title=f"Post {n}",
            publish_at=now - timedelta(days=n, hours=1),
            status=Article.Status.DRAFT if n % 5 == 2 else Article.Status.PUBLISHED,
            authors=[jo],
            tags=["Mutuals"] if n % 2 else ["Mutuals", "NHS"],
        )
    ArticleFactory(title="Scheduled", scheduled=True, authors=[jo], tags=["Mutuals"])
    return jo


@pytest.mark.parametrize("page", [1, 2, 3, 4])
def test_every_page_of_every_archive_shows_exactly_the_public_posts_in_order(
    client, mixed_site, page
):
    jo = mixed_site
    cases = [
        ("/", Article.objects.all()),
        ("/tag/mutuals/", Article.objects.filter(tags__slug="mutuals")),
        ("/tag/nhs/", Article.objects.filter(tags__slug="nhs")),
        (jo.get_absolute_url(), Article.objects.filter(authors=jo)),
    ]
    for url, queryset in cases:
        want = expected(queryset, page)
        response = client.get(url, {"page": page})
        if not want:
            assert response.status_code == 404, url
            continue
        assert titles(response) == want, url
        paginator = response.context["paginator"]
        assert paginator.count == queryset.published().count(), url


@pytest.mark.parametrize("count", [4, 40])
def test_deep_archive_pages_cost_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    author = AuthorFactory()
    for n in range(count):
        ArticleFactory(authors=[author], tags=["Mutuals", f"tag {n}"])
    last = (count + 2) // 3
    for url in ("/", "/tag/mutuals/", author.get_absolute_url()):
        with django_assert_max_num_queries(8):
            response = client.get(url, {"page": last})
        assert response.status_code == 200
        assert listed(response)


def test_counts_are_kept_until_the_archive_changes(client, django_assert_max_num_queries):
    author = AuthorFactory()
    ArticleFactory.create_batch(3, authors=[author], tags=["Mutuals"])
    client.get("/tag/mutuals/")
    with django_assert_max_num_queries(6) as captured:
        client.get("/tag/mutuals/")
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"]]
    ArticleFactory(authors=[author], tags=["Mutuals"])
    response = client.get("/tag/mutuals/", {"page": 2})
    assert response.status_code == 200
    assert response.context["paginator"].count == 4


def test_publishing_unpublishing_and_untagging_change_archive_counts(client):
    author = AuthorFactory()
    posts = ArticleFactory.create_batch(3, authors=[author], tags=["Mutuals"])
    for url in ("/", "/tag/mutuals/", author.get_absolute_url()):
        assert client.get(url, {"page": 2}).status_code == 404
    draft = ArticleFactory(draft=True, authors=[author], tags=["Mutuals"])
    draft.status = Article.Status.PUBLISHED
    draft.save()
    for url in ("/", "/tag/mutuals/", author.get_absolute_url()):
        assert client.get(url, {"page": 2}).status_code == 200, url
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    for url in ("/", "/tag/mutuals/", author.get_absolute_url()):
        assert client.get(url, {"page": 2}).status_code == 404, url
    posts[0].tags.add("NHS")
    assert client.get("/tag/nhs/").context["paginator"].count == 1
    posts[0].tags.remove("NHS")
    assert listed(client.get("/tag/nhs/")) == []


def test_scheduled_post_counts_once_its_time_comes(client):
    author = AuthorFactory()
    ArticleFactory.create_batch(3, authors=[author], tags=["Mutuals"])
    publish_at = timezone.now() + timedelta(hours=1)
    ArticleFactory(title="Scheduled", publish_at=publish_at, authors=[author], tags=["Mutuals"])
    for url in ("/", "/tag/mutuals/", author.get_absolute_url()):
        assert client.get(url).context["paginator"].count == 3
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        for url in ("/", "/tag/mutuals/", author.get_absolute_url()):
            response = client.get(url)
            assert response.context["paginator"].count == 4, url
            assert "Scheduled" in titles(response)


def test_listing_dates_follow_the_post_whatever_wrote_it():
    author = AuthorFactory()
    post = ArticleFactory(draft=True, authors=[author], tags=["Mutuals"])
    rows = [TaggedArticle.objects.get(content_object=post), ArticleAuthor.objects.get(article=post)]
    assert [row.article_publish_at for row in rows] == [None, None]
    post.status = Article.Status.PUBLISHED
    post.save()
    for row in rows:
        row.refresh_from_db()
        assert row.article_publish_at == post.publish_at
    later = post.publish_at + timedelta(days=1)
    Article.objects.filter(pk=post.pk).update(publish_at=later)
    for row in rows:
        row.refresh_from_db()
        assert row.article_publish_at == later
    other = AuthorFactory()
    ArticleAuthor.objects.bulk_create([ArticleAuthor(article=post, author=other, position=1)])
    assert ArticleAuthor.objects.get(author=other).article_publish_at == later
