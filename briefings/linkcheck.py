"""Checking that briefings' external links still work.

Uses httpx (asynchronous, so hundreds of links are checked side by side on one thread):
it follows redirects and keeps the final address, separates connect/read timeouts,
verifies TLS, and streams responses so that only the status line and headers are read.
A body — even a huge one — is never downloaded: the connection is closed unread.
"""

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.utils import timezone

from briefings.models import Entry

USER_AGENT = (
    "Campaign4Change-LinkChecker/1.0 "
    "(checks the links listed in our briefings; one request per link, rarely)"
)
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 10
# At most this many requests at once to one host, however many links point there.
PER_HOST = 2
MAX_REDIRECTS = 10
MAX_ERROR_LENGTH = 300


@dataclass
class LinkResult:
    url: str
    status: int | None = None
    final_url: str = ""
    error: str = ""

    @property
    def is_broken(self):
        return bool(self.error) or (self.status or 0) >= 400


async def _status_of(client, method, url):
    # `stream` returns once the headers are in; leaving the block closes the connection
    # without reading the body.
    async with client.stream(method, url) as response:
        return response.status_code, str(response.url)


async def check_url(client, url, timeout):
    """Check one address: HEAD first, GET when HEAD is refused or fails. Never raises."""
    result = LinkResult(url)
    try:
        async with asyncio.timeout(timeout):
            result.status, result.final_url = await _status_of(client, "HEAD", url)
        if result.status >= 400:
            # Many servers refuse or mishandle HEAD (405, 403, 501...): ask the way a
            # browser would before calling the link broken.
            async with asyncio.timeout(timeout):
                result.status, result.final_url = await _status_of(client, "GET", url)
    except (TimeoutError, httpx.TimeoutException):
        result.error = f"No answer within {timeout:g} seconds"
    except httpx.TooManyRedirects:
        result.error = f"More than {MAX_REDIRECTS} redirects"
    except httpx.ConnectError as exc:
        # DNS failures ("Name or service not known"), refused connections, TLS errors.
        result.error = f"Could not connect: {exc}"
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:
        # One odd server (a malformed header, a protocol quirk) must not stop the run.
        result.error = f"Unexpected error: {type(exc).__name__}: {exc}"
    if result.error:
        result.status, result.final_url = None, ""
        result.error = result.error[:MAX_ERROR_LENGTH]
    return result


async def check_urls(urls, timeout=DEFAULT_TIMEOUT, concurrency=DEFAULT_CONCURRENCY):
    """Check `urls` side by side, politely; return {url: LinkResult}."""
    everywhere = asyncio.Semaphore(concurrency)
    per_host = defaultdict(lambda: asyncio.Semaphore(PER_HOST))

    async def limited(client, url):
        async with everywhere, per_host[urlsplit(url).hostname]:
            return await check_url(client, url, timeout)

    async with httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=concurrency),
    ) as client:
        results = await asyncio.gather(*(limited(client, url) for url in urls))
    return {result.url: result for result in results}


def check_entries(entries, timeout=DEFAULT_TIMEOUT, concurrency=DEFAULT_CONCURRENCY):
    """Check the external links of `entries` and store the outcome on each entry.

    Each address is requested once, however many entries list it. Returns the results
    by address and the seconds the checks took.
    """
    entries = [entry for entry in entries if entry.is_external and entry.url]
    urls = list(dict.fromkeys(entry.url for entry in entries))
    started = time.monotonic()
    results = asyncio.run(check_urls(urls, timeout, concurrency)) if urls else {}
    elapsed = time.monotonic() - started
    checked_at = timezone.now()
    for entry in entries:
        result = results[entry.url]
        entry.link_status = result.status
        entry.link_final_url = result.final_url[:2000]
        entry.link_error = result.error
        entry.link_checked_at = checked_at
    Entry.objects.bulk_update(
        entries, ["link_status", "link_final_url", "link_error", "link_checked_at"]
    )
    return results, elapsed
