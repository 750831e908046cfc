"""The anonymous page cache: what is cached, and that no change ever leaves a stale page.

Each invalidation test first proves the page is served from the cache (X-Cache: HIT),
then changes something the way an editor would, then reads the page again.
"""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, ArticleUpdate, Author, Tag
from tests.factories import (
    ArticleFactory,
    ArticleUpdateFactory,
    AuthorFactory,
    RelatedLinkFactory,
)
from tests.forms import admin_form
from tests.pages import listed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Cache")


def cached(client, url):
    """Fetch `url` until it comes from the cache; return the cached HTML."""
    first, _ = get(client, url)
    assert first.status_code == 200
    second, state = get(client, url)
    assert state == "HIT", f"{url} was not cached"
    return second.content.decode()


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def site():
    jo = AuthorFactory(name="Jo Marsh")
    sam = AuthorFactory(name="Sam Okafor")
    story = ArticleFactory(title="Mutual pathfinder opens", authors=[jo], tags=["Mutuals", "NHS"])
    other = ArticleFactory(title="Data centre tender", authors=[sam], tags=["Outsourcing"])
    return {"jo": jo, "sam": sam, "story": story, "other": other}


# What is cached ------------------------------------------------------------------------


def test_second_anonymous_request_is_served_from_cache_without_sql(
    client, site, django_assert_num_queries
):
    first, state = get(client, "/")
    assert state == "MISS"
    with django_assert_num_queries(0):
        second, state = get(client, "/")
    assert state == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_pages_with_other_query_strings_are_cached_separately(client, settings):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 1)
    cached(client, "/")
    response, state = get(client, "/?page=2")
    assert state == "MISS"
    assert len(listed(response)) == 1


def test_links_shared_with_tracking_parameters_are_served_from_the_one_cached_page(
    client, site, django_assert_num_queries
):
    url = site["story"].get_absolute_url()
    page = cached(client, url)
    long_click_id = "IwAR" + "x" * 400  # over the 300 characters of a cacheable query
    for query in (
        "?fbclid=abc123",
        "?utm_source=newsletter&utm_medium=email",
        f"?fbclid={long_click_id}",
    ):
        with django_assert_num_queries(0):
            response, state = get(client, url + query)
        assert state == "HIT", query
        assert response.content.decode() == page


def test_tracking_parameters_are_not_passed_on_by_page_links(client, settings):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 1)
    html = client.get("/?utm_source=newsletter&fbclid=abc123").content.decode()
    assert 'href="?page=2"' in html
    assert "utm_source" not in html and "abc123" not in html


def test_staff_never_get_or_fill_the_anonymous_cache(client, member, client_for, site):
    from django.test import Client

    staff_client = client_for(member("Editor"))
    anonymous = Client()
    cached(anonymous, site["story"].get_absolute_url())
    draft = ArticleFactory(title="Embargoed story", draft=True)
    for _ in range(2):
        response, state = get(staff_client, draft.get_absolute_url())
        assert response.status_code == 200 and state is None
        response, state = get(staff_client, site["story"].get_absolute_url())
        assert state is None
    assert anonymous.get(draft.get_absolute_url()).status_code == 404


def test_requests_with_a_session_cookie_bypass_the_cache(client, site):
    cached(client, "/")
    client.cookies["sessionid"] = "not-a-real-session"
    _, state = get(client, "/")
    assert state is None


def test_never_cache_pages_and_pages_setting_cookies_are_not_stored(client):
    login = reverse("admin:login")
    for _ in range(2):
        response, state = get(client, login)
        assert response.status_code == 200 and state is None
        assert "no-store" in response["Cache-Control"]


@pytest.mark.urls("tests.pagecache_urls")
@pytest.mark.parametrize(
    "path", ["/private/", "/no-store/", "/sets-cookie/", "/varies/", "/exempt/", "/error/"]
)
def test_responses_that_must_not_be_shared_are_not_stored(client, path):
    for _ in range(2):
        _, state = get(client, path)
        assert state != "HIT"


@pytest.mark.urls("tests.pagecache_urls")
def test_a_plain_public_view_is_stored(client):
    get(client, "/public/")
    assert get(client, "/public/")[1] == "HIT"


def test_not_found_pages_are_not_cached(client):
    assert client.get("/tag/budget/").status_code == 404
    ArticleFactory(tags=["Budget"])
    assert client.get("/tag/budget/").status_code == 200


def test_very_long_query_strings_are_not_cached(client, site):
    url = "/?" + "x=" + "a" * 1000
    for _ in range(2):
        assert get(client, url)[1] is None


def test_post_requests_are_never_answered_from_the_cache(client, site):
    cached(client, "/")
    response = client.post("/")
    assert response.get("X-Cache") is None


def test_page_cache_can_be_switched_off(client, settings, site):
    settings.PAGE_CACHE = False
    for _ in range(2):
        response, state = get(client, "/")
        assert state is None and response.has_header("ETag")


# Conditional GET -----------------------------------------------------------------------


@pytest.mark.parametrize("page_cache_on", [True, False])
def test_conditional_get_with_etag_answers_304(client, settings, site, page_cache_on):
    settings.PAGE_CACHE = page_cache_on
    url = site["story"].get_absolute_url()
    first = client.get(url)
    assert first["Cache-Control"] == "max-age=0, must-revalidate"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    site["story"].title = "Mutual pathfinder opens its doors"
    site["story"].save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_conditional_get_with_last_modified_answers_304(client, site):
    url = site["story"].get_absolute_url()
    first = client.get(url)
    assert first.has_header("Last-Modified")
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


# Invalidation: posts ---------------------------------------------------------------------


def test_editing_a_post_updates_every_page_showing_it(client, site):
    story = site["story"]
    urls = [story.get_absolute_url(), "/", "/tag/mutuals/", site["jo"].get_absolute_url()]
    for url in urls:
        assert "Mutual pathfinder opens" in cached(client, url)
    story.title = "Pathfinder mutual goes live"
    story.save()
    for url in urls:
        assert "Pathfinder mutual goes live" in html(client, url)


def test_editing_a_post_leaves_unrelated_pages_cached(client, site):
    unrelated = [site["other"].get_absolute_url(), "/tag/outsourcing/"]
    unrelated.append(site["sam"].get_absolute_url())
    for url in unrelated:
        cached(client, url)
    site["story"].body = "<p>New paragraph.</p>"
    site["story"].save()
    for url in unrelated:
        assert get(client, url)[1] == "HIT"


def test_editing_a_draft_leaves_public_lists_cached(client, site):
    draft = ArticleFactory(title="Work in progress", draft=True, tags=["Mutuals"])
    cached(client, "/")
    cached(client, "/tag/mutuals/")
    draft.body = "<p>Second draft.</p>"
    draft.save()
    assert get(client, "/")[1] == "HIT"
    assert get(client, "/tag/mutuals/")[1] == "HIT"


def test_publishing_a_post_updates_lists_it_joins_and_only_those(client, site):
    for url in ("/", "/tag/mutuals/", "/tag/outsourcing/", site["jo"].get_absolute_url()):
        cached(client, url)
    draft = ArticleFactory(title="Second pathfinder", draft=True, tags=["Mutuals"])
    ArticleAuthor.objects.filter(article=draft).update(author=site["jo"])
    draft.status = Article.Status.PUBLISHED
    draft.save()
    for url in ("/", "/tag/mutuals/", site["jo"].get_absolute_url()):
        assert "Second pathfinder" in html(client, url)
    assert get(client, "/tag/outsourcing/")[1] == "HIT"


def test_new_post_created_published_appears_at_once(client, site):
    cached(client, "/")
    cached(client, "/tag/nhs/")
    ArticleFactory(title="Hospital IT outage", tags=["NHS"])
    assert "Hospital IT outage" in html(client, "/")
    assert "Hospital IT outage" in html(client, "/tag/nhs/")


def test_unpublishing_with_the_admin_bulk_action_removes_the_post(client, admin_client, site):
    story = site["story"]
    for url in (story.get_absolute_url(), "/", "/tag/mutuals/"):
        cached(client, url)
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [story.pk]},
    )
    assert response.status_code == 302
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Mutual pathfinder opens" not in html(client, "/")
    assert "Mutual pathfinder opens" not in html(client, "/tag/mutuals/")


def test_publishing_with_the_admin_bulk_action_shows_the_post(client, admin_client, site):
    draft = ArticleFactory(title="Draft about mutuals", draft=True, tags=["Mutuals"])
    cached(client, "/tag/mutuals/")
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert "Draft about mutuals" in html(client, "/tag/mutuals/")


def test_editing_through_the_admin_form_updates_the_cached_pages(client, admin_client, site):
    story = site["story"]
    cached(client, story.get_absolute_url())
    cached(client, "/")
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = admin_form(admin_client, url)
    data.update(title="Edited in the admin", tags=["Mutuals", "Shared Services"])
    with_commit = admin_client.post(url, data)
    assert with_commit.status_code == 302
    page = html(client, story.get_absolute_url())
    assert "Edited in the admin" in page and "Shared Services" in page
    assert "Edited in the admin" in html(client, "/")
    assert "Edited in the admin" in html(client, "/tag/shared-services/")


def test_changing_a_post_slug_redirects_its_cached_old_address(client, site):
    story = site["story"]
    old_url = story.get_absolute_url()
    cached(client, old_url)
    story.slug = "pathfinder-mutual-opens"
    story.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_deleting_a_post_removes_it_everywhere(client, site):
    story = site["story"]
    for url in (story.get_absolute_url(), "/", "/tag/nhs/"):
        cached(client, url)
    url = story.get_absolute_url()
    story.delete()
    assert client.get(url).status_code == 404
    assert "Mutual pathfinder opens" not in html(client, "/")
    assert "Mutual pathfinder opens" not in html(client, "/tag/nhs/")


def test_scheduled_post_appears_by_itself_when_its_time_comes(client, site):
    publish_at = timezone.now() + timedelta(hours=2)
    scheduled = ArticleFactory(title="Budget day story", publish_at=publish_at, tags=["NHS"])
    for url in ("/", "/tag/nhs/"):
        assert "Budget day story" not in cached(client, url)
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        assert "Budget day story" in html(client, "/")
        assert "Budget day story" in html(client, "/tag/nhs/")
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_a_scheduled_post_in_a_new_month_adds_it_to_every_cached_footer(client, site):
    # Ten o'clock on the first day of a month that has no posts, an hour ahead: only
    # the post's arrival can change a cached footer in that hour.
    later = timezone.localtime() + timedelta(days=70)
    publish_at = later.replace(day=1, hour=10, minute=0, second=0, microsecond=0)
    month = publish_at.strftime("/%Y/%m/")
    with time_machine.travel(publish_at - timedelta(hours=1), tick=False):
        ArticleFactory(title="Next quarter", publish_at=publish_at, tags=["Pensions"])
        story_url = site["story"].get_absolute_url()
        assert f'href="{month}"' not in cached(client, story_url)
        with time_machine.travel(publish_at + timedelta(minutes=1), tick=False):
            assert f'href="{month}"' in html(client, story_url)


def test_a_later_scheduled_post_does_not_wake_the_cache_early(client, site):
    ArticleFactory(title="Later today", publish_at=timezone.now() + timedelta(hours=2))
    cached(client, "/")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert get(client, "/")[1] == "HIT"


def test_post_updates_and_corrections_show_at_once(client, site):
    story = site["story"]
    cached(client, story.get_absolute_url())
    update = ArticleUpdateFactory(article=story, note="The trust confirmed the date.")
    assert "The trust confirmed the date." in html(client, story.get_absolute_url())
    update.note = "The trust changed the date."
    update.save()
    assert "The trust changed the date." in html(client, story.get_absolute_url())
    ArticleUpdate.objects.filter(pk=update.pk).delete()
    assert "The trust changed" not in html(client, story.get_absolute_url())


# Invalidation: related links -------------------------------------------------------------


def test_related_links_added_removed_and_renamed_show_at_once(client, site):
    story, other = site["story"], site["other"]
    url = story.get_absolute_url()
    cached(client, url)
    link = RelatedLinkFactory(article=story, related=other)
    assert "Data centre tender" in html(client, url)
    cached(client, url)
    other.title = "Data centre tender cancelled"
    other.save()
    assert "Data centre tender cancelled" in html(client, url)
    cached(client, url)
    link.delete()
    assert "Data centre tender" not in html(client, url)


def test_related_draft_shows_once_it_is_published(client, site):
    story = site["story"]
    hidden = ArticleFactory(title="Follow-up story", draft=True)
    RelatedLinkFactory(article=story, related=hidden)
    assert "Follow-up story" not in cached(client, story.get_absolute_url())
    hidden.status = Article.Status.PUBLISHED
    hidden.save()
    assert "Follow-up story" in html(client, story.get_absolute_url())


# Invalidation: authors and tags ----------------------------------------------------------


def test_renaming_an_author_updates_bylines(client, site):
    story, jo = site["story"], site["jo"]
    for url in (story.get_absolute_url(), "/", jo.get_absolute_url()):
        cached(client, url)
    cached(client, site["other"].get_absolute_url())
    jo.name = "Joanna Marsh"
    jo.save()
    for url in (story.get_absolute_url(), "/", jo.get_absolute_url()):
        assert "Joanna Marsh" in html(client, url)
    # Pages depend on all authors at once (a cached read checks one key, not one per
    # author shown): a rename refreshes every page with a byline, rare as renames are.
    assert get(client, site["other"].get_absolute_url())[1] == "MISS"


def test_new_tags_and_authors_leave_cached_pages_alone(client, site):
    """Nothing shows a tag or author until a post links to it (which is a post change)."""
    urls = (site["story"].get_absolute_url(), "/", "/tag/mutuals/")
    for url in urls:
        cached(client, url)
    Tag.objects.create(name="Digital by default")
    AuthorFactory(name="New Writer")
    for url in urls:
        assert get(client, url)[1] == "HIT", url


def test_changing_a_byline_updates_both_author_archives(client, site):
    story, jo, sam = site["story"], site["jo"], site["sam"]
    for url in (jo.get_absolute_url(), sam.get_absolute_url(), story.get_absolute_url()):
        cached(client, url)
    link = ArticleAuthor.objects.get(article=story)
    link.author = sam
    link.save()
    assert "Mutual pathfinder opens" not in html(client, jo.get_absolute_url())
    assert "Mutual pathfinder opens" in html(client, sam.get_absolute_url())
    assert "Sam Okafor" in html(client, story.get_absolute_url())


def test_adding_a_second_author_updates_the_post_and_archive(client, site):
    story, sam = site["story"], site["sam"]
    cached(client, sam.get_absolute_url())
    cached(client, story.get_absolute_url())
    ArticleAuthor.objects.create(article=story, author=sam, position=1)
    assert "Mutual pathfinder opens" in html(client, sam.get_absolute_url())
    assert "Jo Marsh</a> and <a" in html(client, story.get_absolute_url())


def test_renaming_a_tag_updates_posts_and_its_archive(client, site):
    story = site["story"]
    cached(client, story.get_absolute_url())
    cached(client, "/tag/mutuals/")
    cached(client, site["other"].get_absolute_url())
    tag = Tag.objects.get(slug="mutuals")
    tag.name = "Public service mutuals"
    tag.description = "Spin-outs owned by their staff."
    tag.save()
    assert "Public service mutuals" in html(client, story.get_absolute_url())
    assert "Spin-outs owned by their staff." in html(client, "/tag/mutuals/")
    assert get(client, site["other"].get_absolute_url())[1] == "MISS"  # as for authors


def test_bulk_renames_of_tags_and_authors_update_cached_pages(client, site):
    """QuerySet.update() sends no signals: the queryset itself tells the cache."""
    story, jo = site["story"], site["jo"]
    urls = (story.get_absolute_url(), "/", "/tag/mutuals/", jo.get_absolute_url())
    for url in urls:
        cached(client, url)
    Tag.objects.filter(slug="mutuals").update(name="Public service mutuals")
    Author.objects.filter(pk=jo.pk).update(name="Joanna Marsh")
    for url in urls:
        page = html(client, url)
        assert "Public service mutuals" in page, url
        assert "Joanna Marsh" in page, url


def test_a_tag_description_or_author_bio_refreshes_only_its_archive_and_feed(client, site):
    """Only names and links show on every page; a description or bio on two."""
    story, jo = site["story"], site["jo"]
    own = ("/tag/mutuals/", "/tag/mutuals/feed/", jo.get_absolute_url(), "/author/jo-marsh/feed/")
    elsewhere = (story.get_absolute_url(), "/", "/tag/nhs/")
    for url in own + elsewhere:
        cached(client, url)
    tag = Tag.objects.get(slug="mutuals")
    tag.description = "Spin-outs owned by their staff."
    tag.save()
    jo.bio = "Covers local government."
    jo.save()
    for url in own:
        page = html(client, url)
        assert "Spin-outs owned by their staff." in page or "Covers local government." in page
    for url in elsewhere:
        assert get(client, url)[1] == "HIT", url
    # The same through QuerySet.update(); a name still refreshes every page.
    Tag.objects.filter(slug="mutuals").update(description="Staff-owned spin-outs.")
    assert "Staff-owned spin-outs." in html(client, "/tag/mutuals/")
    assert get(client, story.get_absolute_url())[1] == "HIT"
    Tag.objects.filter(slug="nhs").update(name="National Health Service")
    assert "National Health Service" in html(client, story.get_absolute_url())


def test_changing_a_tag_slug_refreshes_every_page_that_links_to_it(client, site):
    story = site["story"]
    cached(client, story.get_absolute_url())
    tag = Tag.objects.get(slug="nhs")
    tag.slug = "health"
    tag.save()
    assert 'href="/tag/health/"' in html(client, story.get_absolute_url())


def test_tagging_and_untagging_update_posts_and_archives(client, site):
    story = site["story"]
    for url in (story.get_absolute_url(), "/tag/outsourcing/", "/tag/nhs/"):
        cached(client, url)
    story.tags.add("Outsourcing")
    assert "Mutual pathfinder opens" in html(client, "/tag/outsourcing/")
    assert 'href="/tag/outsourcing/"' in html(client, story.get_absolute_url())
    story.tags.remove("NHS")
    assert "Mutual pathfinder opens" not in html(client, "/tag/nhs/")
    cached(client, "/tag/outsourcing/")
    story.tags.clear()
    assert "Mutual pathfinder opens" not in html(client, "/tag/outsourcing/")


def test_tagging_a_draft_leaves_the_tag_archive_cached(client, site):
    draft = ArticleFactory(draft=True)
    cached(client, "/tag/outsourcing/")
    draft.tags.add("Outsourcing")
    assert get(client, "/tag/outsourcing/")[1] == "HIT"


def test_deleting_a_tag_removes_it_from_posts(client, site):
    story = site["story"]
    cached(client, story.get_absolute_url())
    Tag.objects.get(slug="nhs").delete()
    assert 'href="/tag/nhs/"' not in html(client, story.get_absolute_url())


# Races and other processes ---------------------------------------------------------------


def test_a_change_committed_while_a_page_renders_is_not_cached_stale(
    client, site, retitled_while_rendering
):
    story = site["story"]
    with retitled_while_rendering(story, "Changed mid-render"):
        response, state = get(client, story.get_absolute_url())
    assert state == "PASS"
    assert "Changed mid-render" in html(client, story.get_absolute_url())


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="local-memory cache only")
def test_local_memory_cache_drops_pages_when_another_worker_changes_content(client, settings, site):
    cached(client, "/")
    # Another worker's change: it cannot reach this process's memory, only the stamp.
    stamp = settings.PAGE_CACHE_STAMP_FILE
    later = os.stat(stamp).st_mtime_ns + 1_000_000
    os.utime(stamp, ns=(later, later))
    assert get(client, "/")[1] == "MISS"


def test_workers_on_local_memory_settle_after_a_change_instead_of_dropping_all_in_turn():
    from django.core.cache.backends.locmem import LocMemCache

    from campaign4change.pagecache.invalidation import settle
    from campaign4change.pagecache.models import Invalidation
    from campaign4change.pagecache.store import EPOCH, Store

    workers = [Store(LocMemCache(f"worker-{n}", {})) for n in (1, 2)]
    drops = Invalidation.objects.filter(keys=[EPOCH])
    ArticleFactory()  # a change made through one of them: the others see the stamp
    for _round in range(3):
        for store in workers:
            _found, _start, unsettled = store.read(())
            if unsettled:
                settle(store, unsettled)
    # Each drops its pages once on its first read (it cannot know what came due before);
    # then nothing: no worker's reaction to the other's stamp makes a stamp of its own.
    assert drops.count() <= len(workers)


def test_a_worker_that_sees_another_workers_stamp_still_runs_the_posts_that_came_due(
    settings,
):
    from django.core.cache.backends.locmem import LocMemCache

    from campaign4change.pagecache.invalidation import settle
    from campaign4change.pagecache.models import Invalidation
    from campaign4change.pagecache.store import Store

    def read(store):
        _found, _start, unsettled = store.read(())
        if unsettled:
            settle(store, unsettled)

    worker = Store(LocMemCache("worker-2", {}))
    post = ArticleFactory(scheduled=True)
    read(worker)  # it knows when the post is due
    seen = Invalidation.objects.order_by("pk").last().pk
    with time_machine.travel(post.publish_at + timedelta(minutes=5)):
        stamp = settings.PAGE_CACHE_STAMP_FILE  # another worker changed something meanwhile
        later = time.time_ns()
        stamp.touch()
        os.utime(stamp, ns=(later, later))
        read(worker)
    # What it had missed is run, and only that: not every page dropped for want of a date.
    ran = [row.keys for row in Invalidation.objects.filter(pk__gt=seen)]
    assert any(f"articles.article:{post.pk}" in keys for keys in ran)
    assert ["pc:epoch"] not in ran


def test_cache_uses_redis_when_redis_url_is_set():
    backend = type(caches["default"]).__name__
    assert backend == ("RedisCache" if os.environ.get("REDIS_URL") else "LocMemCache")


def test_templates_are_part_of_the_page_key(client, site):
    from campaign4change.pagecache.middleware import page_url
    from campaign4change.pagecache.store import code_version, get_store

    assert len(code_version()) == 12
    request = client.get("/").wsgi_request
    assert code_version() in get_store().page_key(page_url(request))


def test_a_deployment_of_new_python_code_changes_every_key(tmp_path, monkeypatch):
    # A view may change what it renders, or the shape of what it keeps, without a
    # template changing: nothing the old code cached may be served by the new.
    from articles import views
    from campaign4change.pagecache import store

    assert Path(views.__file__).resolve().parent in store.code_folders()
    app = tmp_path / "app"
    app.mkdir()
    (app / "views.py").write_text("PARTS = ('head', 'body')\n")
    monkeypatch.setattr(store, "code_folders", lambda: [app])
    before = store.code_version.__wrapped__()
    (app / "views.py").write_text("PARTS = ('head', 'body', 'footer')\n")
    assert store.code_version.__wrapped__() != before


def test_flushing_everything_drops_every_page(client, site):
    from campaign4change import pagecache

    cached(client, "/")
    pagecache.invalidate_all()
    assert get(client, "/")[1] == "MISS"


def test_big_lists_depend_on_the_kind_not_on_each_object(client, settings, site):
    from campaign4change import pagecache
    from campaign4change.pagecache import keys

    with pagecache.collecting() as collector:
        list(Article.objects.all())
    assert collector.result() == {
        pagecache.key(site["story"]),
        pagecache.key(site["other"]),
    }
    ArticleFactory.create_batch(3)
    original = keys.MAX_OBJECT_KEYS
    keys.MAX_OBJECT_KEYS = 3
    try:
        with pagecache.collecting() as collector:
            list(Article.objects.all())
        assert collector.result() == {"articles.article:*"}
    finally:
        keys.MAX_OBJECT_KEYS = original


def test_an_unreachable_cache_serves_pages_uncached_and_never_fails_a_save(
    client, unreachable_cache, site, caplog
):
    from campaign4change.pagecache.models import Invalidation

    for _ in range(2):
        response, state = get(client, "/")
        assert response.status_code == 200 and state is None
    story = site["story"]
    story.title = "Saved while the cache was down"
    story.save()
    assert "Saved while the cache was down" in html(client, story.get_absolute_url())
    # Kept in the database, to be applied when the cache answers (test_cache_outage.py).
    assert Invalidation.objects.filter(applied_seq__isnull=True).exists()
    assert "kept in the database" in caplog.text


def test_a_process_forgets_the_least_recently_read_pages_dependencies(client, monkeypatch, site):
    """It remembers each page's keys to fetch them with the page in one round trip;
    a page read often must not be forgotten because it was first read long ago."""
    from campaign4change.pagecache import store as page_store
    from campaign4change.pagecache.middleware import page_url

    monkeypatch.setattr(page_store, "KNOWN_PAGES", 2)
    store = page_store.get_store()
    store.known_deps.clear()
    # Archives: a post page remembers the keys of its post's cached part too.
    home, story, other = "/", site["jo"].get_absolute_url(), site["sam"].get_absolute_url()
    for url in (home, story, home, other):
        cached(client, url)
    remembered = set(store.known_deps)
    keys = {
        url: store.page_key(page_url(client.get(url).wsgi_request)) for url in (home, story, other)
    }
    assert remembered == {keys[home], keys[other]}


def test_a_bump_that_never_finishes_still_makes_older_pages_stale(client, site, monkeypatch):
    # A worker is killed after marking a post's key "changed" and before giving it its
    # number: the change is committed, and pages cached before it must not come back.
    from campaign4change import pagecache

    story = site["story"]
    tag_page = "/tag/mutuals/"
    assert "Mutual pathfinder opens" in cached(client, tag_page)
    assert "Mutual pathfinder opens" in cached(client, "/")
    with connection.cursor() as cursor:  # committed, and no signal bumps anything
        cursor.execute(
            f"UPDATE {Article._meta.db_table} SET title = %s WHERE id = %s",  # noqa: S608
            ["Mutual pathfinder closes", story.pk],
        )

    class Killed(BaseException):
        pass

    def killed():
        raise Killed

    from campaign4change.pagecache import store as page_store

    store = page_store.get_store()
    monkeypatch.setattr(store, "_next_seq", killed)
    with pytest.raises(Killed):
        store.bump([pagecache.key(story)])
    monkeypatch.undo()
    monkeypatch.setattr(page_store, "PENDING_TIMEOUT", 0)  # the mark is old: abandoned
    time.sleep(0.01)
    assert "Mutual pathfinder closes" in html(client, "/")
    assert "Mutual pathfinder closes" in html(client, tag_page)
    assert "Mutual pathfinder closes" in cached(client, tag_page)
