"""Sitemap index, its sections, and robots.txt."""

from datetime import datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from campaign4change.sitemaps import SITEMAPS
from tests.factories import ArticleFactory, ArticleUpdateFactory, AuthorFactory

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LONDON = ZoneInfo("Europe/London")


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314  (our own output)


def entries(client, path):
    root = xml(client, path)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_xml_is_an_index_of_every_section(client, site_origin):
    ArticleFactory()
    root = xml(client, "/sitemap.xml")
    locations = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]
    assert locations == [f"{site_origin}/sitemap-{section}.xml" for section in SITEMAPS]
    assert all(node.text for node in root.findall("sm:sitemap/sm:lastmod", NS))


def test_posts_section_lists_public_posts_with_lastmod(client, site_origin):
    post = ArticleFactory(publish_at=datetime(2025, 2, 3, 9, tzinfo=LONDON))
    # Later than the post's own edit time (today), so only the update can explain it.
    update = ArticleUpdateFactory(article=post, posted_at=post.updated_at + timedelta(days=3))
    draft = ArticleFactory(draft=True)
    scheduled = ArticleFactory(scheduled=True)
    urls = entries(client, "/sitemap-posts.xml")
    assert f"{site_origin}{post.get_absolute_url()}" in urls
    assert f"{site_origin}{draft.get_absolute_url()}" not in urls
    assert f"{site_origin}{scheduled.get_absolute_url()}" not in urls
    lastmod = urls[f"{site_origin}{post.get_absolute_url()}"]
    assert lastmod == timezone.localdate(update.posted_at).isoformat()


def test_tags_and_authors_sections_list_only_those_with_public_posts(client, site_origin):
    jo = AuthorFactory(slug="jo")
    ArticleFactory(tags=["Mutuals"], authors=[jo])
    ArticleFactory(tags=["Secret"], draft=True, authors=[AuthorFactory(slug="ghost")])
    tags = entries(client, "/sitemap-tags.xml")
    authors = entries(client, "/sitemap-authors.xml")
    assert list(tags) == [f"{site_origin}/tag/mutuals/"]
    assert list(authors) == [f"{site_origin}/author/jo/"]
    assert all(tags.values()) and all(authors.values())


@pytest.mark.parametrize(
    "path", ["/sitemap-nope.xml", "/sitemap-posts.xml?p=99", "/sitemap-posts.xml?p=x"]
)
def test_unknown_sections_and_pages_are_404(client, path):
    ArticleFactory()
    assert client.get(path).status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_staff_pages(
    client, site_origin
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /ckeditor/upload/" in lines
    assert "Disallow: /search/" in lines
    assert f"Sitemap: {site_origin}/sitemap.xml" in lines
    assert "Disallow: /" not in lines
