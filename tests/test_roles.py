"""Roles: the groups exist after migrate, and the admin enforces them row by row.

Every forbidden action is tried by the role that must not do it, through the admin as
that user would (HTTP), and the database is checked afterwards.
"""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article, Author, Tag
from editorial.roles import CONTRIBUTOR, EDITOR, JOURNALIST, ROLES
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory, UserFactory
from tests.forms import admin_form, change_url

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


def own_article(user, **kwargs):
    return ArticleFactory(authors=[user.author], **kwargs)


# The groups ---------------------------------------------------------------------------


def test_migrate_creates_every_role_with_exactly_its_permissions():
    for role, wanted in ROLES.items():
        group = Group.objects.get(name=role)
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert held == wanted


def test_every_permission_named_in_a_role_exists():
    existing = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }
    for wanted in ROLES.values():
        assert wanted <= existing


def test_roles_are_nested_contributor_journalist_editor():
    assert ROLES[CONTRIBUTOR] < ROLES[JOURNALIST] < ROLES[EDITOR]
    assert "articles.publish_article" not in ROLES[CONTRIBUTOR]
    assert "articles.upload_image" not in ROLES[CONTRIBUTOR]
    assert "articles.change_others_article" not in ROLES[JOURNALIST]


# Putting people in roles ----------------------------------------------------------------


def test_set_role_command_makes_a_user_staff_with_one_role_and_links_an_author():
    user = UserFactory(username="sam")
    out = io.StringIO()
    call_command("set_role", "sam", "contributor", "--author", "Sam Field", stdout=out)
    call_command("set_role", "sam", "Journalist", stdout=out)
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [JOURNALIST]
    assert Author.objects.get(user=user).name == "Sam Field"
    assert "sam is now: Journalist" in out.getvalue()
    call_command("set_role", "sam", "none", stdout=out)
    assert not user.groups.exists()


def test_set_role_links_an_existing_author_by_slug():
    user = UserFactory(username="jo")
    author = AuthorFactory(name="Jo Marsh")
    call_command("set_role", "jo", "editor", "--author", author.slug, stdout=io.StringIO())
    author.refresh_from_db()
    assert author.user == user


@pytest.mark.parametrize(
    ("args", "message"),
    [(["nobody", "editor"], "No user named"), (["sam", "chief"], "Unknown role")],
)
def test_set_role_refuses_unknown_users_and_roles(args, message):
    UserFactory(username="sam")
    with pytest.raises(CommandError, match=message):
        call_command("set_role", *args, stdout=io.StringIO())


def test_set_role_refuses_an_author_linked_to_someone_else():
    UserFactory(username="sam")
    AuthorFactory(name="Taken", user=UserFactory(username="other"))
    with pytest.raises(CommandError, match="already linked"):
        call_command("set_role", "sam", "journalist", "--author", "Taken", stdout=io.StringIO())


def test_superuser_gives_a_role_with_the_user_admin_action(admin_client):
    user = UserFactory(username="newhire")
    admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_editor", "_selected_action": [user.pk]},
    )
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR]
    user.refresh_from_db()
    assert user.is_staff


@pytest.mark.parametrize("role", [CONTRIBUTOR, JOURNALIST, EDITOR])
def test_no_role_may_manage_users_or_roles(member, client_for, role):
    client = client_for(member(role))
    other = UserFactory(username="victim")
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_editor", "_selected_action": [other.pk]},
    )
    assert not other.groups.exists()
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


# Contributors -------------------------------------------------------------------------


def test_contributor_writes_a_draft_with_their_byline_filled_in(member, client_for):
    user = member(CONTRIBUTOR)
    client = client_for(user)
    data = admin_form(client, ADD)
    assert data["article_authors-0-author"] == str(user.author.pk)
    data.update(title="A draft of my own", slug="a-draft-of-my-own", status="draft")
    response = client.post(ADD, data)
    assert response.status_code == 302
    article = Article.objects.get(slug="a-draft-of-my-own")
    assert article.status == Article.Status.DRAFT
    assert article.byline_authors == [user.author]


def test_contributor_forging_published_on_a_new_post_gets_a_form_error(member, client_for):
    client = client_for(member(CONTRIBUTOR))
    data = admin_form(client, ADD)
    data.update(title="Sneaky", slug="sneaky", status="published")
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_contributor_forging_published_on_own_draft_is_refused(member, client_for):
    user = member(CONTRIBUTOR)
    draft = own_article(user, draft=True)
    client = client_for(user)
    data = admin_form(client, change_url(draft))
    data["status"] = "published"
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_contributor_cannot_publish_with_the_bulk_action(member, client_for):
    user = member(CONTRIBUTOR)
    draft = own_article(user, draft=True)
    client = client_for(user)
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "publish" not in dict(actions)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_contributor_cannot_change_own_post_once_published(member, client_for):
    user = member(CONTRIBUTOR)
    published = own_article(user, title="Live now")
    client = client_for(user)
    page = client.get(change_url(published))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False  # a read-only view
    data, _ = admin_form_from(page)
    data["title"] = "Changed"
    assert client.post(change_url(published), data).status_code == 403
    assert client.post(delete_url(published), {"post": "yes"}).status_code == 403
    published.refresh_from_db()
    assert published.title == "Live now"


def admin_form_from(page):
    from tests.forms import read_form

    return read_form(page.content)


def test_contributor_cannot_remove_themselves_from_the_byline(member, client_for):
    user = member(CONTRIBUTOR)
    draft = own_article(user, draft=True)
    colleague = AuthorFactory()
    client = client_for(user)
    data = admin_form(client, change_url(draft))
    data["article_authors-0-author"] = str(colleague.pk)
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert draft.byline_authors == [user.author]


def test_contributor_deletes_own_draft(member, client_for):
    user = member(CONTRIBUTOR)
    draft = own_article(user, draft=True)
    client_for(user).post(delete_url(draft), {"post": "yes"})
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_contributor_cannot_upload_images(member, client_for):
    client = client_for(member(CONTRIBUTOR))
    page = client.get(ADD)
    assert "featured_image" not in page.context["adminform"].form.fields
    assert b"filebrowserUploadUrl" not in page.content


# Contributors and journalists: other people's posts -----------------------------------


@pytest.fixture(params=[CONTRIBUTOR, JOURNALIST])
def writer(request, member):
    return member(request.param)


def test_writer_sees_only_own_posts_in_the_list(writer, client_for):
    mine = own_article(writer, title="Mine")
    ArticleFactory(title="A colleague's", draft=True)
    listed = list(client_for(writer).get(CHANGELIST).context["cl"].result_list)
    assert listed == [mine]


def warnings_after(client, url):
    """Open `url`; return where it led and the messages shown there."""
    response = client.get(url, follow=True)
    return response.redirect_chain[-1][0], [str(m) for m in response.context["messages"]]


def test_writer_opening_a_colleagues_draft_is_told_it_is_theirs_and_not_its_title(
    writer, client_for
):
    theirs = ArticleFactory(draft=True, title="Secret merger plans")
    client = client_for(writer)
    assert warnings_after(client, change_url(theirs)) == (
        CHANGELIST,
        ["This article exists, but you may not open it: it is someone else’s, and not published."],
    )
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_writer_opening_a_colleagues_published_post_is_told_they_may_not_edit_it(
    writer, client_for
):
    theirs = ArticleFactory(title="Council signs the deal")
    landed, messages = warnings_after(client_for(writer), change_url(theirs))
    assert landed == CHANGELIST
    assert messages == [
        "You may not edit “Council signs the deal”: it is someone else’s article. "
        f'<a href="{theirs.get_absolute_url()}">Read it on the site</a>.'
    ]


def test_a_post_that_does_not_exist_is_still_said_not_to_exist(writer, client_for):
    for missing in ["987654", "not-a-number"]:
        url = reverse("admin:articles_article_change", args=[missing])
        _landed, messages = warnings_after(client_for(writer), url)
        assert messages == [f"article with ID “{missing}” doesn’t exist. Perhaps it was deleted?"]


def test_writer_cannot_change_a_colleagues_post_with_a_forged_post(
    writer, client_for, admin_client
):
    theirs = ArticleFactory(title="Theirs")
    data = admin_form(admin_client, change_url(theirs))
    data["title"] = "Vandalised"
    client_for(writer).post(change_url(theirs), data)
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_writer_cannot_delete_a_colleagues_post(writer, client_for):
    theirs = ArticleFactory()
    client = client_for(writer)
    client.post(delete_url(theirs), {"post": "yes"})
    client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"}
    )
    assert Article.objects.filter(pk=theirs.pk).exists()


def test_writer_bulk_actions_skip_colleagues_posts(writer, client_for):
    mine = own_article(writer, draft=True)
    theirs = ArticleFactory()
    client = client_for(writer)
    response = client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"},
        follow=True,
    )
    assert Article.objects.filter(pk=theirs.pk).exists()
    assert not Article.objects.filter(pk=mine.pk).exists()
    assert "left alone" in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_tag_add",
        "admin:articles_author_add",
        "admin:redirects_redirect_add",
        "admin:articles_article_recoverlist",
    ],
)
def test_writer_cannot_manage_tags_authors_redirects_or_recover(writer, client_for, url_name):
    assert client_for(writer).get(reverse(url_name)).status_code == 403


def test_writer_cannot_rename_a_tag(writer, client_for):
    tag = Tag.objects.create(name="NHS")
    url = reverse("admin:articles_tag_change", args=[tag.pk])
    response = client_for(writer).post(url, {"name": "Renamed", "slug": "renamed"})
    assert response.status_code == 403
    tag.refresh_from_db()
    assert tag.name == "NHS"


def test_related_link_suggestions_offer_live_posts_and_own_drafts_only(writer, client_for):
    mine = own_article(writer, draft=True, title="Council IT mine")
    live = ArticleFactory(title="Council IT live")
    ArticleFactory(draft=True, title="Council IT colleague draft")
    response = client_for(writer).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "relatedlink",
            "field_name": "related",
            "term": "Council IT",
        },
    )
    found = {int(result["id"]) for result in response.json()["results"]}
    assert found == {mine.pk, live.pk}


# Journalists --------------------------------------------------------------------------


def test_journalist_publishes_and_schedules_own_posts(member, client_for):
    user = member(JOURNALIST)
    client = client_for(user)
    data = admin_form(client, ADD)
    data.update(title="Scoop", slug="scoop", status="published")
    data.update({"publish_at_0": "2099-01-01", "publish_at_1": "09:00:00"})
    assert client.post(ADD, data).status_code == 302
    assert Article.objects.get(slug="scoop").is_scheduled
    draft = own_article(user, draft=True)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published


def test_journalist_bulk_publish_leaves_colleagues_drafts_alone(member, client_for):
    user = member(JOURNALIST)
    mine, theirs = own_article(user, draft=True), ArticleFactory(draft=True)
    selected = [mine.pk, theirs.pk]
    client_for(user).post(CHANGELIST, {"action": "publish", "_selected_action": selected})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_published
    assert theirs.status == Article.Status.DRAFT


# Editors ------------------------------------------------------------------------------


def test_editor_edits_and_publishes_anyones_post(member, client_for):
    editor = member(EDITOR)
    draft = ArticleFactory(draft=True, title="By a colleague")
    client = client_for(editor)
    data = admin_form(client, change_url(draft))
    data.update(title="Edited by the editor", status="published")
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Edited by the editor"
    assert draft.is_published
    assert draft.byline_authors != [editor.author]  # the byline is not taken over


def test_editor_manages_tags_and_authors(member, client_for):
    client = client_for(member(EDITOR))
    response = client.post(
        reverse("admin:articles_author_add"), {"name": "New Voice", "slug": "new-voice", "bio": ""}
    )
    assert response.status_code == 302
    assert Author.objects.filter(slug="new-voice").exists()
    tag = Tag.objects.create(name="nhs")
    url = reverse("admin:articles_tag_change", args=[tag.pk])
    assert client.post(url, {"name": "NHS", "slug": "nhs", "description": ""}).status_code == 302
    tag.refresh_from_db()
    assert tag.name == "NHS"


def test_staff_without_a_role_can_do_nothing_in_the_admin(client_for):
    client = client_for(StaffFactory(username="norole"))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403
