"""Feeds: RSS 2.0 and Atom for the site, each tag and each author, parsed by feedparser."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.urls import reverse

from articles.models import ArticleUpdate
from tests.briefing_factories import BriefingChangeFactory, BriefingFactory
from tests.factories import ArticleFactory, ArticleUpdateFactory, AuthorFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
FEED_NAMES = [
    ("articles:feed", "articles:feed_atom", []),
    ("articles:tag_feed", "articles:tag_feed_atom", ["mutuals"]),
    ("articles:author_feed", "articles:author_feed_atom", ["jo-marsh"]),
]
ALL_FEEDS = [(name, args) for rss, atom, args in FEED_NAMES for name in (rss, atom)]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def post(db):
    jo, sam = AuthorFactory(name="Jo Marsh", slug="jo-marsh"), AuthorFactory(name="Sam Okafor")
    return ArticleFactory(
        title="Pathfinder mutuals & their staff",
        standfirst="Six pathfinders report <back>.",
        body='<p>Full <strong>body</strong> with <a href="/2024/01/02/older/">a link</a> and '
        '<img src="/media/uploads/chart.png" alt="A chart"></p>',
        authors=[jo, sam],
        tags=["Mutuals", "Cabinet Office"],
        publish_at=datetime(2025, 2, 3, 9, tzinfo=LONDON),
    )


@pytest.mark.parametrize(("name", "args"), ALL_FEEDS)
def test_every_feed_parses_cleanly_with_full_posts(client, post, site_origin, name, args):
    response, feed = parse(client, reverse(name, args=args))
    assert feed.version == ("atom10" if name.endswith("_atom") else "rss20")
    [entry] = feed.entries
    assert entry.title == "Pathfinder mutuals & their staff"
    assert entry.link == f"{site_origin}{post.get_absolute_url()}"
    # The whole post, with its links and images made absolute for readers off the site.
    content = entry.content[0].value
    assert "Full <strong>body</strong>" in content
    assert f'href="{site_origin}/2024/01/02/older/"' in content
    assert f'src="{site_origin}/media/uploads/chart.png"' in content
    # The summary is HTML, so the standfirst's text arrives escaped, never as markup.
    assert entry.summary == "Six pathfinders report &lt;back&gt;."
    assert [author.name for author in entry.authors] == ["Jo Marsh", "Sam Okafor"]
    assert sorted(tag.term for tag in entry.tags) == ["Cabinet Office", "Mutuals"]
    assert entry.published_parsed[:3] == (2025, 2, 3)
    assert "Last-Modified" in response


@pytest.mark.parametrize(("name", "args"), ALL_FEEDS)
@pytest.mark.parametrize(
    ("title", "shown"),
    # Plain ASCII and other text are cleaned by different means (xml_text).
    [
        ("Vertical\x0btab", "Verticaltab"),
        ("Council\u2019s\x0cform \u2014 feed", "Council\u2019sform \u2014 feed"),
    ],
)
def test_text_xml_cannot_carry_never_breaks_a_feed(client, name, args, title, shown):
    # A control character pasted into a title (XML 1.0 has no way to write it) and a
    # body holding the end of a CDATA section: the feed still parses, the text intact.
    ArticleFactory(
        title=title,
        body="<p>Code sample: <code>a[b[0]]&gt;c</code> and ]]> as text</p>",
        authors=[AuthorFactory(name="Jo Marsh", slug="jo-marsh")],
        tags=["Mutuals"],
    )
    _response, feed = parse(client, reverse(name, args=args))
    [entry] = feed.entries
    assert entry.title == shown
    assert "<code>a[b[0]]&gt;c</code> and ]]&gt; as text" in entry.content[0].value


EVERY_FEED = [
    *(reverse(name, args=args) for name, args in ALL_FEEDS),
    "/corrections/feed/",
    "/corrections/feed/atom/",
    "/briefings/mutuals-briefing/feed/",
    "/briefings/mutuals-briefing/feed/atom/",
]


@pytest.mark.parametrize("url", EVERY_FEED)
def test_every_feed_is_one_write_and_survives_a_stray_control_character(client, url):
    # Written element by element into the response, a feed of twenty posts was some
    # 1,300 pieces, each sent to the reader in a system call of its own.
    post = ArticleFactory(
        title="Vertical\x0btab",
        authors=[AuthorFactory(name="Jo Marsh", slug="jo-marsh")],
        tags=["Mutuals"],
    )
    ArticleUpdateFactory(article=post, kind=ArticleUpdate.Kind.CORRECTION, note="Fixed\x0bit.")
    briefing = BriefingFactory(slug="mutuals-briefing")
    BriefingChangeFactory(briefing=briefing, note="Added\x0bthe report")
    response, feed = parse(client, url)
    assert len(feed.entries) == 1
    assert "\x0b" not in response.content.decode()
    assert len([piece for piece in response if piece]) == 1


def test_atom_entries_link_their_authors(client, post, site_origin):
    _response, feed = parse(client, reverse("articles:feed_atom"))
    assert feed.entries[0].authors[0].href == f"{site_origin}/author/jo-marsh/"


def test_feed_ids_survive_a_change_of_slug(client, post):
    _response, before = parse(client, reverse("articles:feed_atom"))
    post.slug = "renamed"
    post.save()
    _response, after = parse(client, reverse("articles:feed_atom"))
    assert before.entries[0].id == after.entries[0].id
    assert before.entries[0].link != after.entries[0].link


def test_an_update_moves_the_updated_time(client, post):
    _response, feed = parse(client, reverse("articles:feed_atom"))
    first_updated = feed.entries[0].updated_parsed
    ArticleUpdateFactory(article=post, posted_at=post.updated_at + timedelta(days=3))
    _response, feed = parse(client, reverse("articles:feed_atom"))
    assert feed.entries[0].updated_parsed > first_updated
    assert feed.feed.updated_parsed == feed.entries[0].updated_parsed


def test_feeds_leave_out_drafts_scheduled_and_other_tags(client, post):
    ArticleFactory(title="Draft", draft=True, tags=["Mutuals"])
    ArticleFactory(title="Scheduled", scheduled=True, tags=["Mutuals"])
    ArticleFactory(title="Other tag", tags=["NHS"])
    _response, site = parse(client, reverse("articles:feed"))
    _response, tag = parse(client, reverse("articles:tag_feed", args=["mutuals"]))
    assert {entry.title for entry in site.entries} == {post.title, "Other tag"}
    assert [entry.title for entry in tag.entries] == [post.title]


def test_feeds_are_newest_first_and_bounded(client):
    ArticleFactory.create_batch(25)
    _response, feed = parse(client, reverse("articles:feed"))
    assert len(feed.entries) == 20
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_urls_follow_the_wordpress_pattern():
    assert reverse("articles:feed") == "/feed/"
    assert reverse("articles:feed_atom") == "/feed/atom/"
    assert reverse("articles:tag_feed", args=["nhs"]) == "/tag/nhs/feed/"
    assert reverse("articles:tag_feed_atom", args=["nhs"]) == "/tag/nhs/feed/atom/"
    assert reverse("articles:author_feed", args=["jo"]) == "/author/jo/feed/"
    assert reverse("articles:author_feed_atom", args=["jo"]) == "/author/jo/feed/atom/"


def test_tag_and_author_feeds_describe_themselves(client, post, site_origin):
    _response, feed = parse(client, reverse("articles:tag_feed", args=["mutuals"]))
    assert feed.feed.title == "Campaign4Change: posts tagged Mutuals"
    assert feed.feed.link == f"{site_origin}/tag/mutuals/"
    _response, feed = parse(client, reverse("articles:author_feed_atom", args=["jo-marsh"]))
    assert feed.feed.title == "Campaign4Change: posts by Jo Marsh"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == f"{site_origin}/author/jo-marsh/feed/atom/"


@pytest.mark.parametrize("path", ["/tag/nope/feed/", "/author/nobody/feed/atom/"])
def test_feeds_of_unknown_tags_and_authors_are_404(client, path):
    assert client.get(path).status_code == 404


def test_empty_site_still_has_a_valid_feed(client):
    _response, feed = parse(client, reverse("articles:feed"))
    assert feed.entries == []
