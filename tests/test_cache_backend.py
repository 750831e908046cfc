"""The Redis cache backend (campaign4change/cache.py) against a real Redis."""

import os
import secrets

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from campaign4change.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")


def redis_is_up():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_up(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def cache():
    prefix = f"test-{secrets.token_hex(4)}"
    yield RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    # Not clear(): it would flush the whole database, which other tests share.
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_values_round_trip_like_djangos_backend(cache):
    django_backend = DjangoRedisCache(REDIS_URL, {"KEY_PREFIX": cache.key_prefix})
    cache.set("page", {"content": b"<p>x</p>", "deps": ["a"]})
    cache.set_many({"n": 3, "t": (5, 1.5)})
    assert cache.incr("n") == 4
    assert cache.add("n", 10) is False
    # Both read the same keys the same way: switching backends loses nothing.
    assert django_backend.get_many(["page", "n", "t"]) == {
        "page": {"content": b"<p>x</p>", "deps": ["a"]},
        "n": 4,
        "t": (5, 1.5),
    }
    cache.delete_many(["page", "n"])
    assert cache.get_many(["page", "n", "t"]) == {"t": (5, 1.5)}


def test_keys_memcached_would_refuse_still_work(cache):
    # Redis takes any key; the page cache's keys can be long.
    key = "pc:dep:" + "x" * 300 + " with spaces"
    cache.set(key, 1)
    assert cache.get(key) == 1
