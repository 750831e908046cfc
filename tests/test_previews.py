"""Preview links: signed, expiring, revocable; their pages are noindex and never cached."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial.models import TOKEN_SALT, PreviewLink
from editorial.roles import CONTRIBUTOR, EDITOR, JOURNALIST
from tests.factories import ArticleFactory
from tests.forms import admin_form

pytestmark = pytest.mark.django_db

ADD = reverse("admin:editorial_previewlink_add")


def add_url(article):
    content_type = ContentType.objects.get_for_model(Article)
    return f"{ADD}?content_type={content_type.pk}&object_id={article.pk}"


def create_link(client, article, **fields):
    data = admin_form(client, add_url(article))
    data.update(fields)
    response = client.post(add_url(article), data)
    return response


def make_link(article, user=None, days=7):
    return PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=article.pk,
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )


def assert_private_noindex(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("role", [CONTRIBUTOR, JOURNALIST])
def test_a_writer_shares_their_draft_with_a_reviewer_without_an_account(
    member, client_for, client, role
):
    user = member(role)
    writer = client_for(user)
    draft = ArticleFactory(authors=[user.author], draft=True, title="Embargoed scoop")
    change_page = writer.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert "Create a preview link" in change_page.content.decode()

    response = create_link(writer, draft, note="Press office", lifetime="7")
    assert response.status_code == 302
    link = PreviewLink.objects.get()
    assert link.created_by == user
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)
    shown = writer.get(response["Location"]).content.decode()
    assert link.get_absolute_url() in shown

    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    assert "Embargoed scoop" in page.content.decode()
    assert '<meta name="robots" content="noindex' in page.content.decode()
    assert_private_noindex(page)
    link.refresh_from_db()
    assert link.use_count == 1 and link.last_used_at is not None
    # The draft itself is still hidden at its own address.
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_link_keeps_its_address_and_old_addresses_still_open(client):
    link = make_link(ArticleFactory(draft=True, title="Embargoed scoop"))
    address = link.get_absolute_url()
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert PreviewLink.objects.get().get_absolute_url() == address
    # Addresses made before links were dated by their creation still open their draft.
    dated_now = reverse("editorial:preview", args=[signing.dumps(link.pk, salt=TOKEN_SALT)])
    for url in (address, dated_now):
        assert "Embargoed scoop" in client.get(url).content.decode()


def test_an_expired_link_stops_working(client):
    link = make_link(ArticleFactory(draft=True), days=7)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert_private_noindex(response)


def test_a_revoked_link_stops_working(member, client_for, client):
    user = member(JOURNALIST)
    link = make_link(ArticleFactory(authors=[user.author], draft=True), user=user)
    url = reverse("admin:editorial_previewlink_change", args=[link.pk])
    writer = client_for(user)
    writer.post(url, {**admin_form(writer, url), "_revoke": "Revoke this link"})
    link.refresh_from_db()
    assert link.is_revoked
    assert client.get(link.get_absolute_url()).status_code == 410


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps(1, salt="another-purpose"),
        signing.dumps("1", salt="editorial.preview-link"),
        "x" * 5000,
    ],
    # Signed tokens carry a timestamp: fixed ids keep test collection identical across
    # pytest-xdist workers.
    ids=["nonsense", "other-salt", "string-id", "overlong"],
)
def test_forged_or_malformed_tokens_find_nothing(client, token):
    make_link(ArticleFactory(draft=True))
    assert client.get(reverse("editorial:preview", args=[token])).status_code == 404


def test_a_tampered_token_finds_nothing(client):
    link = make_link(ArticleFactory(draft=True))
    token = link.token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("editorial:preview", args=[tampered])).status_code == 404


def test_a_link_to_a_post_published_since_goes_to_its_public_address(client):
    article = ArticleFactory(draft=True)
    link = make_link(article)
    article.status = Article.Status.PUBLISHED
    article.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_a_link_to_a_deleted_post_is_gone(client):
    article = ArticleFactory(draft=True)
    link = make_link(article)
    article.delete()
    assert client.get(link.get_absolute_url()).status_code == 410


def test_a_writer_cannot_make_a_link_to_a_colleagues_draft(member, client_for):
    writer = client_for(member(JOURNALIST))
    theirs = ArticleFactory(draft=True)
    response = create_link(writer, theirs, lifetime="7")
    assert response.status_code == 200
    assert "only share drafts you may edit" in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_a_published_post_needs_no_preview_link(member, client_for):
    editor = client_for(member(EDITOR))
    response = create_link(editor, ArticleFactory(), lifetime="7")
    assert response.status_code == 200
    assert "published already" in response.content.decode()


@pytest.mark.parametrize("lifetime", ["0", "365", "abc", ""])
def test_lifetimes_are_limited_to_the_offered_choices(member, client_for, lifetime):
    user = member(JOURNALIST)
    draft = ArticleFactory(authors=[user.author], draft=True)
    response = create_link(client_for(user), draft, lifetime=lifetime)
    assert response.status_code == 200
    assert not PreviewLink.objects.exists()


def test_writers_see_and_revoke_only_their_own_links(member, client_for):
    user, other = member(JOURNALIST), member(JOURNALIST, "other")
    mine = make_link(ArticleFactory(authors=[user.author], draft=True), user=user)
    theirs = make_link(ArticleFactory(authors=[other.author], draft=True), user=other)
    writer = client_for(user)
    changelist = reverse("admin:editorial_previewlink_changelist")
    assert list(writer.get(changelist).context["cl"].result_list) == [mine]
    writer.post(changelist, {"action": "revoke", "_selected_action": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_revoked and not theirs.is_revoked


def test_a_writer_opening_a_colleagues_link_is_told_it_is_theirs(member, client_for):
    user, other = member(JOURNALIST), member(JOURNALIST, "other")
    theirs = make_link(ArticleFactory(authors=[other.author], draft=True), user=other)
    url = reverse("admin:editorial_previewlink_change", args=[theirs.pk])
    response = client_for(user).get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:editorial_previewlink_changelist")
    assert [str(m) for m in response.context["messages"]] == [
        "This preview link exists, but you may not open it: it is someone else’s."
    ]


def test_editors_see_and_revoke_everyones_links(member, client_for):
    link = make_link(ArticleFactory(draft=True), user=member(JOURNALIST))
    editor = client_for(member(EDITOR))
    changelist = reverse("admin:editorial_previewlink_changelist")
    editor.post(changelist, {"action": "revoke", "_selected_action": [link.pk]})
    link.refresh_from_db()
    assert link.is_revoked


def test_pages_for_signed_in_users_are_never_stored_by_a_cache(admin_client, client):
    article = ArticleFactory()
    assert "private" in admin_client.get(article.get_absolute_url())["Cache-Control"]
    assert "no-store" in admin_client.get(article.get_absolute_url())["Cache-Control"]
    assert "private" not in client.get(article.get_absolute_url()).get("Cache-Control", "")
