"""A post as a publication shows it: its kicker (main tag), a byline with photos, date and
reading time, the featured image with caption and credit, share links that load nothing
from anyone else, and links to follow its tag, its authors and the site."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from articles.models import Article, Tag
from campaign4change.jinja2 import machine_date
from tests.factories import ArticleFactory, AuthorFactory
from tests.forms import admin_form, change_url
from tests.test_front_page import jpeg
from tests.test_query_budget import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    jo = AuthorFactory(name="Jo Marsh", slug="jo", photo=jpeg("jo.jpg", (400, 300)))
    sam = AuthorFactory(name="Sam Okafor", slug="sam")
    return ArticleFactory(
        title="Council mutual spins out & thrives",
        authors=[jo, sam],
        tags=["Mutuals", "Adult Social Care"],
        body="<p>" + "word " * 700 + "</p>",
        featured_image=jpeg(),
        featured_image_alt="Staff outside the day centre",
        featured_image_caption="The day centre in Northmoor.",
        featured_image_credit="Photo: Jo Marsh",
    )


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_kicker_is_the_main_tag_the_first_given(client, post):
    html = page(client, post)
    header = html[html.index('<header class="post-header">') :]
    assert header.index('class="kicker"><a href="/tag/mutuals/" rel="tag">Mutuals</a>') < (
        header.index('<h1 class="post-title">')
    )


def test_the_byline_shows_photos_date_and_reading_time(client, post):
    html = page(client, post)
    byline = html[html.index('<div class="post-byline">') :]
    byline = byline[: byline.index("</header>")]
    # Jo's photo, as a square rendition with its size; Sam has none and needs none.
    assert byline.count('class="byline-photo"') == 1
    assert 'width="48" height="48"' in byline and "srcset=" in byline
    assert ".webp 96w" in byline and ".webp 192w" in byline
    assert ">Jo Marsh</a> and <a" in byline and ">Sam Okafor</a>" in byline
    assert "4 min read" in byline
    assert f'<time datetime="{machine_date(post.publish_at)}">' in byline


def test_the_featured_image_has_its_caption_and_credit(client, post):
    html = page(client, post)
    figure = re.search(r'<figure class="featured-image">(.*?)</figure>', html).group(1)
    assert 'alt="Staff outside the day centre"' in figure
    assert "<figcaption>The day centre in Northmoor. " in figure
    assert '<span class="credit">Photo: Jo Marsh</span>' in figure
    assert 'loading="lazy"' not in figure


def test_a_post_without_a_picture_has_no_empty_figure(client):
    html = page(client, ArticleFactory(tags=["Mutuals"]))
    assert "featured-image" not in html
    assert '<article class="post no-media">' in html


def test_share_links_are_plain_addresses_and_load_no_foreign_script(client, post):
    html = page(client, post)
    share = html[html.index('<section class="share"') :]
    share = share[: share.index("</section>")]
    links = dict(re.findall(r'<li><a href="([^"]+)">(\w+)</a></li>', share))
    by_service = {service: address.replace("&amp;", "&") for address, service in links.items()}
    assert set(by_service) == {"Email", "Mastodon", "Bluesky", "LinkedIn"}
    url = f"http://127.0.0.1:8000{post.get_absolute_url()}"
    title = "Council mutual spins out & thrives"
    assert parse_qs(urlsplit(by_service["Email"]).query) == {"subject": [title], "body": [url]}
    for service in ("Mastodon", "Bluesky"):
        assert parse_qs(urlsplit(by_service[service]).query) == {"text": [f"{title} {url}"]}
    assert parse_qs(urlsplit(by_service["LinkedIn"]).query) == {"url": [url]}
    # "Copy link" waits, hidden, for the site's own small script to offer it.
    assert f'<li class="share-copy" hidden><button type="button" data-copy-url="{url}">' in share
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts == ["/static/js/share.js"]


def test_follow_links_are_the_feeds_of_the_tag_the_authors_and_the_site(client, post):
    html = page(client, post)
    follow = html[html.index('<section class="follow"') :]
    follow = follow[: follow.index("</section>")]
    links = re.findall(r'<a href="([^"]+)" type="application/rss\+xml">(.*?)</a>', follow)
    feeds = [(address, re.sub(r"<[^>]+>", "", text)) for address, text in links]
    assert feeds == [
        ("/tag/mutuals/feed/", "Posts tagged Mutuals (RSS feed)"),
        ("/author/jo/feed/", "Posts by Jo Marsh (RSS feed)"),
        ("/author/sam/feed/", "Posts by Sam Okafor (RSS feed)"),
        ("/feed/", "All of Campaign4Change (RSS feed)"),
    ]
    # What shows is the name; the rest is read out.
    assert '<span class="visually-hidden">Posts tagged </span>Mutuals<' in follow
    for address, _ in feeds:
        assert client.get(address).status_code == 200


def test_a_preview_is_not_offered_for_sharing(admin_client):
    draft = ArticleFactory(draft=True, tags=["Mutuals"])
    html = admin_client.get(draft.get_absolute_url()).content.decode()
    assert "Preview:" in html
    assert 'class="share"' not in html and 'class="follow"' not in html


def test_the_post_page_costs_no_more_queries_for_all_of_it(client, post):
    # The kicker, photos, share and follow links all come from the post's own row.
    assert len(page_queries(client, post.get_absolute_url())) <= 7


def test_the_first_tag_typed_in_the_admin_becomes_the_main_tag(admin_client, client, post):
    url = change_url(post)
    data = admin_form(admin_client, url)
    # The form lists the main tag first, as it was typed.
    assert data["tags"] == ["Mutuals", "Adult Social Care"]
    data.update(tags=["Adult Social Care", "Mutuals"], publishing_action="update")
    assert admin_client.post(url, data).status_code == 302
    post.refresh_from_db()
    assert post.main_tag == Tag.objects.get(name="Adult Social Care")
    assert 'rel="tag">Adult Social Care</a></p>' in page(client, post)
    assert admin_form(admin_client, url)["tags"] == ["Adult Social Care", "Mutuals"]


def test_caption_and_credit_are_on_the_admin_form(admin_client, post):
    data = admin_form(admin_client, change_url(post))
    assert data["featured_image_caption"] == "The day centre in Northmoor."
    data.update(featured_image_credit="Illustration: Campaign4Change", publishing_action="update")
    assert admin_client.post(change_url(post), data).status_code == 302
    assert Article.objects.get(pk=post.pk).featured_image_credit == "Illustration: Campaign4Change"


def test_a_removed_main_tag_leaves_the_first_other_tag_as_kicker(client, post):
    post.tags.remove("Mutuals")
    assert 'class="kicker"><a href="/tag/adult-social-care/"' in page(client, post)


def test_merging_the_main_tag_keeps_the_merged_tag_as_kicker(client, post):
    from articles.tags import merge_tags

    target = Tag.objects.create(name="Public Service Mutuals")
    merge_tags([Tag.objects.get(name="Mutuals")], target)
    post.refresh_from_db()
    assert post.main_tag == target
    assert 'rel="tag">Public Service Mutuals</a></p>' in page(client, post)
