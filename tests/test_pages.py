"""Pages (About, Contact, Corrections policy...): top-level addresses, menus, the
sitemap, editors only, revisions, previews, links that never break, the demo's pages."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from editorial.models import PreviewLink
from editorial.roles import CONTRIBUTOR, EDITOR, JOURNALIST
from pages.models import Page
from pages.reserved import clashes
from tests.factories import ArticleFactory, PageFactory
from tests.forms import admin_form, change_url
from tests.test_seo import json_ld, meta
from tests.test_sitemap import entries

pytestmark = pytest.mark.django_db

ADD = reverse("admin:pages_page_add")
LIST = reverse("admin:pages_page_changelist")
REORDER = reverse("admin:pages_page_sortable_update")


@pytest.fixture
def editor(member):
    return member(EDITOR, "ed")


@pytest.fixture
def editor_client(editor, client_for):
    return client_for(editor)


def nav_links(html, label):
    """[(text, href)] of the links in the <nav> whose aria-label or heading is `label`."""
    import re

    start = html.index(label)
    block = html[start : html.index("</nav>", start)]
    return [(text, href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block)]


# What readers see -----------------------------------------------------------------------


def test_a_published_page_is_at_its_top_level_address_with_its_meta(client, site_origin):
    PageFactory(
        title="About us",
        slug="about",
        body="<p>We are a small newsroom.</p><script>alert(1)</script><p>Hello.</p>",
    )
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="post-title">About us</h1>' in html
    assert "We are a small newsroom." in html and "<script>alert" not in html
    assert f'<link rel="canonical" href="{site_origin}/about/">' in html
    assert meta(html, "og:title") == "About us"
    assert meta(html, "description") == "We are a small newsroom. Hello."
    assert "noindex" not in html
    crumbs = json_ld(html)["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in crumbs] == ["Home", "About us"]


def test_the_body_is_sanitised_whatever_saves_it():
    page = Page.objects.create(
        title="Contact",
        slug="contact",
        body='<p onclick="x()">Write <a href="javascript:alert(1)">to us</a></p><iframe></iframe>',
    )
    assert page.body == '<p>Write <a rel="noopener noreferrer">to us</a></p>'


def test_a_draft_is_a_404_for_readers_and_a_noindex_preview_for_editors(
    client, editor_client, member, client_for
):
    PageFactory(title="Privacy", slug="privacy", status=Page.Status.DRAFT)
    assert client.get("/privacy/").status_code == 404
    preview = editor_client.get("/privacy/").content.decode()
    assert '<meta name="robots" content="noindex">' in preview
    assert "Preview: this page is a draft" in preview
    # Staff without the pages' permissions read what readers read.
    journalist = client_for(member(JOURNALIST, "jo"))
    assert journalist.get("/privacy/").status_code == 404


def test_an_unknown_address_is_still_a_404(client):
    assert client.get("/no-such-page/").status_code == 404


def test_a_page_never_shadows_the_sites_own_addresses(client):
    # Written past the form's check (a shell, old data): the site's pages still win.
    Page.objects.create(title="Feed", slug="feed", status=Page.Status.PUBLISHED)
    Page.objects.create(title="Year", slug="2024", status=Page.Status.PUBLISHED)
    ArticleFactory()
    assert client.get("/feed/")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/2024/").status_code == 404  # a year archive with no posts


@pytest.mark.parametrize(
    "slug",
    [
        "admin",
        "feed",
        "feeds",
        "tag",
        "tags",
        "author",
        "authors",
        "search",
        "briefings",
        "corrections",
        "sitemap",
        "static",
        "media",
        "preview",
        "ckeditor",
        "_nested_admin",
        "wp-content",
        "2024",
        "19",
        "Search",
    ],
)
def test_slugs_that_the_site_answers_are_refused(slug):
    assert clashes(slug)
    page = Page(title="Clash", slug=slug, status=Page.Status.PUBLISHED)
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "slug" in refused.value.message_dict


@pytest.mark.parametrize("slug", ["robots.txt", "sitemap.xml", "favicon.ico"])
def test_file_names_at_the_root_are_not_slugs_at_all(slug):
    with pytest.raises(ValidationError):
        Page(title="Clash", slug=slug).full_clean()


@pytest.mark.parametrize(
    "slug", ["about", "contact", "corrections-policy", "privacy", "2024-plans"]
)
def test_ordinary_slugs_are_free(slug):
    assert clashes(slug) is None
    Page(title="Fine", slug=slug).full_clean()


# Menus ----------------------------------------------------------------------------------


def test_header_and_footer_menus_list_published_pages_in_the_editors_order(client):
    PageFactory(title="Contact", slug="contact", menu=Page.Menu.HEADER, menu_order=2)
    PageFactory(title="About", slug="about", menu=Page.Menu.HEADER, menu_order=1)
    PageFactory(title="Privacy", slug="privacy", menu=Page.Menu.FOOTER, menu_order=3)
    PageFactory(title="Hidden", slug="hidden", menu=Page.Menu.HEADER, status=Page.Status.DRAFT)
    PageFactory(title="Unlisted", slug="unlisted", menu=Page.Menu.NONE)
    html = client.get("/").content.decode()
    header = nav_links(html, 'aria-label="Main"')
    assert header[-2:] == [("About", "/about/"), ("Contact", "/contact/")]
    footer = nav_links(html, 'id="about-heading"')
    assert footer == [("Privacy", "/privacy/"), ("All corrections", "/corrections/")]
    assert "Hidden" not in html and "Unlisted" not in html
    # The page a reader is on is marked in the menu.
    about = client.get("/about/").content.decode()
    assert '<a href="/about/" aria-current="page">About</a>' in about


def test_the_menus_cost_one_query_then_none_until_a_page_changes(client):
    PageFactory(title="About", slug="about", menu=Page.Menu.HEADER)

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return [q["sql"] for q in queries if "pages_page" in q["sql"]]

    assert len(page_queries()) == 1
    assert page_queries() == []
    Page.objects.get(slug="about").save()
    assert page_queries() == []  # saved without a change that shows in a menu
    page = Page.objects.get(slug="about")
    page.title = "About us"
    page.save()
    assert len(page_queries()) == 1


# Links that never break, sitemap ------------------------------------------------------------


def test_a_published_pages_old_address_redirects_after_a_change_of_slug(client):
    page = PageFactory(slug="about-us")
    page.slug = "about"
    page.save()
    response = client.get("/about-us/")
    assert (response.status_code, response["Location"]) == (301, "/about/")
    draft = PageFactory(slug="draft-name", status=Page.Status.DRAFT)
    draft.slug = "final-name"
    draft.save()
    assert client.get("/draft-name/").status_code == 404


def test_the_sitemap_lists_published_pages_with_their_last_edit(client, site_origin):
    PageFactory(slug="about")
    PageFactory(slug="draft", status=Page.Status.DRAFT)
    listed = entries(client, "/sitemap-pages.xml")
    assert list(listed) == [f"{site_origin}/about/"]
    index = client.get("/sitemap.xml").content.decode()
    assert f"{site_origin}/sitemap-pages.xml" in index


# Editors only ---------------------------------------------------------------------------


def page_form(client, url=ADD, **fields):
    data = admin_form(client, url)
    data.update(fields)
    return data


def test_an_editor_writes_and_publishes_a_page_in_the_admin(editor_client, client):
    data = page_form(
        editor_client,
        title="Corrections policy",
        slug="corrections-policy",
        body="<p>We correct mistakes.</p><script>x</script>",
        status="published",
        menu="footer",
        is_corrections_policy="on",
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    page = Page.objects.get(slug="corrections-policy")
    assert page.is_published and page.is_corrections_policy
    assert page.body == "<p>We correct mistakes.</p>"
    assert Version.objects.get_for_object(page).count() == 1
    assert client.get("/corrections-policy/").status_code == 200
    # The editor sees it in the list, with its address.
    assert "/corrections-policy/" in editor_client.get(LIST).content.decode()


def test_the_admin_refuses_a_reserved_slug_and_a_second_corrections_policy(editor_client):
    PageFactory(title="Old policy", slug="old-policy", is_corrections_policy=True)
    data = page_form(editor_client, title="Search", slug="search", status="published")
    response = editor_client.post(ADD, {**data, "is_corrections_policy": "on"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "taken by the site itself" in str(errors["slug"])
    assert "“Old policy” is the corrections policy already" in str(errors["is_corrections_policy"])
    assert Page.objects.count() == 1


@pytest.mark.parametrize("role", [CONTRIBUTOR, JOURNALIST])
def test_contributors_and_journalists_may_not_create_change_or_publish_pages(
    member, client_for, role
):
    writer = client_for(member(role))
    page = PageFactory(title="About", slug="about", status=Page.Status.DRAFT)
    assert writer.get(LIST).status_code == 403
    assert writer.get(ADD).status_code == 403
    fields = {"title": "Mine", "slug": "mine", "body": "<p>x</p>", "status": "published"}
    assert writer.post(ADD, {**fields, "menu": "header"}).status_code == 403
    assert writer.get(change_url(page)).status_code in (302, 403)
    writer.post(change_url(page), {**fields, "slug": "about", "menu": "none"})
    moved = writer.post(REORDER, json.dumps({"updatedItems": [[page.pk, 9]]}), "application/json")
    assert moved.status_code in (302, 403)
    page.refresh_from_db()
    assert (page.title, page.status, page.menu_order) == ("About", Page.Status.DRAFT, 0)
    assert list(Page.objects.values_list("slug", flat=True)) == ["about"]


def test_each_save_keeps_a_revision_that_can_be_restored(editor_client):
    page = PageFactory(title="About", slug="about")
    editor_client.post(change_url(page), page_form(editor_client, change_url(page), title="First"))
    old = Version.objects.get_for_object(page).first()
    editor_client.post(change_url(page), page_form(editor_client, change_url(page), title="Second"))
    assert Version.objects.get_for_object(page).count() == 2
    revision_url = reverse("admin:pages_page_revision", args=[page.pk, old.pk])
    assert (
        editor_client.post(revision_url, admin_form(editor_client, revision_url)).status_code == 302
    )
    page.refresh_from_db()
    assert page.title == "First"


def test_a_save_that_changes_nothing_records_nothing(editor_client):
    page = PageFactory(title="About", slug="about")
    editor_client.post(change_url(page), page_form(editor_client, change_url(page)))
    assert Version.objects.get_for_object(page).count() == 0


def test_a_draft_page_gets_a_preview_link_for_a_reviewer(editor_client, client):
    page = PageFactory(title="Privacy notice", slug="privacy", status=Page.Status.DRAFT)
    change_page = editor_client.get(change_url(page)).content.decode()
    assert "Create a preview link" in change_page
    content_type = ContentType.objects.get_for_model(Page)
    add = reverse("admin:editorial_previewlink_add")
    add += f"?content_type={content_type.pk}&object_id={page.pk}"
    response = editor_client.post(add, {**admin_form(editor_client, add), "lifetime": "7"})
    assert response.status_code == 302
    link = PreviewLink.objects.get()
    shown = client.get(link.get_absolute_url())
    assert shown.status_code == 200
    assert "Privacy notice" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    page.status = Page.Status.PUBLISHED
    page.save()
    assert client.get(link.get_absolute_url())["Location"] == "/privacy/"


def test_editors_order_the_menu_by_dragging_rows_of_the_list(editor_client, client):
    first = PageFactory(title="First", slug="first", menu=Page.Menu.HEADER, menu_order=1)
    second = PageFactory(title="Second", slug="second", menu=Page.Menu.HEADER, menu_order=2)
    assert 'id="admin_sortable2_config"' in editor_client.get(LIST).content.decode()
    response = editor_client.post(
        REORDER,
        json.dumps({"updatedItems": [[str(second.pk), 1], [str(first.pk), 2]]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    header = nav_links(client.get("/").content.decode(), 'aria-label="Main"')
    assert header[-2:] == [("Second", "/second/"), ("First", "/first/")]


@pytest.mark.parametrize("items", [[["x", 1]], [[1, "first"]], [[1, -3]], "not a list", [[1]]])
def test_a_malformed_reordering_is_refused_and_moves_nothing(editor_client, items):
    page = PageFactory(slug="about", menu_order=4)
    body = json.dumps({"updatedItems": items})
    response = editor_client.post(REORDER, body, content_type="application/json")
    assert response.status_code == 400
    page.refresh_from_db()
    assert page.menu_order == 4


# Demo content ---------------------------------------------------------------------------


def test_the_demo_loader_makes_the_four_pages_once(client):
    call_command("load_demo_pages", verbosity=0)
    pages = Page.objects.published()
    assert sorted(pages.values_list("slug", flat=True)) == [
        "about",
        "contact",
        "corrections-policy",
        "privacy",
    ]
    assert Page.objects.get(is_corrections_policy=True).slug == "corrections-policy"
    html = client.get("/").content.decode()
    assert ("About us", "/about/") in nav_links(html, 'aria-label="Main"')
    assert ("Privacy", "/privacy/") in nav_links(html, 'id="about-heading"')
    # Again: nothing new; and with --if-empty, nothing at all once pages exist.
    Page.objects.filter(slug="about").update(title="Edited here", updated_at=timezone.now())
    call_command("load_demo_pages", "--if-empty", verbosity=0)
    assert Page.objects.get(slug="about").title == "Edited here"
    call_command("load_demo_pages", verbosity=0)
    assert Page.objects.count() == 4
