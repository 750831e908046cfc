"""Autosave: a private copy of the article form, kept while someone types, offered back
("Restore the unsaved version from 10:42?") when the post is opened again.

The endpoint is tried by its owner, by other staff, by strangers and with bad input;
the offer, the restore, the discard and the clean-up on save through the admin pages.
The browser's part (typing, waiting, reloading) is in tests/browser/test_writing_desk.py.
"""

import json
import uuid
from urllib.parse import urlencode

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from reversion.models import Version

from articles.models import Article
from campaign4change.pagecache.models import Invalidation
from editorial.models import Autosave
from editorial.roles import EDITOR, JOURNALIST
from tests.factories import ArticleFactory, UserFactory
from tests.forms import admin_form, change_url

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
NEW_AUTOSAVE = reverse("admin:articles_article_autosave_new")
MARKER = "Zanzibar procurement scoop"


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def typed(**fields):
    return {
        "title": "Typed headline",
        "standfirst": "Typed standfirst.",
        "body": f"<p>{MARKER}: typed, not saved.</p>",
        "tags": "Mutuals, NHS",
        **fields,
    }


@pytest.fixture
def journalist(member):
    return member(JOURNALIST, "jo")


@pytest.fixture
def jo(journalist, client_for):
    return client_for(journalist)


@pytest.fixture
def own_post(journalist):
    return ArticleFactory(
        title="Saved headline", body="<p>Saved body.</p>", authors=[journalist.author]
    )


def test_an_autosave_keeps_a_private_copy_and_changes_nothing_else(jo, journalist, own_post):
    updated_at = own_post.updated_at
    invalidations = Invalidation.objects.count()

    response = jo.post(autosave_url(own_post), typed())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"saved_at", "saved_at_text"}
    copy = Autosave.objects.get()
    assert (copy.user, copy.object_id, copy.draft_key) == (journalist, own_post.pk, "")
    assert copy.fields == typed()
    own_post.refresh_from_db()
    assert (own_post.title, own_post.updated_at) == ("Saved headline", updated_at)
    assert not Version.objects.exists()
    assert not LogEntry.objects.exists()
    assert Invalidation.objects.count() == invalidations
    # Never stored by a cache on the way.
    assert "no-store" in response["Cache-Control"]


def test_autosaving_again_writes_over_the_same_copy(jo, own_post):
    jo.post(autosave_url(own_post), typed(title="First try"))
    jo.post(autosave_url(own_post), typed(title="Second try"))
    assert Autosave.objects.get().fields["title"] == "Second try"


def test_only_the_fields_that_are_autosaved_are_kept(jo, own_post):
    jo.post(autosave_url(own_post), {**typed(), "status": "published", "slug": "x"})
    assert set(Autosave.objects.get().fields) == {"title", "standfirst", "body", "tags"}


def test_an_autosave_of_someone_elses_post_is_refused(member, client_for, own_post):
    colleague = client_for(member(JOURNALIST, "sam"))
    response = colleague.post(autosave_url(own_post), typed())
    assert response.status_code == 403
    assert "error" in response.json()
    assert not Autosave.objects.exists()


def test_an_autosave_needs_a_signed_in_staff_member(own_post):
    anonymous = Client()
    assert anonymous.post(autosave_url(own_post), typed()).status_code == 302
    reader = Client()
    reader.force_login(UserFactory(username="reader"))
    assert reader.post(autosave_url(own_post), typed()).status_code == 302
    assert not Autosave.objects.exists()


def test_an_autosave_is_only_ever_posted(jo, own_post):
    response = jo.get(autosave_url(own_post))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert not Autosave.objects.exists()


def test_an_autosave_without_the_csrf_token_is_refused(journalist, own_post):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(journalist)
    assert browser.post(autosave_url(own_post), typed()).status_code == 403
    assert not Autosave.objects.exists()


def test_an_autosave_too_large_to_keep_is_refused(jo, own_post, settings):
    settings.AUTOSAVE_MAX_BYTES = 2000
    response = jo.post(autosave_url(own_post), typed(body="<p>" + "word " * 1000 + "</p>"))
    assert response.status_code == 413
    assert "save the form" in response.json()["error"]
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "url, data",
    [
        (NEW_AUTOSAVE, typed()),  # no key
        (NEW_AUTOSAVE, typed(draft_key="../../etc")),
        (NEW_AUTOSAVE, {"draft_key": uuid.uuid4().hex}),  # nothing to keep
        (reverse("admin:articles_article_autosave", args=["abc"]), typed()),
        (reverse("admin:articles_article_autosave", args=[987654]), typed()),
    ],
)
def test_autosaves_of_nothing_in_particular_are_refused_plainly(jo, url, data):
    response = jo.post(url, data)
    assert response.status_code in (400, 403)
    assert response.json()["error"]
    assert not Autosave.objects.exists()


# Offered back ---------------------------------------------------------------------------


def test_opening_the_post_again_offers_the_unsaved_version_with_a_comparison(jo, own_post):
    jo.post(autosave_url(own_post), typed(title="Better headline"))
    html = jo.get(change_url(own_post)).content.decode()
    assert "Restore the unsaved version from" in html
    # The comparison: what the copy would change, field by field.
    assert "Saved headline" in html and "Better headline" in html
    assert "<del>" in html and "<ins>" in html
    # The form itself still shows what is saved until the writer chooses.
    form, _ = admin_form(jo, change_url(own_post)), None
    assert form["title"] == "Saved headline"


def test_restoring_opens_the_form_with_the_unsaved_version(jo, own_post):
    jo.post(autosave_url(own_post), typed(title="Better headline"))
    copy = Autosave.objects.get()
    url = f"{change_url(own_post)}?restore-autosave={copy.pk}"
    form = admin_form(jo, url)
    assert form["title"] == "Better headline"
    assert MARKER in form["body"]
    response = jo.get(url)
    assert "Restored your unsaved version from" in response.content.decode()
    # Nothing is saved by restoring.
    own_post.refresh_from_db()
    assert own_post.title == "Saved headline"


def test_a_post_saved_after_restoring_is_saved_and_its_copy_discarded(jo, own_post):
    jo.post(autosave_url(own_post), typed(title="Better headline"))
    url = f"{change_url(own_post)}?restore-autosave={Autosave.objects.get().pk}"
    response = jo.post(url, admin_form(jo, url))
    assert response.status_code == 302
    own_post.refresh_from_db()
    assert own_post.title == "Better headline"
    assert not Autosave.objects.exists()


def test_declining_discards_the_unsaved_version(jo, own_post):
    jo.post(autosave_url(own_post), typed())
    copy = Autosave.objects.get()
    discard = reverse("admin:articles_article_autosave_discard", args=[copy.pk])
    response = jo.post(discard)
    assert response.status_code == 302
    assert response["Location"] == change_url(own_post)
    assert not Autosave.objects.exists()
    assert "Restore the unsaved version" not in jo.get(change_url(own_post)).content.decode()


def test_nobody_else_sees_or_discards_an_autosave(member, client_for, jo, own_post):
    jo.post(autosave_url(own_post), typed(title="Better headline"))
    copy = Autosave.objects.get()
    editor = client_for(member(EDITOR, "ed"))
    html = editor.get(change_url(own_post)).content.decode()
    assert "Restore the unsaved version" not in html and "Better headline" not in html
    restored = admin_form(editor, f"{change_url(own_post)}?restore-autosave={copy.pk}")
    assert restored["title"] == "Saved headline"
    editor.post(reverse("admin:articles_article_autosave_discard", args=[copy.pk]))
    assert Autosave.objects.filter(pk=copy.pk).exists()


def test_a_copy_that_matches_the_saved_post_is_not_offered(jo, own_post):
    saved = {
        "title": own_post.title,
        "standfirst": own_post.standfirst,
        "body": "<p>Saved body.</p>\n",  # as the editor writes it: same text
        "tags": "",
    }
    jo.post(autosave_url(own_post), saved)
    assert "Restore the unsaved version" not in jo.get(change_url(own_post)).content.decode()
    assert not Autosave.objects.exists()


def test_saving_the_post_discards_its_autosave(jo, own_post):
    jo.post(autosave_url(own_post), typed())
    form = admin_form(jo, change_url(own_post))
    form["title"] = "Saved again"
    assert jo.post(change_url(own_post), form).status_code == 302
    assert not Autosave.objects.exists()


# New posts ------------------------------------------------------------------------------


def test_a_new_posts_autosave_is_found_again_on_the_add_page(jo, journalist):
    key = admin_form(jo, ADD)["autosave_key"]
    assert len(key) == 32
    jo.post(NEW_AUTOSAVE, typed(draft_key=key, title="A scoop in the making"))

    html = jo.get(ADD).content.decode()
    assert "Restore the unsaved version from" in html
    assert "“A scoop in the making”" in html
    copy = Autosave.objects.get()
    assert (copy.object_id, copy.draft_key) == (None, key)

    form = admin_form(jo, f"{ADD}?restore-autosave={copy.pk}")
    assert form["title"] == "A scoop in the making"
    # The restored form carries the copy's key: later autosaves and the save find it.
    assert form["autosave_key"] == key


def test_two_new_posts_keep_two_copies(jo):
    for title in ("First idea", "Second idea"):
        jo.post(NEW_AUTOSAVE, typed(draft_key=uuid.uuid4().hex, title=title))
    assert Autosave.objects.count() == 2
    html = jo.get(ADD).content.decode()
    assert "First idea" in html and "Second idea" in html


def test_saving_a_new_post_discards_the_autosave_of_its_form(jo, journalist):
    form = admin_form(jo, ADD)
    jo.post(NEW_AUTOSAVE, typed(draft_key=form["autosave_key"]))
    other = uuid.uuid4().hex
    jo.post(NEW_AUTOSAVE, typed(draft_key=other, title="Another idea"))
    form.update(title="Now saved", slug="now-saved", body="<p>Done.</p>")
    assert jo.post(ADD, form).status_code == 302
    assert Article.objects.filter(title="Now saved").exists()
    assert list(Autosave.objects.values_list("draft_key", flat=True)) == [other]


# Never public ---------------------------------------------------------------------------


def test_an_autosave_never_reaches_the_public_site_or_its_feeds(client, jo, own_post):
    jo.post(autosave_url(own_post), typed())
    for url in [
        own_post.get_absolute_url(),
        reverse("articles:home"),
        reverse("articles:feed"),
        reverse("articles:feed_atom"),
        reverse("articles:search") + "?q=Zanzibar",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in response.content.decode(), url


# What it costs ----------------------------------------------------------------------------


def test_what_an_autosave_costs(jo, own_post, django_assert_max_num_queries):
    """Measured for the closing note: queries and bytes of one autosave of a post of
    about 1,000 words, by a journalist (the costliest role to check)."""
    sentence = "The council reviewed all its outsourcing contracts again this year. "
    body = "\n".join(f"<p>{sentence * 5}</p>" for _ in range(20))
    data = typed(body=body)
    # What the browser sends (form-encoded, with its CSRF token and the form's key).
    sent = len(urlencode({"csrfmiddlewaretoken": "x" * 64, **data}))
    jo.post(autosave_url(own_post), data)  # the first one creates the row
    with django_assert_max_num_queries(7) as queries:
        response = jo.post(autosave_url(own_post), data)
    assert response.status_code == 200
    # session, user, the post, the user's permissions (2), ownership, the UPDATE
    assert len(queries) == 7
    assert len(strip_tags(body).split()) == 1000
    assert 6_500 < len(body) < sent < 8_000  # bytes sent: about the text itself (7 KB)
    assert len(response.content) < 100  # bytes received
    stored = len(json.dumps(Autosave.objects.get().fields))
    assert stored < sent  # bytes kept: one row, written over
