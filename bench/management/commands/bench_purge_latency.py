"""Bench only: how long an edit takes to reach readers through the edge (Varnish).

For each of N published posts: read its page through the edge until the edge serves it
from its cache, change its title as a save in the admin does (committed), and read it
again through the edge until the new title shows; then put the title back and measure
that too. Prints the latencies as JSON. Run with the server's own environment
(DATABASE_URL, REDIS_URL, DJANGO_CACHE_KEY_PREFIX, DJANGO_EDGE_PURGE): this process's
save purges the edge, and the app servers behind it must see the change.
"""

import json
import secrets
import statistics
import time

import httpx
from django.core.management.base import BaseCommand, CommandError
from markupsafe import escape

from articles.models import Article
from campaign4change.pagecache import edge

TIMEOUT = 10.0


class Command(BaseCommand):
    help = "Bench only: seconds from an edit's commit to its page through the edge."

    def add_arguments(self, parser):
        parser.add_argument("--edge-url", required=True, help="e.g. http://127.0.0.1:6081")
        parser.add_argument("--edits", type=int, default=10, help="posts edited (twice each)")

    def handle(self, *args, **options):
        if not edge.enabled():
            raise CommandError("DJANGO_EDGE_PURGE is not set: edits would not purge the edge.")
        public = Article.objects.published().order_by("-publish_at")
        step = max(1, public.count() // max(1, options["edits"]))
        posts = list(public[::step][: options["edits"]])
        latencies, cached_before = [], 0
        with httpx.Client(base_url=options["edge_url"], timeout=TIMEOUT) as client:
            for post in posts:
                path = post.get_absolute_url()
                original = post.title
                edited = f"{original} (edited {secrets.token_hex(4)})"
                for title, gone in ((edited, None), (original, edited)):
                    cached_before += self._kept(client, path)
                    post.title = title
                    post.save()
                    latencies.append(self._until_shown(client, path, title, gone))
        ms = sorted(round(seconds * 1000, 1) for seconds in latencies)
        result = {
            "edits": len(ms),
            "cached_before": cached_before,
            "median_ms": statistics.median(ms),
            "p90_ms": ms[int(0.9 * (len(ms) - 1))],
            "max_ms": ms[-1],
        }
        self.stdout.write(json.dumps(result))

    def _kept(self, client, path):
        """Read `path` until the edge keeps it (the last change's purges may still come)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if client.get(path).headers.get("X-Cache") == "HIT":
                return 1
            time.sleep(0.2)
        return 0

    def _until_shown(self, client, path, title, gone):
        saved = time.perf_counter()
        while time.perf_counter() - saved < TIMEOUT:
            text = client.get(path).text
            if escape(title) in text and (gone is None or escape(gone) not in text):
                return time.perf_counter() - saved
            time.sleep(0.002)
        raise CommandError(f"{path} did not show {title!r} through the edge in {TIMEOUT} s.")
