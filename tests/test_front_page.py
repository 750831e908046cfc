"""The front page: a lead story with its picture, the next four with thumbnails, the
rest in a compact list, the briefings beside it; archives with thumbnails. All from the
list's one query of posts (articles/listing.py), whatever the pictures."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from briefings.models import Briefing
from campaign4change.recency import days_ago
from tests.briefing_factories import BriefingChangeFactory, BriefingFactory, ExternalEntryFactory
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import listed, urls
from tests.test_query_budget import PAGES, clear_site, page_queries

pytestmark = pytest.mark.django_db


def jpeg(name="picture.jpg", size=(1000, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def pictured(**fields):
    """A post with a featured image (its renditions are made as it is saved)."""
    return ArticleFactory(featured_image=jpeg(), featured_image_alt="A teal square", **fields)


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def front():
    """Eleven posts, newest first: the lead, four cards, five in the list, one on page 2."""
    posts = [pictured(title=f"Story {n}", publish_at=hours_ago(n + 1)) for n in range(5)]
    posts += [ArticleFactory(title=f"Story {n}", publish_at=hours_ago(n + 1)) for n in range(5, 11)]
    return posts


def section(html, css_class):
    """The HTML of the first element with `css_class` up to the next story block."""
    start = html.index(f'class="{css_class}')
    return html[start:]


def test_the_newest_post_leads_with_its_picture_loaded_at_once(client, front):
    html = client.get("/").content.decode()
    lead = section(html, "lead-story")[:3000]
    assert "Story 0" in lead and "lead-title" in lead
    img = re.search(r"<img [^>]*>", lead).group(0)
    assert 'loading="lazy"' not in img
    for attribute in ("srcset=", "sizes=", 'width="1000"', 'height="600"', 'alt="A teal square"'):
        assert attribute in img
    assert '<source type="image/webp"' in lead


def test_a_sticky_post_leads_the_front_page(client, front):
    sticky = ArticleFactory(title="Pinned story", publish_at=hours_ago(48), is_sticky=True)
    response = client.get("/")
    assert listed(response)[0] == sticky.get_absolute_url()


def test_the_next_four_have_lazy_thumbnails_and_the_rest_a_compact_list(client, front):
    response = client.get("/")
    html = response.content.decode()
    cards = re.findall(r'<article class="card.*?</article>', html, re.S)
    assert len(cards) == 4
    assert all('loading="lazy"' in card and "srcset=" in card for card in cards)
    compact = re.findall(r'<li class="compact">.*?</li>', html, re.S)
    assert len(compact) == 5
    assert not any("<img" in item for item in compact)
    # In the order of the list: lead, cards, compact list (one page of ten).
    assert listed(response) == urls(*front[:10])


def test_a_post_without_a_picture_gets_a_typographic_card_not_an_empty_box(client):
    ArticleFactory(title="Lead", publish_at=hours_ago(1))
    ArticleFactory(title="Plain story", tags=["Mutuals"], publish_at=hours_ago(2))
    html = client.get("/").content.decode()
    card = re.search(r'<article class="card no-media">.*?</article>', html, re.S).group(0)
    assert '<span class="card-placeholder" aria-hidden="true">Mutuals</span>' in card
    assert "<img" not in card and "<picture" not in card
    assert 'class="lead-story no-media"' in html


def test_later_pages_are_archive_lists_with_thumbnails_and_standfirsts(client, front):
    response = client.get("/?page=2")
    html = response.content.decode()
    assert listed(response) == urls(front[10])
    assert 'class="summary"' in html and "A short standfirst." in html


def test_archives_show_the_kicker_thumbnail_standfirst_and_reading_time(client):
    jo = AuthorFactory(name="Jo Marsh", slug="jo")
    post = pictured(title="Mutual spins out", authors=[jo], tags=["Mutuals", "NHS"])
    for url in ("/tag/nhs/", "/author/jo/", f"/{post.publish_at:%Y}/"):
        html = client.get(url).content.decode()
        summary = re.search(r'<article class="summary has-media">.*?</article>', html, re.S)
        assert summary, url
        summary = summary.group(0)
        assert 'class="kicker"><a href="/tag/mutuals/" rel="tag">Mutuals</a>' in summary
        assert "A short standfirst." in summary and "1 min read" in summary
        # The first one is near the top of the page: not left to load lazily.
        assert "srcset=" in summary and 'loading="lazy"' not in summary


def test_the_briefings_block_lists_published_briefings_most_recently_updated_first(client):
    ArticleFactory()
    older = BriefingFactory(title="Outsourcing Briefing")
    BriefingChangeFactory(briefing=older, created_at=timezone.now() - timedelta(days=40))
    mutuals = BriefingFactory(title="Mutuals Briefing")
    ExternalEntryFactory(section__briefing=mutuals)
    BriefingChangeFactory(briefing=mutuals, created_at=timezone.now() - timedelta(days=3))
    BriefingFactory(title="Secret Briefing", draft=True)
    html = client.get("/").content.decode()
    block = section(html, "briefings-block")
    assert block.index("Mutuals Briefing") < block.index("Outsourcing Briefing")
    assert re.search(r"Updated <time [^>]*>3 days ago</time>", block)
    assert "5 weeks ago" in block and "1 entry" in block
    assert "Secret Briefing" not in html


def test_no_briefings_no_block(client):
    ArticleFactory()
    assert "briefings-block" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("days", "said"),
    [(0, "today"), (1, "yesterday"), (3, "3 days ago"), (20, "2 weeks ago"), (100, "on ")],
)
def test_days_ago_says_how_long_ago_as_people_do(days, said):
    assert days_ago(timezone.now() - timedelta(days=days)).startswith(said)


def pictured_site(count):
    """`count` posts with pictures, tags, a byline with photos, and three briefings."""
    jo = AuthorFactory(slug="jo", photo=jpeg("jo.jpg", (300, 300)))
    first = pictured(title="Story 0", authors=[jo, AuthorFactory()], tags=["Mutuals", "tag 0"])
    for n in range(1, count):
        # The same picture, its renditions made once: drawing them is what would be slow.
        ArticleFactory(
            title=f"Story {n}",
            featured_image=first.featured_image.name,
            featured_image_alt=first.featured_image_alt,
            featured_image_renditions=first.featured_image_renditions,
            authors=[jo, AuthorFactory()],
            tags=["Mutuals", f"tag {n}"],
        )
    for _ in range(3):
        ExternalEntryFactory(section__briefing=BriefingFactory())


@pytest.mark.parametrize("page", ["home", "home page 2", "tag archive", "author archive"])
def test_pictures_and_briefings_cost_no_query_per_post(client, page):
    """Pictures come with the posts' own row; the briefings are one query (front page only),
    within the page's budget (tests/test_query_budget.py)."""
    budget = PAGES[page][1]
    path = {"tag archive": "/tag/mutuals/", "author archive": "/author/jo/"}.get(
        page, PAGES[page][0]
    )
    counts = {}
    for count in (12, 24):
        clear_site()
        Briefing.objects.all().delete()
        pictured_site(count)
        first = page_queries(client, path)
        assert len(first) <= budget, "\n".join(first)
        counts[count] = len(page_queries(client, path))
    assert counts[12] == counts[24], counts
