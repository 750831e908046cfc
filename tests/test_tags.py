"""Tag housekeeping: rename and merge keep every post's tags and every old address."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Tag, TaggedArticle
from editorial.roles import EDITOR
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_tag_changelist")


@pytest.fixture
def editor_client(member, client_for):
    return client_for(member(EDITOR))


def tag_names(article):
    return sorted(Article.objects.get(pk=article.pk).tags.names())


def stored_tag_names(post):
    post.refresh_from_db(fields=["tag_names"])
    return [name for name, _slug, _pk in post.tag_names]


def test_tags_added_together_refresh_their_post_once_and_a_tagging_alone_still_does():
    post = ArticleFactory()
    names = ["NHS", "Mutuals", "Cuts", "Councils", "Shared services"]
    with CaptureQueriesContext(connection) as queries:
        post.tags.add(*names)
    refreshes = [query for query in queries if "SET tag_names" in query["sql"]]
    assert len(refreshes) == 1, refreshes
    assert stored_tag_names(post) == sorted(names)
    # A row saved on its own (an import, a script) is not part of an add(): it refreshes.
    TaggedArticle.objects.create(content_object=post, tag=Tag.objects.create(name="Zeta"))
    assert stored_tag_names(post) == [*sorted(names), "Zeta"]


def test_editor_renames_a_tag_and_its_old_address_redirects(editor_client, client):
    article = ArticleFactory(tags=["Mutals"])
    tag = Tag.objects.get(name="Mutals")
    old_url = tag.get_absolute_url()
    response = editor_client.post(
        reverse("admin:articles_tag_change", args=[tag.pk]),
        {"name": "Mutuals", "slug": "mutuals", "description": ""},
    )
    assert response.status_code == 302
    assert tag_names(article) == ["Mutuals"]
    redirect = client.get(old_url)
    assert redirect.status_code == 301
    assert redirect["Location"] == "/tag/mutuals/"


def test_renaming_onto_an_existing_tag_suggests_a_merge(editor_client):
    Tag.objects.create(name="NHS")
    duplicate = Tag.objects.create(name="N.H.S")
    response = editor_client.post(
        reverse("admin:articles_tag_change", args=[duplicate.pk]),
        {"name": "nhs", "slug": "nhs-2", "description": ""},
    )
    assert response.status_code == 200
    assert "Merge selected tags" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.name == "N.H.S"


def test_editor_merges_duplicate_tags_with_the_admin_action(editor_client, client):
    both = ArticleFactory(tags=["NHS", "N.H.S"])
    only_duplicate = ArticleFactory(tags=["N.H.S"])
    keep, duplicate = Tag.objects.get(name="NHS"), Tag.objects.get(name="N.H.S")
    duplicate.description = "Health service stories."
    duplicate.save()
    old_url = duplicate.get_absolute_url()
    selected = {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]}

    confirm = editor_client.post(CHANGELIST, selected)
    assert confirm.status_code == 200
    assert "Keep this tag" in confirm.content.decode()
    assert Tag.objects.count() == 2  # nothing merged before the choice is confirmed

    done = editor_client.post(CHANGELIST, {**selected, "merge_into": keep.pk}, follow=True)
    assert "Merged 1 tag(s) into" in done.content.decode()
    assert list(Tag.objects.values_list("name", flat=True)) == ["NHS"]
    assert tag_names(both) == ["NHS"]
    assert tag_names(only_duplicate) == ["NHS"]
    keep.refresh_from_db()
    assert keep.description == "Health service stories."
    assert client.get(old_url)["Location"] == keep.get_absolute_url()
    # Anything below the old address (its feed, its later pages) follows too.
    assert client.get(old_url + "feed/")["Location"] == keep.get_absolute_url() + "feed/"


def test_merging_one_tag_is_refused(editor_client):
    tag = Tag.objects.create(name="Alone")
    response = editor_client.post(
        CHANGELIST, {"action": "merge", "_selected_action": [tag.pk]}, follow=True
    )
    assert "Select at least two tags" in response.content.decode()


def test_merge_with_a_bogus_target_changes_nothing(editor_client):
    a, b, other = (Tag.objects.create(name=n) for n in ("A", "B", "Other"))
    response = editor_client.post(
        CHANGELIST, {"action": "merge", "_selected_action": [a.pk, b.pk], "merge_into": other.pk}
    )
    assert response.status_code == 200
    assert Tag.objects.count() == 3


def test_rename_tag_command_renames_and_redirects(client):
    article = ArticleFactory(tags=["Outsorcing"])
    out = io.StringIO()
    call_command("rename_tag", "outsorcing", "Outsourcing", stdout=out)
    assert tag_names(article) == ["Outsourcing"]
    assert "/tag/outsorcing/ now redirects there" in out.getvalue()
    assert client.get("/tag/outsorcing/")["Location"] == "/tag/outsourcing/"


def test_rename_tag_command_can_keep_the_slug():
    ArticleFactory(tags=["Govt IT"])
    call_command("rename_tag", "govt-it", "Government IT", "--keep-slug", stdout=io.StringIO())
    assert Tag.objects.get(slug="govt-it").name == "Government IT"


def test_rename_tag_command_refuses_a_clash_and_unknown_tags():
    Tag.objects.create(name="NHS")
    Tag.objects.create(name="Health")
    with pytest.raises(CommandError, match="merge the two instead"):
        call_command("rename_tag", "health", "nhs", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No tag"):
        call_command("rename_tag", "missing", "Anything", stdout=io.StringIO())


def test_merge_tags_command_merges_several_into_one(client):
    article = ArticleFactory(tags=["Gov IT", "Government it", "Govt IT"])
    call_command("merge_tags", "gov-it", "Government it", "--into", "Govt IT", stdout=io.StringIO())
    assert tag_names(article) == ["Govt IT"]
    assert client.get("/tag/gov-it/")["Location"] == "/tag/govt-it/"


def test_merge_tags_command_refuses_merging_a_tag_into_itself():
    Tag.objects.create(name="NHS")
    with pytest.raises(CommandError, match="into itself"):
        call_command("merge_tags", "nhs", "--into", "NHS", stdout=io.StringIO())
