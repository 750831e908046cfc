"""Bad input, systematically: hostile payloads into every admin form and public endpoint.

Each payload goes into one field at a time of a form that is otherwise valid, so a
payload that the form accepts is really saved, and then checked. The rules:
  - the answer is a 4xx or a form error (200) or a redirect after a save; never a 500
    (the test client re-raises server errors, so a 500 fails the test);
  - whatever was saved is harmless: rich text passes the sanitiser, and no page that
    shows it (the admin, the public page, a preview) contains the payload unescaped;
  - a POST without a CSRF token changes nothing.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from articles.models import Article, Author
from campaign4change.sanitizer import sanitize_html
from editorial.models import PreviewLink
from tests.factories import ArticleFactory, AuthorFactory, SuperuserFactory
from tests.forms import read_form

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example/"></iframe>',
    "<a href=\"javascript:alert(1)\">click</a><p onclick='alert(1)'>x</p>",
]
# One string carrying every XSS vector at once: each field gets it in one request.
ALL_XSS = " ".join(XSS)
TEXT_KINDS = {"text", "textarea", "url", "email", "search", "password"}
# Text fields get markup, length and control characters; every other field (choices,
# numbers, dates, hidden ids, foreign keys) gets wrong types and unknown ids.
TEXT_PAYLOADS = [ALL_XSS, "x" * 20_000, "null\x00byte \u202eevil\u202c 💥"]
OTHER_PAYLOADS = ["-1", "99999999999999999999999", "not-a-date<script>", "999999"]


# The two biggest forms take some 600 admin POSTs each (every field, every payload): they
# run once, on PostgreSQL, which refuses what SQLite stores (NUL bytes, numbers out of
# range) and is what the site runs on. The add form of every model runs on both.
ON_POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="run once, on PostgreSQL (CI's second pass)"
)


def payloads_for(kind):
    return TEXT_PAYLOADS if kind in TEXT_KINDS else OTHER_PAYLOADS


# What the payloads look like if they reached a page unescaped (escaped, "<" is "&lt;").
RAW_MARKERS = [
    "<script>alert(1)",
    "<img src=x onerror",
    "<svg onload",
    '<iframe src="https://evil.example/',
    'href="javascript:alert',
    "<p onclick=",
]
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


def assert_harmless(html, where):
    for marker in RAW_MARKERS:
        assert marker not in html, f"{marker!r} reached {where} unescaped"


def baseline(admin_client, url, overrides):
    response = admin_client.get(url)
    assert response.status_code == 200, url
    data, kinds = read_form(response.content)
    data.update(overrides)
    data.pop("csrfmiddlewaretoken", None)
    return data, kinds


@pytest.fixture
def site_admin(db):
    user = SuperuserFactory(username="root")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    """One of everything, so forms have real choices and foreign keys to point at."""
    author = AuthorFactory(name="Ann Lee")
    article = ArticleFactory(authors=[author], tags=["NHS"], title="Existing post")
    draft = ArticleFactory(authors=[author], draft=True, title="A draft")
    return {"author": author, "article": article, "draft": draft}


def valid_overrides(model, world):
    """What makes each add form valid; the payloads then go in one field at a time."""
    label = model._meta.label_lower
    draft_type = ContentType.objects.get_for_model(Article)
    return {
        "articles.article": {
            "title": "Base title",
            "slug": "base-title",
            "status": "draft",
            "publish_at_0": "2026-02-03",
            "publish_at_1": "09:00:00",
            "article_authors-0-author": str(world["author"].pk),
        },
        "articles.author": {"name": "Base Name", "slug": "base-name"},
        "articles.tag": {"name": "Base tag", "slug": "base-tag"},
        "redirects.redirect": {
            "site": str(Site.objects.get_current().pk),
            "old_path": "/old/",
            "new_path": "/new/",
        },
        "editorial.previewlink": {
            "content_type": str(draft_type.pk),
            "object_id": str(world["draft"].pk),
            "lifetime": "7",
        },
        "auth.user": {
            "username": "newuser",
            "password1": "A-long-enough-passw0rd!",
            "password2": "A-long-enough-passw0rd!",
        },
        "auth.group": {"name": "Base group"},
        "briefings.briefing": {"title": "Base briefing", "slug": "base-briefing"},
        "sites.site": {"domain": "example.net", "name": "Example"},
    }.get(label, {})


def registered_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label)


# An inline's second and later rows ("sections-0-entries-1-url") are the first row's
# fields again, cleaned by the same code: fuzzing the first row of each inline covers them.
LATER_INLINE_ROW = re.compile(r"-[1-9][0-9]*-")


def fuzz_form(client, url, data, kinds, check_saved):
    fields = [
        name for name in kinds if name not in SKIPPED_FIELDS and not LATER_INLINE_ROW.search(name)
    ]
    for name in fields:
        for payload in payloads_for(kinds[name]):
            with transaction.atomic():
                try:
                    response = client.post(url, {**data, name: payload})
                except Exception as error:
                    raise AssertionError(f"{url}: {name}={payload[:40]!r}") from error
                assert response.status_code in (200, 302, 400, 403, 404), (name, payload)
                if response.status_code == 200:
                    assert_harmless(response.content.decode(), f"{url} ({name})")
                if response.status_code == 302 and payload == ALL_XSS:
                    check_saved(name, payload)
                transaction.set_rollback(True)


def new_objects_shown(client, model, before_ids):
    """Render the admin page (and public page) of every object the POST created."""
    for obj in model._default_manager.exclude(pk__in=before_ids):
        opts = model._meta
        url_name = f"admin:{opts.app_label}_{opts.model_name}_change"
        change = client.get(reverse(url_name, args=[obj.pk]))
        assert_harmless(change.content.decode(), f"admin page of {obj!r}")
        if hasattr(obj, "get_absolute_url") and model is not PreviewLink:
            page = client.get(obj.get_absolute_url())
            assert page.status_code < 500
            assert_harmless(page.content.decode(), f"public page of {obj!r}")
        yield obj


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_every_admin_add_form_survives_hostile_payloads(site_admin, world, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    if site_admin.get(url).status_code == 403:
        # A read-only admin (django-axes' logs): its add page refuses posts too.
        assert site_admin.post(url, {"x": "<script>"}).status_code == 403
        return
    data, kinds = baseline(site_admin, url, valid_overrides(model, world))
    before = list(model._default_manager.values_list("pk", flat=True))

    def check_saved(name, payload):
        for obj in new_objects_shown(site_admin, model, before):
            for field in ("body", "introduction"):
                if hasattr(obj, field):
                    value = getattr(obj, field)
                    assert sanitize_html(value) == value, (name, payload)

    fuzz_form(site_admin, url, data, kinds, check_saved)


@ON_POSTGRESQL_ONLY
def test_the_article_change_form_survives_hostile_payloads(site_admin, world):
    article = world["article"]
    url = reverse("admin:articles_article_change", args=[article.pk])

    def check_saved(name, payload):
        saved = Article.objects.get(pk=article.pk)
        assert sanitize_html(saved.body) == saved.body
        for update in saved.updates.all():
            assert "<script" not in update.note and "onerror" not in update.note
        page = site_admin.get(saved.get_absolute_url())
        assert_harmless(page.content.decode(), f"public page after {name}")

    # Fresh form for each payload: a save changes the version the next one must carry.
    response = site_admin.get(url)
    data, kinds = read_form(response.content)
    data.pop("csrfmiddlewaretoken")
    data.update(
        {
            "updates-TOTAL_FORMS": "1",
            "updates-0-kind": "update",
            "updates-0-posted_at_0": "2026-02-03",
            "updates-0-posted_at_1": "10:00:00",
            "updates-0-note": "A note.",
        }
    )
    kinds.update({"updates-0-note": "textarea", "updates-0-posted_at_0": "text"})
    fuzz_form(site_admin, url, data, kinds, check_saved)


@pytest.mark.parametrize("initial", ["0", "-1", "5"])
def test_tampered_inline_counts_never_duplicate_a_byline(site_admin, world, initial):
    article = world["article"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    data, _ = read_form(site_admin.get(url).content)
    data["article_authors-INITIAL_FORMS"] = initial
    response = site_admin.post(url, data)
    assert response.status_code in (200, 302)
    assert article.article_authors.count() == 1


@ON_POSTGRESQL_ONLY
def test_the_briefing_change_form_survives_hostile_payloads(site_admin, world):
    from tests.briefing_factories import (
        ArticleEntryFactory,
        BriefingFactory,
        ExternalEntryFactory,
        SectionFactory,
    )

    briefing = BriefingFactory(tags=["Mutuals"])
    section = SectionFactory(briefing=briefing)
    ExternalEntryFactory(section=section)
    ArticleEntryFactory(section=section, article=world["article"])
    url = reverse("admin:briefings_briefing_change", args=[briefing.pk])

    def check_saved(name, payload):
        from briefings.models import Briefing

        saved = Briefing.objects.get(pk=briefing.pk)
        assert sanitize_html(saved.introduction) == saved.introduction
        page = site_admin.get(saved.get_absolute_url())
        assert_harmless(page.content.decode(), f"briefing page after {name}")

    data, kinds = read_form(site_admin.get(url).content)
    data.pop("csrfmiddlewaretoken")
    fuzz_form(site_admin, url, data, kinds, check_saved)


def test_rich_text_xss_is_stored_sanitised(site_admin, world):
    url = reverse("admin:articles_article_add")
    data, _ = baseline(site_admin, url, valid_overrides(Article, world))
    body = "".join(XSS) + "<p>Real words.</p>"
    assert site_admin.post(url, {**data, "body": body}).status_code == 302
    stored = Article.objects.get(slug="base-title").body
    assert "Real words." in stored
    dangerous = ["<script", "onerror", "onload", 'href="javascript:', "<iframe", "<svg"]
    for marker in [*dangerous, "onclick"]:
        assert marker not in stored


HOSTILE_QUERIES = [
    "?o=abc",
    "?o=999",
    "?p=abc",
    "?p=-1",
    "?q=" + "x" * 10_000,
    "?q=<script>alert(1)</script>",
    "?visibility=<script>",
    "?status=evil",
    "?publish_at__year=abc",
    "?publish_at__gte=not-a-date",
    "?authors__id__exact=abc",
    "?tags__id__exact=99999999999999999999999",
    "?nonexistent_field=1",
    "?_changelist_filters=%00",
    "?e=1",
]


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_every_changelist_survives_hostile_query_strings(site_admin, world, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    for query in HOSTILE_QUERIES:
        response = site_admin.get(url + query)
        assert response.status_code in (200, 302, 400, 404), query
        assert_harmless(response.content.decode(), query)


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:articles_article_changelist",
        "admin:articles_tag_changelist",
        "admin:editorial_previewlink_changelist",
        "admin:auth_user_changelist",
    ],
)
def test_bulk_actions_with_hostile_ids_touch_nothing(site_admin, world, changelist):
    actions = ["publish", "unpublish", "delete_selected", "revoke", "merge", "make_editor"]
    for action in actions:
        for selected in (["abc"], ["99999999999999999999999"], ["-1"], ["1.5"], ["\x00"]):
            count = Article.objects.count()
            response = site_admin.post(
                reverse(changelist),
                {"action": action, "_selected_action": selected, "post": "yes"},
            )
            assert response.status_code in (200, 302, 400), (action, selected)
            assert Article.objects.count() == count


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"app_label": "articles", "model_name": "nope", "field_name": "x"},
        {"app_label": "<script>", "model_name": "relatedlink", "field_name": "related"},
        {
            "app_label": "articles",
            "model_name": "relatedlink",
            "field_name": "related",
            "term": "x" * 5000,
        },
        {"app_label": "articles", "model_name": "relatedlink", "field_name": "article"},
    ],
)
def test_admin_autocomplete_survives_hostile_parameters(site_admin, world, params):
    response = site_admin.get(reverse("admin:autocomplete"), params)
    assert response.status_code in (200, 400, 403, 404)


def test_revision_views_survive_hostile_ids(site_admin, world):
    article = world["article"]
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    bad_pairs = [{}, {"version_id1": "abc", "version_id2": "1"}, {"version_id1": "999999"}]
    for query in bad_pairs:
        assert site_admin.get(compare, query).status_code == 404
    for path in [
        f"/admin/articles/article/{article.pk}/history/999999/",
        "/admin/articles/article/abc/history/1/",
        "/admin/articles/article/recover/999999/",
        "/admin/articles/article/abc/change/",
        "/admin/articles/article/999999/change/",
        "/admin/articles/article/999999/delete/",
    ]:
        assert site_admin.get(path).status_code in (302, 404), path
        assert site_admin.post(path, {"title": "<script>alert(1)</script>"}).status_code in (
            302,
            403,
            404,
        ), path


PUBLIC_URLS = [
    "/?page=abc",
    "/?page=-1",
    "/?page=0",
    "/?page=99999999999999999999",
    "/?page=1e309",
    "/?page=%00",
    "/?page=<script>alert(1)</script>",
    "/?" + "q=" + "x" * 10_240,
    "/tag/%3Cscript%3E/",
    "/tag/nhs/?page=abc",
    "/tag/" + "a" * 5000 + "/",
    "/author/ann-lee/?page=99999",
    "/author/nobody/",
    "/2026/13/45/existing-post/",
    "/0000/00/00/x/",
    "/9999/12/31/x/",
    "/2026/02/30/existing-post/",
    "/%00/",
    "/..%2f..%2fetc/passwd",
    "/" + "deep/" * 1000,
    "/preview/%3Cscript%3E/",
    "/preview/" + "A" * 10_000 + "/",
    "/preview/..%2f/",
    "/search/?q=<script>alert(1)</script>",
    "/search/?q=" + "x" * 10_240,
    "/feed/?page=abc",
    "/briefings/%3Cscript%3E/",
    "/ckeditor/browse/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS, ids=lambda u: u[:60])
def test_public_endpoints_answer_hostile_requests_with_4xx_or_a_page(client, world, url):
    response = client.get(url)
    assert response.status_code in (200, 301, 302, 400, 403, 404, 405, 410), url
    assert_harmless(response.content.decode(errors="replace"), url)


@pytest.mark.parametrize("url", ["/", "/tag/nhs/", "/preview/abc/", "/author/ann-lee/"])
def test_public_pages_refuse_posts(client, world, url):
    assert client.post(url, {"x": "<script>"}).status_code in (403, 404, 405)


def test_posts_without_a_csrf_token_change_nothing(world):
    user = SuperuserFactory(username="csrf")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = (Article.objects.count(), Author.objects.count())
    targets = {
        reverse("admin:articles_author_add"): {"name": "Forged", "slug": "forged"},
        reverse("admin:articles_article_changelist"): {
            "action": "delete_selected",
            "_selected_action": [world["article"].pk],
            "post": "yes",
        },
        reverse("admin:articles_article_delete", args=[world["article"].pk]): {"post": "yes"},
        reverse("admin:auth_user_add"): {"username": "forged", "password1": "x", "password2": "x"},
        reverse("admin:editorial_previewlink_add"): {"content_type": "1", "object_id": "1"},
        reverse("admin:logout"): {},
    }
    for url, data in targets.items():
        assert client.post(url, data).status_code == 403, url
    assert (Article.objects.count(), Author.objects.count()) == before
    assert not PreviewLink.objects.exists()


def test_the_login_form_refuses_a_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "<script>alert(1)</script>", "password": "x"},
        {"username": "x" * 10_000, "password": "y" * 10_000},
        {"username": "null\x00byte", "password": "x"},
        {"username": ["a", "b"], "password": "x"},
        {},
    ],
)
def test_the_login_form_survives_hostile_credentials(client, credentials):
    response = client.post(reverse("admin:login"), credentials)
    assert response.status_code in (200, 400, 403, 429)
    assert_harmless(response.content.decode(), "login")
