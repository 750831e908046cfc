"""Meta data for search engines and social sites, and pages in the site's design."""

import io
import json
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from PIL import Image

from tests.factories import ArticleFactory, ArticleUpdateFactory, AuthorFactory
from tests.public_pages import every_public_page

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return {data["@type"]: data for data in map(json.loads, blocks)}


def meta(html, key):
    """The content of <meta property=key> or <meta name=key>."""
    found = re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return found[0] if len(found) == 1 else found


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile("pic.png", buffer.getvalue(), "image/png")


@pytest.fixture
def post(db):
    return ArticleFactory(
        title="Tri-borough mutual sets out its savings",
        standfirst="The mutual expects to save £2m.",
        authors=[AuthorFactory(name="Jo Marsh", slug="jo"), AuthorFactory(name="Sam Okafor")],
        tags=["Mutuals"],
        publish_at=datetime(2025, 2, 3, 9, tzinfo=LONDON),
        featured_image=png(),
        featured_image_alt="The council offices",
    )


def test_post_page_has_canonical_description_open_graph_and_twitter_card(client, post, site_origin):
    html = client.get(post.get_absolute_url()).content.decode()
    url = f"{site_origin}{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "description") == "The mutual expects to save £2m."
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == post.title
    assert meta(html, "og:url") == url
    assert meta(html, "og:image") == f"{site_origin}{post.featured_image.url}"
    assert meta(html, "og:image:alt") == "The council offices"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "article:published_time") == "2025-02-03T09:00:00+00:00"
    assert meta(html, "article:author") == [
        f"{site_origin}/author/jo/",
        f"{site_origin}/author/sam-okafor/",
    ]
    assert meta(html, "article:tag") == "Mutuals"


def test_post_page_has_news_article_json_ld(client, post, site_origin):
    # Later than the post's own edit time (today), so only the update can explain it.
    update = ArticleUpdateFactory(article=post, posted_at=post.updated_at + timedelta(days=3))
    html = client.get(post.get_absolute_url()).content.decode()
    article = json_ld(html)["NewsArticle"]
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == post.title
    assert article["datePublished"] == "2025-02-03T09:00:00+00:00"
    assert datetime.fromisoformat(article["dateModified"]) == update.posted_at
    assert [author["name"] for author in article["author"]] == ["Jo Marsh", "Sam Okafor"]
    assert article["author"][0]["url"] == f"{site_origin}/author/jo/"
    assert article["image"] == [f"{site_origin}{post.featured_image.url}"]
    assert article["mainEntityOfPage"]["@id"] == f"{site_origin}{post.get_absolute_url()}"
    assert article["publisher"]["name"] == "Campaign4Change"


def test_post_page_has_breadcrumbs_shown_and_as_breadcrumb_list(client, post, site_origin):
    html = client.get(post.get_absolute_url()).content.decode()
    crumbs = json_ld(html)["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Home", "2025", "February 2025", post.title]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3, 4]
    assert crumbs[1]["item"] == f"{site_origin}/2025/"
    assert 'aria-label="Breadcrumb"' in html


def test_json_ld_cannot_be_broken_out_of(client):
    post = ArticleFactory(title="</script><script>alert(1)</script>", standfirst="a & b")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["NewsArticle"]["headline"] == "</script><script>alert(1)</script>"


def test_archive_pages_have_their_own_meta(client, site_origin):
    author = AuthorFactory(name="Jo Marsh", slug="jo", bio="Covers council IT.")
    ArticleFactory(tags=["NHS"], authors=[author])
    tag_html = client.get("/tag/nhs/").content.decode()
    assert f'<link rel="canonical" href="{site_origin}/tag/nhs/">' in tag_html
    assert meta(tag_html, "og:title") == "Tag Archives: NHS"
    assert meta(tag_html, "twitter:card") == "summary"
    assert json_ld(tag_html)["BreadcrumbList"]["itemListElement"][-1]["name"] == "Tag: NHS"
    author_html = client.get("/author/jo/").content.decode()
    assert meta(author_html, "description") == "Covers council IT."
    assert meta(author_html, "og:type") == "profile"


def test_home_page_is_canonical_without_query_and_a_website(client, site_origin):
    ArticleFactory()
    html = client.get("/?utm_source=newsletter").content.decode()
    assert f'<link rel="canonical" href="{site_origin}/">' in html
    assert meta(html, "og:type") == "website"


def test_previews_and_error_pages_are_not_indexed(staff_client, client):
    draft = ArticleFactory(draft=True)
    assert (
        '<meta name="robots" content="noindex">'
        in staff_client.get(draft.get_absolute_url()).content.decode()
    )
    not_found = client.get("/tag/nope/")
    html = not_found.content.decode()
    assert not_found.status_code == 404
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def test_error_pages_share_the_sites_design(client):
    ArticleFactory(publish_at=datetime(2024, 5, 1, 9, tzinfo=LONDON))
    html = client.get("/no/such/page/").content.decode()
    assert '<a class="skip-link" href="#content">' in html
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert 'role="search"' in html
    assert '<a href="/2024/05/">May</a>' in html


def test_server_error_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong" in html and "site.css" in html


def test_bad_request_page_is_in_the_sites_design(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b'<header class="site-header">' in response.content


def served_bytes(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_favicon_ico_is_the_sites_icon_cached_for_a_year(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 60 * 60
    with Image.open(io.BytesIO(served_bytes(response))) as icon:
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32)} <= icon.ico.sizes()


class LinkReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append(dict(attrs))


def head_links(html, rel):
    reader = LinkReader()
    reader.feed(html)
    return [link for link in reader.links if link.get("rel") == rel]


def test_pages_link_the_svg_icon_a_png_fallback_and_the_apple_touch_icon(client):
    ArticleFactory()
    html = client.get("/").content.decode()
    icons = {link["type"]: link for link in head_links(html, "icon")}
    assert set(icons) == {"image/svg+xml", "image/png"}
    # Without sizes on the PNG, browsers that read SVG icons would pick the PNG.
    assert icons["image/png"]["sizes"] == "32x32"
    (touch,) = head_links(html, "apple-touch-icon")
    for content_type, href in [
        *((t, link["href"]) for t, link in icons.items()),
        ("image/png", touch["href"]),
    ]:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response["Content-Type"] == content_type
    with Image.open(io.BytesIO(served_bytes(client.get(touch["href"])))) as image:
        assert image.size == (180, 180)


def test_every_public_page_has_exactly_one_canonical_address_on_the_sites_origin(
    client, site_origin
):
    pages = every_public_page()
    found = {}
    for kind, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, kind
        html = response.content.decode()
        canonicals = [link["href"] for link in head_links(html, "canonical")]
        found[kind] = (canonicals, re.findall(r'<meta property="og:url" content="([^"]*)">', html))
    # Open Graph's address is the same one, once.
    assert found == {kind: ([site_origin + url],) * 2 for kind, url in pages.items()}
