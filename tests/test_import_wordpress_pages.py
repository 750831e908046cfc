"""WordPress pages become pages here, at their old addresses (pages/wordpress.py, through
the importer's registry: articles/ never imports pages/)."""

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError

from articles.wordpress import importer
from pages.models import ImportedPage, Page
from tests.factories import PageFactory
from tests.test_import_wordpress import CAMPAIGN, REAL, WXR, real_files, run_import

pytestmark = pytest.mark.django_db

PAGES = WXR / "wxr-1.2-pages.xml"


def snapshot():
    return (
        sorted(Page.objects.values_list("slug", "title", "body", "status", "menu")),
        sorted(Redirect.objects.values_list("old_path", "new_path")),
        ImportedPage.objects.count(),
    )


def summary_line(out, kind="pages"):
    return next(line.split()[1:] for line in out.splitlines() if line.startswith(kind))


def test_a_top_level_page_keeps_its_address_with_wordpress_paragraphs(client):
    run_import(PAGES)
    about = Page.objects.get(slug="about")
    assert about.title == "About us"
    assert about.is_published and about.menu == Page.Menu.NONE
    assert about.body.startswith("<p>We campaign for public services that work.</p>")
    assert "<script" not in about.body
    response = client.get("/about/")
    assert (
        response.status_code == 200 and "We have done so since 2009." in response.content.decode()
    )
    # WordPress's own link to it leads there too.
    redirect = client.get("/?page_id=2")
    assert (redirect.status_code, redirect["Location"]) == (301, "/about/")


def test_a_child_page_becomes_a_page_of_its_own_and_its_old_address_redirects(client):
    run_import(PAGES)
    assert Page.objects.get(slug="team").title == "Our team"
    response = client.get("/about/team/")
    assert (response.status_code, response["Location"]) == (301, "/team/")


def test_a_slug_the_site_answers_gets_a_free_one_and_the_summary_says_so(client):
    out = run_import(PAGES)
    page = Page.objects.get(title="Search tips")
    assert page.slug == "search-2"
    assert "The page “Search tips” is at /search-2/: /search/ was taken here." in out
    assert client.get("/?page_id=4")["Location"] == "/search-2/"
    # /search/ is still the site's search.
    assert client.get("/search/").status_code == 200
    assert "Use quotes for phrases." not in client.get("/search/").content.decode()


def test_a_slug_taken_by_a_page_written_here_gets_a_suffix():
    PageFactory(slug="about", title="Our own about page")
    run_import(PAGES)
    assert Page.objects.get(slug="about").title == "Our own about page"
    assert Page.objects.get(slug="about-2").title == "About us"


def test_drafts_password_protected_and_trashed_pages(client):
    out = run_import(PAGES)
    assert Page.objects.get(slug="contact").status == Page.Status.DRAFT
    assert client.get("/contact/").status_code == 404
    assert Page.objects.get(slug="members").status == Page.Status.DRAFT
    assert "“Members' area” was password-protected in WordPress: imported as a draft page." in out
    assert not Page.objects.filter(title="Old page").exists()
    assert "pages: 1 in WordPress's trash — Old page" in out
    assert summary_line(out) == ["6", "0", "0", "1"]
    # Drafts leave no redirect: their addresses were never public.
    assert not Redirect.objects.filter(new_path="/contact/").exists()


def test_captions_become_figures_as_in_posts():
    run_import(PAGES)
    body = Page.objects.get(slug="privacy-policy").body
    assert "<figure" in body and "<figcaption>A picture</figcaption>" in body


def test_running_again_changes_nothing():
    run_import(PAGES)
    first = snapshot()
    out = run_import(PAGES)
    assert snapshot() == first
    assert summary_line(out) == ["0", "0", "6", "1"]


def test_changes_in_wordpress_are_brought_over_and_edits_here_are_kept(tmp_path):
    run_import(PAGES)
    team = Page.objects.get(slug="team")
    team.body = "<p>Rewritten here.</p>"
    team.save()
    changed = tmp_path / "changed.xml"
    changed.write_text(
        PAGES.read_text()
        .replace("We campaign for public services", "We report on public services")
        .replace("Jo, Sam and Zoë.", "Jo, Sam, Zoë and Ann.")
    )
    out = run_import(changed)
    assert Page.objects.get(slug="about").body.startswith("<p>We report on public services")
    assert Page.objects.get(slug="team").body == "<p>Rewritten here.</p>"
    assert "pages: 1 edited here since the last import" in out
    run_import(changed, "--overwrite-local-edits")
    assert Page.objects.get(slug="team").body == "<p>Jo, Sam, Zoë and Ann.</p>"


def test_a_page_deleted_here_is_not_brought_back():
    run_import(PAGES)
    Page.objects.get(slug="team").delete()
    out = run_import(PAGES)
    assert not Page.objects.filter(slug="team").exists()
    assert "pages: 1 deleted here since the last import" in out


def test_a_dry_run_writes_nothing():
    before = snapshot()
    out = run_import(PAGES, "--dry-run")
    assert summary_line(out) == ["6", "0", "0", "1"]
    assert snapshot() == before


def test_a_broken_file_with_pages_changes_nothing(tmp_path):
    PageFactory(slug="already-here")
    before = snapshot()
    text = PAGES.read_text()
    # Cut short in the middle of the third page: the first two were written already.
    broken = tmp_path / "broken.xml"
    broken.write_text(text[: text.index("Use quotes for phrases")])
    with pytest.raises(CommandError) as error:
        run_import(broken)
    assert "Nothing was imported." in str(error.value)
    assert snapshot() == before


def test_malformed_page_fields_change_nothing(tmp_path):
    before = snapshot()
    broken = tmp_path / "broken.xml"
    broken.write_text(
        PAGES.read_text().replace(
            "<wp:post_date_gmt><![CDATA[2012-01-01 09:00:00]]></wp:post_date_gmt>\n\t\t"
            "<wp:post_name><![CDATA[contact]]>",
            "<wp:post_date_gmt><![CDATA[2012-13-45 99:00:00]]></wp:post_date_gmt>\n\t\t"
            "<wp:post_name><![CDATA[contact]]>",
        )
    )
    with pytest.raises(CommandError):
        run_import(broken)
    assert snapshot() == before


def test_the_campaign_export_brings_its_about_page():
    out = run_import(CAMPAIGN)
    assert Page.objects.get(slug="about").title == "About us"
    assert summary_line(out) == ["1", "0", "0", "0"]


def test_without_a_page_importer_registered_pages_are_listed_not_imported(monkeypatch):
    monkeypatch.setattr(importer, "ITEM_IMPORTERS", {})
    out = run_import(PAGES)
    assert not Page.objects.exists()
    assert "pages: 7 not imported: no app here imports pages" in out


# --- Real exports from WordPress's own importer tests (skipped outside the workplace) ---


@real_files
def test_real_wxr_1_1_export_imports_its_pages(client):
    out = run_import(REAL / "wordpress-importer-small-export.xml")
    assert sorted(Page.objects.values_list("slug", "status")) == [
        ("1-col-page", "published"),
        ("child-page", "published"),
        ("draft-page", "draft"),
        ("parent-page", "published"),
        ("sample-page", "published"),
    ]
    assert summary_line(out) == ["5", "0", "0", "0"]
    assert "stay in one place" in client.get("/sample-page/").content.decode()
    # WordPress's plain links to pages (?page_id=) lead to them.
    assert client.get("/?page_id=2")["Location"] == "/sample-page/"
    assert client.get("/?page_id=4")["Location"] == "/child-page/"
    first = snapshot()
    run_import(REAL / "wordpress-importer-small-export.xml")
    assert snapshot() == first


@real_files
def test_real_wxr_1_0_export_imports_its_pages_beside_posts_of_the_same_name(client):
    run_import(REAL / "wordpress-importer-valid-wxr-1.0.xml")
    assert sorted(Page.objects.values_list("slug", flat=True)) == [
        "about",
        "child-post",
        "parent-page",
    ]
    assert client.get("/about/").status_code == 200
    assert client.get("/?page_id=10")["Location"] == "/parent-page/"
    # A post and a page may share a slug: they live at different addresses.
    assert client.get("/child-post/").status_code == 200
    assert client.get("/?p=4")["Location"] == "/2010/10/20/alpha-post/"
