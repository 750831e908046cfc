"""No lost updates: two people edit the same post; the second save is refused."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial.roles import EDITOR, JOURNALIST
from tests.factories import ArticleFactory
from tests.forms import admin_form, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(member, client_for):
    return client_for(member(EDITOR, "alice")), client_for(member(EDITOR, "bob"))


def test_the_second_of_two_overlapping_saves_gets_a_conflict_not_an_overwrite(two_editors):
    alice, bob = two_editors
    article = ArticleFactory(title="Original", body="<p>Original body.</p>")
    url = change_url(article)
    alices_form, bobs_form = admin_form(alice, url), admin_form(bob, url)

    alices_form["title"] = "Alice's headline"
    assert alice.post(url, alices_form).status_code == 302

    bobs_form["body"] = "<p>Bob's rewrite.</p>"
    response = bob.post(url, bobs_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "alice saved this article" in html
    assert "your changes have not been saved" in html
    assert f'href="{url}"' in html  # the newer version, one click away
    assert "Bob&#x27;s rewrite." in html or "Bob's rewrite." in html  # his edits are kept

    article.refresh_from_db()
    assert article.title == "Alice's headline"
    assert article.body == "<p>Original body.</p>"


def test_after_a_conflict_saving_again_deliberately_replaces_the_newer_version(two_editors):
    alice, bob = two_editors
    article = ArticleFactory(title="Original")
    url = change_url(article)
    alices_form, bobs_form = admin_form(alice, url), admin_form(bob, url)
    alices_form["title"] = "Alice's headline"
    alice.post(url, alices_form)
    bobs_form["title"] = "Bob's headline"
    conflict = bob.post(url, bobs_form)
    newer = conflict.context["adminform"].form.data["loaded_version"]
    bobs_second_try = dict(bobs_form, loaded_version=newer)
    assert bob.post(url, bobs_second_try).status_code == 302
    article.refresh_from_db()
    assert article.title == "Bob's headline"
    # Alice's version is not lost: it is in the history.
    from reversion.models import Version

    titles = [v.field_dict["title"] for v in Version.objects.get_for_object(article)]
    assert titles == ["Bob's headline", "Alice's headline"]


def test_a_bulk_publish_in_between_is_a_conflict_too(two_editors, member, client_for):
    alice, bob = two_editors
    draft = ArticleFactory(draft=True, title="Draft")
    url = change_url(draft)
    bobs_form = admin_form(bob, url)
    alice.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    bobs_form["title"] = "Bob's headline"
    assert bob.post(url, bobs_form).status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.title == "Draft"


def test_a_form_without_its_version_is_refused(two_editors):
    alice, _ = two_editors
    article = ArticleFactory(title="Original")
    data = admin_form(alice, change_url(article))
    del data["loaded_version"]
    data["title"] = "No version"
    assert alice.post(change_url(article), data).status_code == 200
    article.refresh_from_db()
    assert article.title == "Original"


def test_saving_twice_from_fresh_forms_is_no_conflict(member, client_for):
    user = member(JOURNALIST)
    client = client_for(user)
    article = ArticleFactory(authors=[user.author], title="One")
    for title in ("Two", "Three"):
        data = admin_form(client, change_url(article))
        data["title"] = title
        assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Three"
