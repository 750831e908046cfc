"""What every page shows from the cache (the menus, the month list) comes with the
request's first value in one round trip to Redis, and never outlives its request."""

import pytest
import redis

from pages.models import Page
from tests.factories import ArticleFactory, PageFactory
from tests.own_redis import OwnRedis

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def own_redis(tmp_path, settings):
    server = OwnRedis(tmp_path).start()
    settings.CACHES = server.caches("read-ahead")
    # Cold: nothing but counts, menus and the month list is kept.
    settings.PAGE_CACHE = False
    settings.FRAGMENT_CACHE = False
    yield redis.Redis.from_url(server.url)
    server.stop()


def reads(server, client, url):
    """(HTML of `url`, how many times the request read from Redis)."""
    server.config_resetstat()
    html = client.get(url).content.decode()
    stats = server.info("commandstats")
    return html, sum(
        stats.get(f"cmdstat_{command}", {}).get("calls", 0) for command in ("get", "mget")
    )


def test_a_page_reads_its_count_menus_and_month_list_in_one_round_trip(own_redis, client):
    post = ArticleFactory(tags=["Mutuals"])
    PageFactory(title="About us", menu=Page.Menu.HEADER)
    url = post.tag_links[0].url
    client.get(url)  # computes and keeps them
    html, round_trips = reads(own_redis, client, url)
    assert round_trips == 1
    day = post.local_publish_date
    assert "About us" in html and f'href="/{day.year}/{day.month:02d}/"' in html


def test_what_was_read_ahead_never_outlives_its_request(own_redis, client):
    """A request that reads the menus ahead but shows none (its first cached value is a
    count) must not hand them to the next request, which comes after a menu changed."""
    from django.core.signals import request_finished, request_started

    from campaign4change import pagecache
    from pages.template_globals import LINKS_PIECE, read_links

    ArticleFactory()
    client.get("/")  # keeps the menus
    client.get("/")  # reads them ahead, and shows them
    request_started.send(sender=None)
    pagecache.remember("count:something", ["tests:something"], lambda: 1)
    request_finished.send(sender=None)
    PageFactory(title="Contact the newsroom", menu=Page.Menu.FOOTER)
    request_started.send(sender=None)
    links = pagecache.remember(*LINKS_PIECE, read_links)
    request_finished.send(sender=None)
    assert "Contact the newsroom" in [title for title, _url in links["footer"]]
