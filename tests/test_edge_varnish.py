"""The site behind a real Varnish (Debian's varnish + varnish-modules, deploy/varnish/site.vcl).

Each test starts its own varnishd on 127.0.0.1 (a private work folder, never the system
service) in front of the live test server, with the page cache on and purges sent to it
(`DJANGO_EDGE_PURGE`). Changes are made as an editor's save makes them, and committed;
pages are read through Varnish, whose X-Cache / X-Cache-Hits headers say what it kept.
Run with `make test-edge` (marker `edge`), which .ci/run calls after installing Varnish.

Pages of their own (issue 19) are not built yet: when they are, an edit to one belongs in
CHANGES below.
"""

import json
import statistics
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings as django_settings

import bench.varnish
from articles.models import Tag
from campaign4change.pagecache import edge
from campaign4change.pagecache.middleware import TRACKING_PARAMETERS
from campaign4change.pagecache.models import Invalidation
from pages.models import Page
from tests.briefing_factories import ArticleEntryFactory, BriefingFactory, SectionFactory
from tests.factories import ArticleFactory, AuthorFactory, PageFactory, StaffFactory

pytestmark = [pytest.mark.edge, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(django_settings.BASE_DIR) / "artifacts"
LATENCIES = []  # seconds from a save's commit to the first page showing it through Varnish


class Varnish(bench.varnish.Varnish):
    def __init__(self, backend):
        super().__init__(backend.rsplit(":", 1)[1], memory="64m")
        self.backend = backend
        self.client = httpx.Client(base_url=self.url(""), timeout=10)

    def get(self, path, **headers):
        return self.client.get(path, headers=headers)

    def stop(self):
        self.client.close()
        super().stop()


@pytest.fixture
def varnish(live_server, settings, page_cache):
    with Varnish(live_server.url) as varnish:
        settings.EDGE_PURGE = [varnish.purge_url]
        settings.EDGE_PURGE_RETRY_SECONDS = 0.5
        settings.EDGE_PURGE_REPEAT_SECONDS = 1.0
        yield varnish
        edge.stop()


@pytest.fixture(scope="module", autouse=True)
def _latency_report():
    yield
    if LATENCIES:
        ARTIFACTS.mkdir(exist_ok=True)
        ms = sorted(round(s * 1000, 1) for s in LATENCIES)
        report = {
            "what": "from a save's commit to the first page showing it through Varnish: "
            "the purge, and the page rendered again by the live test server",
            "edits": len(ms),
            "median_ms": statistics.median(ms),
            "max_ms": ms[-1],
            "all_ms": ms,
        }
        (ARTIFACTS / "edge-purge-latency.json").write_text(json.dumps(report, indent=2) + "\n")


def cached(varnish, path):
    """Read `path` until Varnish serves it from its cache; return its HTML."""
    first = varnish.get(path)
    assert first.status_code == 200, path
    again = varnish.get(path)
    assert again.headers["X-Cache"] == "HIT", f"{path} is not kept by Varnish"
    return again.text


def shows_within_a_second(varnish, path, text, changed_at):
    deadline = changed_at + 1.0
    while True:
        response = varnish.get(path)
        if text in response.text:
            return time.monotonic() - changed_at
        assert time.monotonic() < deadline, f"{path} still without {text!r} after a second"
        time.sleep(0.005)


@pytest.fixture
def site(varnish):
    jo = AuthorFactory(name="Jo Marsh")
    sam = AuthorFactory(name="Sam Okafor")
    story = ArticleFactory(title="Mutual pathfinder opens", authors=[jo], tags=["Mutuals"])
    other = ArticleFactory(title="Data centre tender", authors=[sam], tags=["Outsourcing"])
    briefing = BriefingFactory(title="Mutuals Briefing")
    ArticleEntryFactory(section=SectionFactory(briefing=briefing), article=story)
    about = PageFactory(title="About us", slug="about", menu=Page.Menu.HEADER)
    privacy = PageFactory(title="Privacy", slug="privacy")
    settled(varnish)
    site = {"jo": jo, "sam": sam, "story": story, "other": other, "briefing": briefing}
    site.update(about=about, privacy=privacy)
    return {**site, "mutuals": Tag.objects.get(slug="mutuals")}


def settled(varnish):
    """Wait until every change so far is purged, the second time too (or it would purge
    the pages a test has just put in Varnish).

    The first read of a new cache does not know when scheduled posts are due and drops
    every page once (invalidation.py): that is a purge of everything, so it comes first.
    """
    httpx.get(f"{varnish.backend}/")
    deadline = time.monotonic() + 10
    while Invalidation.objects.filter(edge_due_at__isnull=False).exists():
        assert time.monotonic() < deadline, "purges still due"
        time.sleep(0.05)


def edit(site, name, field, value):
    """Save a change to `site[name]` as the admin does: a fresh copy, one field, save()."""
    target = type(site[name])._default_manager.get(pk=site[name].pk)
    setattr(target, field, value)
    target.save()
    return value


STORY, OTHER = "story", "other"
# change -> (what is saved, pages that show it, pages that must stay cached). Renaming a
# tag or an author changes every page that shows any (their kind's key, docs/caching.md):
# none stays.
CHANGES = {
    "post": (
        ("story", "title", "Mutual pathfinder closes"),
        [STORY, "/", "/tag/mutuals/", "/author/jo-marsh/", "/briefings/mutuals-briefing/"],
        [OTHER, "/tag/outsourcing/", "/author/sam-okafor/"],
    ),
    "tag renamed": (("mutuals", "name", "Mutual societies"), [STORY, "/", "/tag/mutuals/"], []),
    "tag described": (
        ("mutuals", "description", "Staff-owned spin-outs from the public sector."),
        ["/tag/mutuals/"],
        [STORY, "/", OTHER, "/tag/outsourcing/", "/author/jo-marsh/"],
    ),
    "author renamed": (
        ("jo", "name", "Jo Marsh-Okafor"),
        [STORY, "/", "/author/jo-marsh/", "/tag/mutuals/"],
        [],
    ),
    "author bio": (
        ("jo", "bio", "Covers mutuals and council shared services."),
        ["/author/jo-marsh/"],
        [STORY, "/", OTHER, "/author/sam-okafor/", "/tag/mutuals/"],
    ),
    "briefing": (
        ("briefing", "title", "Public Service Mutuals Briefing"),
        # The front page lists the briefings updated last.
        ["/briefings/mutuals-briefing/", "/briefings/", STORY, "/"],
        [OTHER, "/tag/mutuals/", "/tag/outsourcing/"],
    ),
    # A page's text shows on its own address only; its title in the header menu, on
    # every page.
    "page text": (
        ("privacy", "body", "<p>We set no tracking cookies.</p>"),
        ["/privacy/"],
        [STORY, "/", OTHER, "/about/", "/tag/mutuals/"],
    ),
    "page in the menu renamed": (
        ("about", "title", "Who we are"),
        ["/about/", "/", STORY, "/tag/mutuals/", "/briefings/mutuals-briefing/"],
        [],
    ),
}


def page_path(site, page):
    return site[page].get_absolute_url() if page in (STORY, OTHER) else page


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_edit_reaches_every_page_showing_it_through_varnish_within_a_second(
    varnish, site, change
):
    saved, showing, unrelated = CHANGES[change]
    showing = [page_path(site, page) for page in showing]
    unrelated = [page_path(site, page) for page in unrelated]
    for path in showing + unrelated:
        cached(varnish, path)
    hits_before = {path: int(varnish.get(path).headers["X-Cache-Hits"]) for path in unrelated}

    text = edit(site, *saved)
    changed_at = time.monotonic()
    LATENCIES.append(shows_within_a_second(varnish, showing[0], text, changed_at))
    for path in showing[1:]:
        shows_within_a_second(varnish, path, text, changed_at)
    for path in unrelated:
        response = varnish.get(path)
        assert response.headers["X-Cache"] == "HIT", f"{path} was purged by an unrelated change"
        assert int(response.headers["X-Cache-Hits"]) > hits_before[path]
        assert text not in response.text


def test_with_the_page_cache_off_edits_still_reach_varnish(varnish, site, settings):
    settings.PAGE_CACHE = False
    story = site["story"].get_absolute_url()
    for path in (story, "/"):
        cached(varnish, path)
    text = edit(site, *CHANGES["post"][0])
    changed_at = time.monotonic()
    for path in (story, "/"):
        shows_within_a_second(varnish, path, text, changed_at)


def test_signed_in_readers_and_the_admin_pass_through_uncached(varnish, site, client):
    client.force_login(StaffFactory(username="editor", is_superuser=True))
    signed_in = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    story = site["story"].get_absolute_url()
    admin = ["/admin/articles/article/", f"/admin/articles/article/{site['story'].pk}/change/"]
    for path in [*admin, story, "/"]:
        for _ in range(2):
            response = varnish.get(path, **signed_in)
            assert response.status_code == 200, path
            assert response.headers["X-Cache"] == "PASS", path
    assert "Campaign4Change admin" in varnish.get(admin[0], **signed_in).text
    # Nothing a signed-in reader was shown is given to anyone else.
    assert varnish.get(story).headers["X-Cache"] == "MISS"
    # Without a session, the admin asks to sign in, and that is not kept either.
    for _ in range(2):
        response = varnish.get("/admin/")
        assert response.status_code == 302 and response.headers["X-Cache"] == "PASS"


def test_other_cookies_do_not_split_or_bypass_the_cached_page(varnish, site):
    story = site["story"].get_absolute_url()
    cached(varnish, story)
    for cookie in ("_ga=GA1.2.3.4", "csrftoken=abc; theme=dark"):
        assert varnish.get(story, Cookie=cookie).headers["X-Cache"] == "HIT"


def test_tracking_parameters_are_stripped_as_the_app_does(varnish, site):
    story = site["story"].get_absolute_url()
    cached(varnish, story)
    for name in sorted(TRACKING_PARAMETERS | {"utm_source", "utm_campaign"}):
        response = varnish.get(f"{story}?{name}=x1")
        assert response.headers["X-Cache"] == "HIT", name
    assert varnish.get(f"{story}?page=2&fbclid=x").headers["X-Cache"] != "HIT"


def test_a_page_changed_while_it_rendered_is_not_kept_by_varnish(
    varnish, site, retitled_while_rendering
):
    story = site["story"]
    with retitled_while_rendering(story, "Changed mid-render"):
        first = varnish.get(story.get_absolute_url())
    assert "Mutual pathfinder opens" in first.text
    again = varnish.get(story.get_absolute_url())
    assert again.headers["X-Cache"] != "HIT"
    assert "Changed mid-render" in again.text


def test_not_found_pages_are_not_kept(varnish, site):
    for _ in range(2):
        response = varnish.get("/tag/budget/")
        assert response.status_code == 404 and response.headers["X-Cache"] == "PASS"
    ArticleFactory(title="Budget day", tags=["Budget"])
    assert "Budget day" in varnish.get("/tag/budget/").text


def test_a_purge_sent_while_varnish_is_paused_is_delivered_when_it_is_back(varnish, site):
    story = site["story"].get_absolute_url()
    cached(varnish, story)
    varnish.pause()
    try:
        text = edit(site, *CHANGES["post"][0])
        row = Invalidation.objects.latest("pk")
        # The purge waits for an answer, times out, and stays due.
        time.sleep(edge.PURGE_TIMEOUT.read + 1)
        row.refresh_from_db()
        assert row.edge_purges == 0
    finally:
        varnish.resume()
    back_at = time.monotonic()
    deadline = back_at + 10
    while Invalidation.objects.filter(pk=row.pk, edge_purges=0).exists():
        assert time.monotonic() < deadline, "the purge was not sent again"
        time.sleep(0.05)
    assert text in varnish.get(story).text
