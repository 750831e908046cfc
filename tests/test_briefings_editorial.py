"""Briefings under the newsroom rules: editors only, revisions with sections and
entries, preview links for drafts, no lost updates, hostile input."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from briefings.models import Briefing, Entry
from editorial.models import PreviewLink
from editorial.roles import CONTRIBUTOR, EDITOR, JOURNALIST
from tests.briefing_factories import (
    ArticleEntryFactory,
    BriefingFactory,
    ExternalEntryFactory,
    SectionFactory,
)
from tests.factories import ArticleFactory, AuthorFactory
from tests.forms import admin_form, change_url

pytestmark = pytest.mark.django_db


def save(client, briefing, **changes):
    data = admin_form(client, change_url(briefing))
    data.update(changes)
    response = client.post(change_url(briefing), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    briefing.refresh_from_db()


@pytest.fixture
def editor_client(member, client_for):
    return client_for(member(EDITOR))


@pytest.fixture
def briefing():
    briefing = BriefingFactory(title="Mutuals Briefing", tags=["Mutuals"])
    section = SectionFactory(briefing=briefing, title="Reading list")
    ExternalEntryFactory(section=section, title="Pathfinder progress report")
    return briefing


@pytest.mark.parametrize("role", [CONTRIBUTOR, JOURNALIST])
def test_only_editors_curate_briefings(member, client_for, briefing, role):
    client = client_for(member(role))
    assert client.get(reverse("admin:briefings_briefing_changelist")).status_code == 403
    assert client.get(reverse("admin:briefings_briefing_add")).status_code == 403
    assert client.post(change_url(briefing), {"title": "Taken over"}).status_code == 403
    briefing.refresh_from_db()
    assert briefing.title == "Mutuals Briefing"


def test_editors_curate_briefings(editor_client, briefing):
    save(editor_client, briefing, title="Mutuals Briefing (2026)")
    assert briefing.title == "Mutuals Briefing (2026)"


def test_a_briefing_revision_holds_its_sections_entries_and_tags(editor_client, briefing):
    save(editor_client, briefing, title="Mutuals Briefing")
    [version] = Version.objects.get_for_object(briefing)
    stored = {v.content_type.model for v in version.revision.version_set.all()}
    assert stored == {"briefing", "section", "entry", "taggedbriefing"}


def test_restoring_a_briefing_brings_back_a_removed_entry(editor_client, briefing):
    save(editor_client, briefing, title="Mutuals Briefing")
    old = Version.objects.get_for_object(briefing).first()
    save(editor_client, briefing, **{"sections-0-entries-0-DELETE": "on"})
    assert not Entry.objects.filter(section__briefing=briefing).exists()
    url = reverse("admin:briefings_briefing_revision", args=[briefing.pk, old.pk])
    assert editor_client.post(url, admin_form(editor_client, url)).status_code == 302
    titles = list(Entry.objects.filter(section__briefing=briefing).values_list("title", flat=True))
    assert titles == ["Pathfinder progress report"]


def test_restoring_a_briefing_does_not_bring_back_a_post_unpublished_since(editor_client, briefing):
    # The revision stored the entry while its post was public; the post is a draft now.
    post = ArticleFactory(title="Withdrawn story")
    ArticleEntryFactory(section=briefing.sections.get(), article=post)
    save(editor_client, briefing, title="Mutuals Briefing")
    old = Version.objects.get_for_object(briefing).first()
    post.status = Article.Status.DRAFT
    post.save()
    url = reverse("admin:briefings_briefing_revision", args=[briefing.pk, old.pk])
    assert editor_client.post(url, admin_form(editor_client, url)).status_code == 302
    assert Entry.objects.filter(article=post).exists()
    reader_sees = Client().get(briefing.get_absolute_url()).content.decode()
    assert "Withdrawn story" not in reader_sees


def test_a_deleted_briefing_is_recovered_with_its_sections(editor_client, briefing):
    save(editor_client, briefing, title="Mutuals Briefing")
    pk = briefing.pk
    editor_client.post(reverse("admin:briefings_briefing_delete", args=[pk]), {"post": "yes"})
    [deleted] = Version.objects.get_deleted(Briefing)
    url = reverse("admin:briefings_briefing_recover", args=[deleted.pk])
    assert editor_client.post(url, admin_form(editor_client, url)).status_code == 302
    assert Briefing.objects.get(pk=pk).sections.get().entries.count() == 1


def test_an_old_revision_survives_its_curator_being_deleted(editor_client, briefing):
    curator = AuthorFactory(name="Gone Soon")
    briefing.curators.add(curator)
    save(editor_client, briefing, title="Mutuals Briefing")
    old = Version.objects.get_for_object(briefing).first()
    curator.delete()
    url = reverse("admin:briefings_briefing_revision", args=[briefing.pk, old.pk])
    assert editor_client.post(url, admin_form(editor_client, url)).status_code == 302
    assert not briefing.curators.exists()


def test_two_editors_saving_one_briefing_get_a_conflict(member, client_for, briefing):
    alice, bob = client_for(member(EDITOR, "alice")), client_for(member(EDITOR, "bob"))
    url = change_url(briefing)
    alices, bobs = admin_form(alice, url), admin_form(bob, url)
    alices["sections-0-entries-0-title"] = "Alice's title"
    assert alice.post(url, alices).status_code == 302
    bobs["title"] = "Bob's briefing"
    response = bob.post(url, bobs)
    assert response.status_code == 200
    assert "alice saved this briefing" in response.content.decode()
    briefing.refresh_from_db()
    assert briefing.title == "Mutuals Briefing"
    assert Entry.objects.get().title == "Alice's title"


def test_a_draft_briefing_is_shared_with_a_preview_link(editor_client, client, briefing):
    briefing.status = Briefing.Status.DRAFT
    briefing.save()
    assert client.get(briefing.get_absolute_url()).status_code == 404
    content_type = ContentType.objects.get_for_model(Briefing)
    add = reverse("admin:editorial_previewlink_add")
    add += f"?content_type={content_type.pk}&object_id={briefing.pk}"
    assert "Create a preview link" in editor_client.get(change_url(briefing)).content.decode()
    editor_client.post(add, {**admin_form(editor_client, add), "lifetime": "3"})
    link = PreviewLink.objects.get()
    assert link.target == briefing
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    assert "Pathfinder progress report" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(link.get_absolute_url()).status_code == 410


def test_merging_tags_keeps_briefings_topic_tags(editor_client, briefing):
    from articles.models import Tag
    from articles.tags import merge_tags

    duplicate = Tag.objects.get(name="Mutuals")
    keep = Tag.objects.create(name="Public service mutuals")
    merge_tags([duplicate], keep)
    assert list(Briefing.objects.get(pk=briefing.pk).tags.names()) == ["Public service mutuals"]
