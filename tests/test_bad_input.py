"""Junk in any path segment or query parameter of a public URL: 400 or 404, never a 500."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from articles.models import ArticleUpdate, Tag
from tests.factories import ArticleFactory, ArticleUpdateFactory, AuthorFactory, PageFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

JUNK = {
    "overlong": "x" * 5000,
    "unicode": "réforme-реформа-改革",
    "right-to-left": "%E2%80%AE",
    "emoji": "%F0%9F%98%80",
    "broken utf-8": "%ff%fe",
    "nul": "%00",
    "traversal": "..%2F..%2Fetc%2Fpasswd",
    "dot segments": "..",
    "sql": "1%27%20OR%20%271%27%3D%271",
    "negative": "-1",
    "zero": "0",
    "huge": "9" * 40,
    "html": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
}

# Every public URL pattern, with {} where junk replaces one path segment. Real values
# elsewhere, so each segment is tried on its own.
PATH_TEMPLATES = {
    "articles:home": ["/{}/"],
    "articles:feed": ["/feed/{}/"],
    "articles:feed_atom": ["/feed/atom/{}/"],
    "articles:search": ["/search/{}/"],
    "articles:year": ["/{}/", "/2024{}/"],
    "articles:month": ["/2024/{}/", "/{}/02/"],
    "articles:day": ["/2024/02/{}/", "/2024/{}/03/", "/{}/02/03/"],
    "articles:article": ["/2024/02/03/{}/", "/2024/02/{}/the-post/", "/2024/{}/03/the-post/"],
    "articles:tag": ["/tag/{}/"],
    "articles:tag_feed": ["/tag/{}/feed/"],
    "articles:tag_feed_atom": ["/tag/{}/feed/atom/"],
    "articles:tag_story": ["/tag/{}/story/"],
    "articles:corrections": ["/corrections/{}/"],
    "articles:corrections_feed": ["/corrections/feed/{}/"],
    "articles:corrections_feed_atom": ["/corrections/feed/atom/{}/"],
    "articles:author": ["/author/{}/"],
    "articles:author_feed": ["/author/{}/feed/"],
    "articles:author_feed_atom": ["/author/{}/feed/atom/"],
    "briefings:index": ["/briefings/{}/feed/x/"],
    "briefings:briefing": ["/briefings/{}/"],
    "briefings:feed": ["/briefings/{}/feed/"],
    "briefings:feed_atom": ["/briefings/{}/feed/atom/"],
    "sitemap": ["/sitemap.xml/{}/"],
    "sitemap_section": ["/sitemap-{}.xml"],
    "robots_txt": ["/robots.txt/{}"],
    "editorial:preview": ["/preview/{}/"],
    "pages:page": ["/{}/", "/about/{}/"],
    # A person's calendar feed: public, but only to the holder of its signed address.
    "pipeline:ical": ["/admin/desk/calendar/{}.ics"],
}

# Every public page, for junk in its query parameters.
PAGES = {
    "home": "/",
    "post": "/2024/02/03/the-post/",
    "tag": "/tag/mutuals/",
    "tag feed": "/tag/mutuals/feed/",
    "tag feed (Atom)": "/tag/mutuals/feed/atom/",
    "story": "/tag/mutuals/story/",
    "corrections": "/corrections/",
    "corrections feed": "/corrections/feed/",
    "corrections feed (Atom)": "/corrections/feed/atom/",
    "page": "/about/",
    "author": "/author/jo/",
    "author feed": "/author/jo/feed/",
    "author feed (Atom)": "/author/jo/feed/atom/",
    "year": "/2024/",
    "month": "/2024/02/",
    "day": "/2024/02/03/",
    "search": "/search/?q=mutual",
    "feed": "/feed/",
    "feed (Atom)": "/feed/atom/",
    "sitemap": "/sitemap.xml",
    "sitemap section": "/sitemap-posts.xml",
    "briefings": "/briefings/",
    "robots": "/robots.txt",
}
PAGINATED = {"home", "tag", "author", "year", "month", "day", "search", "story", "corrections"}


@pytest.fixture
def site(db):
    post = ArticleFactory(
        slug="the-post",
        publish_at=datetime(2024, 2, 3, 9, tzinfo=LONDON),
        tags=["Mutuals"],
        authors=[AuthorFactory(slug="jo")],
    )
    ArticleUpdateFactory(article=post, kind=ArticleUpdate.Kind.CORRECTION)
    Tag.objects.filter(slug="mutuals").update(is_story=True)
    PageFactory(slug="about")


def public_url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            # The admin, and the pipeline's pages beside it behind its login
            # (tests/test_pipeline_*.py); the one public page there is listed below.
            if pattern.namespace == "admin" or str(pattern.pattern).startswith(
                ("ckeditor", "_nested_admin", "admin/")
            ):
                continue
            prefix = f"{pattern.namespace}:" if pattern.namespace else namespace
            names |= public_url_names(pattern.url_patterns, prefix)
        elif str(pattern.pattern).startswith("ckeditor"):
            continue  # the editor's staff-only upload pages (tests/test_uploads.py)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_public_url_pattern_is_tried_with_junk():
    assert public_url_names() <= set(PATH_TEMPLATES), "add the new URL to PATH_TEMPLATES"


@pytest.mark.parametrize(
    "template",
    sorted({template for templates in PATH_TEMPLATES.values() for template in templates}),
)
def test_junk_in_a_path_segment_is_404(client, site, template):
    statuses = {
        junk: client.get(template.format(value)).status_code for junk, value in JUNK.items()
    }
    assert {junk: status for junk, status in statuses.items() if status not in (400, 404)} == {}


@pytest.mark.parametrize("page", list(PAGES))
def test_junk_query_parameters_never_break_a_page(client, site, page):
    path = PAGES[page]
    separator = "&" if "?" in path else "?"
    wrong = {}
    # `page` everywhere; each page's own parameter; one that no page reads.
    parameters = {"search": "q", "sitemap section": "p"}
    for parameter in ("page", parameters.get(page, "utm_source")):
        expected = {200, 400, 404}
        if parameter == "page" and page in PAGINATED:
            expected = {404}  # only real page numbers exist
        if parameter == "p" and page == "sitemap section":
            expected = {404}
        for junk, value in JUNK.items():
            status = client.get(f"{path}{separator}{parameter}={value}").status_code
            if status not in expected:
                wrong[(parameter, junk)] = status
    assert wrong == {}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_10_kb_query_string_is_refused_or_ignored(client, site, page):
    path = PAGES[page]
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}junk={'j' * 10_240}")
    assert response.status_code in (200, 400)
    search = client.get("/search/", {"q": "q" * 10_240})
    assert search.status_code == 400


def test_too_many_query_parameters_is_400(client, site):
    query = "&".join(f"k{n}=v" for n in range(1500))
    assert client.get(f"/?{query}").status_code == 400
