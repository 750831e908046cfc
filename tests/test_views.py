from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    ArticleUpdateFactory,
    AuthorFactory,
    RelatedLinkFactory,
)
from tests.pages import listed, urls

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_home_lists_live_posts_newest_first(client):
    old = ArticleFactory(title="Older post", publish_at=datetime(2025, 1, 2, 9, tzinfo=LONDON))
    new = ArticleFactory(title="Newer post", publish_at=datetime(2025, 6, 2, 9, tzinfo=LONDON))
    ArticleFactory(title="Secret draft", draft=True)
    ArticleFactory(title="Future post", scheduled=True)
    response = client.get("/")
    assert response.status_code == 200
    assert listed(response) == urls(new, old)
    assert b"Secret draft" not in response.content
    assert b"Future post" not in response.content


def test_home_paginates(client, settings):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 1)
    page_two = client.get("/?page=2")
    assert page_two.status_code == 200
    assert len(listed(page_two)) == 1
    assert b'rel="prev"' in page_two.content


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", "%00", "9" * 400])
def test_bad_page_numbers_are_404(client, page):
    ArticleFactory()
    assert client.get("/", {"page": page}).status_code == 404


def test_article_page_shows_byline_tags_related_links_and_updates(client):
    article = ArticleFactory(
        title="Tri-borough mutual sets out its savings",
        authors=[AuthorFactory(name="Jo Marsh"), AuthorFactory(name="Sam Okafor")],
        tags=["Mutual Pathfinders"],
    )
    related = RelatedLinkFactory(
        article=article, related=ArticleFactory(title="Tender hints")
    ).related
    RelatedLinkFactory(article=article, related=ArticleFactory(title="Hidden", draft=True))
    ArticleUpdateFactory(article=article, note="The council confirmed the start date.")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "By <a" in html and "Jo Marsh</a> and <a" in html
    assert 'href="/tag/mutual-pathfinders/"' in html
    assert "Related Links" in html and related.get_absolute_url() in html
    assert "Hidden" not in html
    assert "The council confirmed the start date." in html


def test_article_url_uses_local_publish_date(client):
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (BST).
    article = ArticleFactory(
        slug="late-night", publish_at=datetime(2025, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    )
    assert article.get_absolute_url() == "/2025/04/01/late-night/"


def test_wrong_date_in_url_redirects_permanently(client):
    article = ArticleFactory(slug="right-date", publish_at=datetime(2024, 2, 3, 10, tzinfo=LONDON))
    response = client.get("/2023/12/25/right-date/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url() == "/2024/02/03/right-date/"


@pytest.mark.parametrize(
    "path",
    [
        "/2024/02/03/no-such-post/",
        "/2024/13/45/no-such-post/",
        "/0000/00/00/x/",
        "/tag/nope/",
        "/author/nobody/",
    ],
)
def test_unknown_slugs_and_dates_are_404(client, path):
    assert client.get(path).status_code == 404


def test_drafts_and_scheduled_posts_are_404_for_the_public(client):
    for article in (ArticleFactory(draft=True), ArticleFactory(scheduled=True)):
        assert client.get(article.get_absolute_url()).status_code == 404


def test_editors_can_preview_drafts_and_scheduled_posts(admin_client):
    draft = ArticleFactory(draft=True, title="Work in progress")
    scheduled = ArticleFactory(scheduled=True)
    draft_page = admin_client.get(draft.get_absolute_url())
    assert draft_page.status_code == 200
    assert b"a draft and is not visible to the public" in draft_page.content
    assert b'<meta name="robots" content="noindex">' in draft_page.content
    assert admin_client.get(scheduled.get_absolute_url()).status_code == 200


def test_tag_and_author_archives_list_their_posts(client):
    author = AuthorFactory(name="Jo Marsh")
    tagged = ArticleFactory(tags=["Outsourcing"], authors=[author])
    ArticleFactory(tags=["NHS"])
    assert listed(client.get("/tag/outsourcing/")) == urls(tagged)
    assert listed(client.get(author.get_absolute_url())) == urls(tagged)


def test_pages_are_html5_with_landmarks_and_skip_link(client):
    article = ArticleFactory(publish_at=datetime.now(LONDON) - timedelta(days=1))
    for path in ("/", article.get_absolute_url()):
        html = client.get(path).content.decode()
        assert html.startswith("<!DOCTYPE html>")
        assert '<html lang="en-GB">' in html
        assert 'href="#content"' in html and '<main id="content"' in html
        assert html.count("<h1") == 1


def test_home_url_is_named():
    assert reverse("articles:home") == "/"


def test_every_public_page_renders_all_it_names(client):
    """Templates print what they name, never a method's repr or a template tag's source
    (Jinja2 would print `<bound method ...>` for a method named without brackets)."""
    from tests.briefing_factories import (
        ArticleEntryFactory,
        BriefingChangeFactory,
        ExternalEntryFactory,
    )

    author = AuthorFactory(name="Jo Marsh", bio="Covers council IT.")
    day = datetime(2024, 2, 3, 10, tzinfo=LONDON)
    article = ArticleFactory(
        publish_at=day, tags=["Mutuals", "NHS"], authors=[author], standfirst=""
    )
    ArticleFactory(publish_at=day - timedelta(days=1), tags=["Mutuals"], authors=[author])
    ArticleUpdateFactory(article=article)
    entry = ArticleEntryFactory(article=article, section__briefing__tags=["Mutuals"])
    ExternalEntryFactory(section=entry.section)
    briefing = entry.section.briefing
    BriefingChangeFactory(briefing=briefing, note="Added the pathfinder report.")
    pages = [
        "/",
        "/?page=1",
        article.get_absolute_url(),
        "/tag/mutuals/",
        author.get_absolute_url(),
        "/2024/",
        "/2024/02/",
        "/2024/02/03/",
        "/search/?q=post",
        "/search/?q=",
        "/briefings/",
        briefing.get_absolute_url(),
        "/no-such-page/",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        for leftover in ("bound method", "{{", "{%", "Undefined", "object at 0x"):
            assert leftover not in html, (path, leftover)
    assert 'rel="author">Jo Marsh</a>' in client.get(article.get_absolute_url()).content.decode()
