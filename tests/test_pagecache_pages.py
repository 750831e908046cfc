"""Pages, /corrections/ and the story so far never go stale in the page cache, and an
edit refreshes only what shows it."""

import json

import pytest
from django.urls import reverse

from articles.models import Article, ArticleUpdate, Tag
from editorial.roles import EDITOR
from pages.models import Page
from tests.briefing_factories import BriefingFactory
from tests.factories import ArticleFactory, ArticleUpdateFactory, PageFactory
from tests.forms import admin_form, change_url
from tests.test_pagecache import cached, get, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def about():
    return PageFactory(title="About us", slug="about", menu=Page.Menu.HEADER)


def edit(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save()


# Pages and their menus -------------------------------------------------------------------


def test_editing_a_pages_text_refreshes_it_and_leaves_other_pages_cached(client, about):
    ArticleFactory(title="Council story")
    assert "small newsroom" not in cached(client, "/about/")
    cached(client, "/")
    edit(about, body="<p>We are a small newsroom.</p>")
    assert "small newsroom" in html(client, "/about/")
    assert get(client, "/")[1] == "HIT"


def test_renaming_a_page_in_a_menu_refreshes_every_page_showing_the_menu(client, about):
    post = ArticleFactory(title="Council story")
    pages = ["/", post.get_absolute_url(), "/about/", "/corrections/"]
    for url in pages:
        assert "About us" in cached(client, url)
    edit(about, title="Who we are")
    for url in pages:
        shown = html(client, url)
        assert "Who we are" in shown and "About us" not in shown, url


def test_publishing_and_unpublishing_a_menu_page_shows_on_cached_pages(client):
    ArticleFactory()
    privacy = PageFactory(
        title="Privacy", slug="privacy", menu=Page.Menu.FOOTER, status=Page.Status.DRAFT
    )
    assert "/privacy/" not in cached(client, "/")
    edit(privacy, status=Page.Status.PUBLISHED)
    assert "/privacy/" in cached(client, "/")
    assert "Privacy" in cached(client, "/privacy/")
    edit(privacy, status=Page.Status.DRAFT)
    assert "/privacy/" not in html(client, "/")
    assert client.get("/privacy/").status_code == 404


def test_moving_a_page_to_another_menu_or_out_of_them_refreshes_the_menus(client, about):
    assert 'aria-label="Main"' in cached(client, "/corrections/")
    edit(about, menu=Page.Menu.FOOTER)
    shown = html(client, "/corrections/")
    footer = shown[shown.index('id="about-heading"') :]
    assert "/about/" in footer
    edit(about, menu=Page.Menu.NONE)
    assert "/about/" not in html(client, "/corrections/")


def test_reordering_the_menu_in_the_admin_refreshes_cached_pages(client, member, client_for):
    first = PageFactory(title="First", slug="first", menu=Page.Menu.HEADER, menu_order=1)
    second = PageFactory(title="Second", slug="second", menu=Page.Menu.HEADER, menu_order=2)
    shown = cached(client, "/corrections/")
    assert shown.index("/first/") < shown.index("/second/")
    editor = client_for(member(EDITOR, "ed"))
    editor.post(
        reverse("admin:pages_page_sortable_update"),
        json.dumps({"updatedItems": [[second.pk, 1], [first.pk, 2]]}),
        content_type="application/json",
    )
    shown = html(client, "/corrections/")
    assert shown.index("/second/") < shown.index("/first/")


def test_a_changed_slug_turns_the_cached_old_address_into_a_redirect(client, about):
    cached(client, "/about/")
    edit(about, slug="about-us")
    response = client.get("/about/")
    assert (response.status_code, response["Location"]) == (301, "/about-us/")
    assert "About us" in cached(client, "/about-us/")


def test_an_editors_admin_save_refreshes_the_cached_page(client, about, member, client_for):
    editor = client_for(member(EDITOR, "ed"))
    cached(client, "/about/")
    data = admin_form(editor, change_url(about))
    data["body"] = "<p>Written in the admin.</p>"
    assert editor.post(change_url(about), data).status_code == 302
    assert "Written in the admin." in html(client, "/about/")


def test_the_pages_sitemap_follows_new_and_unpublished_pages(client, site_origin):
    PageFactory(slug="about")
    assert f"{site_origin}/contact/" not in cached(client, "/sitemap-pages.xml")
    contact = PageFactory(slug="contact", status=Page.Status.DRAFT)
    edit(contact, status=Page.Status.PUBLISHED)
    assert f"{site_origin}/contact/" in html(client, "/sitemap-pages.xml")


# Corrections -----------------------------------------------------------------------------


@pytest.fixture
def corrected():
    post = ArticleFactory(title="Programme over budget", slug="over-budget")
    ArticleUpdateFactory(
        article=post, kind=ArticleUpdate.Kind.CORRECTION, note="The figure was £220m."
    )
    return post


CORRECTIONS_PAGES = ["/corrections/", "/corrections/feed/", "/corrections/feed/atom/"]


@pytest.mark.parametrize("url", CORRECTIONS_PAGES)
def test_a_new_correction_appears_on_the_cached_corrections_pages(client, corrected, url):
    other = ArticleFactory(title="Data centre tender")
    assert "Data centre tender" not in cached(client, url)
    ArticleUpdateFactory(article=other, kind=ArticleUpdate.Kind.CORRECTION, note="Wrong date.")
    assert "Data centre tender" in html(client, url)


@pytest.mark.parametrize("url", CORRECTIONS_PAGES)
def test_edited_removed_and_reclassified_corrections_follow(client, corrected, url):
    correction = corrected.updates.get()
    assert "£220m" in cached(client, url)
    correction.note = "The figure was £230m."
    correction.save()
    assert "£230m" in cached(client, url)
    correction.kind = ArticleUpdate.Kind.UPDATE
    correction.save()
    assert "Programme over budget" not in cached(client, url)
    correction.kind = ArticleUpdate.Kind.CORRECTION
    correction.save()
    assert "Programme over budget" in cached(client, url)
    correction.delete()
    assert "Programme over budget" not in html(client, url)


def test_a_plain_update_of_another_post_leaves_the_corrections_page_cached(client, corrected):
    other = ArticleFactory(title="Data centre tender")
    cached(client, "/corrections/")
    ArticleUpdateFactory(article=other, kind=ArticleUpdate.Kind.UPDATE)
    assert get(client, "/corrections/")[1] == "HIT"


def test_corrections_follow_their_posts_title_and_publication(client, corrected):
    assert "Programme over budget" in cached(client, "/corrections/")
    corrected.title = "Programme £220m over budget"
    corrected.save()
    assert "Programme £220m over budget" in cached(client, "/corrections/")
    corrected.status = Article.Status.DRAFT
    corrected.save()
    assert "over budget" not in cached(client, "/corrections/")
    corrected.status = Article.Status.PUBLISHED
    corrected.save()
    assert "over budget" in html(client, "/corrections/")


def test_corrected_posts_and_corrections_follow_the_policy_page(client, corrected):
    post_url = corrected.get_absolute_url()
    for url in ("/corrections/", post_url):
        assert "How we correct" not in cached(client, url)
    policy = PageFactory(title="Corrections policy", slug="corrections-policy")
    edit(policy, is_corrections_policy=True)
    for url in ("/corrections/", post_url):
        assert '<a href="/corrections-policy/">Corrections policy</a>' in html(client, url)


def test_a_correction_added_in_the_admin_shows_on_the_cached_post(client, corrected):
    shown = cached(client, corrected.get_absolute_url())
    assert "Wrong name" not in shown
    ArticleUpdateFactory(article=corrected, kind=ArticleUpdate.Kind.CORRECTION, note="Wrong name.")
    assert "Wrong name" in html(client, corrected.get_absolute_url())


# The story so far --------------------------------------------------------------------------


@pytest.fixture
def story():
    post = ArticleFactory(title="Pathfinder opens", tags=["Mutuals"])
    Tag.objects.filter(name="Mutuals").update(is_story=True)
    return post


def test_a_new_post_joins_the_cached_timeline(client, story):
    assert "Second chapter" not in cached(client, "/tag/mutuals/story/")
    ArticleFactory(title="Second chapter", tags=["Mutuals"])
    assert "Second chapter" in html(client, "/tag/mutuals/story/")


def test_a_retitled_post_is_retitled_on_the_cached_timeline(client, story):
    cached(client, "/tag/mutuals/story/")
    story.title = "Pathfinder opens its doors"
    story.save()
    assert "Pathfinder opens its doors" in html(client, "/tag/mutuals/story/")


def test_marking_and_unmarking_a_story_shows_on_cached_pages(client, story):
    tag = Tag.objects.get(name="Mutuals")
    assert "The story so far" in cached(client, "/tag/mutuals/")
    tag.is_story = False
    tag.save()
    assert "The story so far" not in cached(client, "/tag/mutuals/")
    assert client.get("/tag/mutuals/story/").status_code == 404
    tag.is_story = True
    tag.save()
    assert "The story so far" in html(client, "/tag/mutuals/")
    assert client.get("/tag/mutuals/story/").status_code == 200


def test_a_briefing_on_the_topic_appears_beside_the_cached_timeline(client, story):
    assert "The briefing" not in cached(client, "/tag/mutuals/story/")
    BriefingFactory(title="Mutuals Briefing", tags=["Mutuals"])
    shown = html(client, "/tag/mutuals/story/")
    assert "The briefing" in shown and "Mutuals Briefing" in shown
