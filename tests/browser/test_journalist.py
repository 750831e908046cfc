"""A journalist writes a post in the admin with CKEditor, publishes it, and sees it live."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    ArticleUpdateFactory,
    AuthorFactory,
    RelatedLinkFactory,
    StaffFactory,
)
from tests.forms import change_url
from tests.test_revisions import STORED_BODY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


@pytest.fixture
def journalist(live_server):
    user = StaffFactory(username="jo")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    AuthorFactory(name="Jo Marsh", user=user)
    return user


def log_in(page, base_url, next_path):
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_journalist_writes_tags_and_publishes_a_post_then_sees_it_on_home(
    page, live_server, journalist, audit
):
    log_in(page, live_server.url, "/admin/articles/article/add/")
    expect(page.get_by_role("heading", name="Add article")).to_be_visible()
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_load_state("load")
    by_impact, report = audit(page, "admin-add-article")
    assert not {"serious", "critical"} & set(by_impact), report

    page.get_by_label("Title:").fill("Council signs open-source pledge")
    editor = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    editor.click()
    page.keyboard.type("The council will publish the code it pays for.")
    page.keyboard.press("Enter")
    page.keyboard.type("Officers expect savings within two years.")
    # Tags: Select2 in tagging mode (articles/tag_input.py); Enter adds what was typed.
    for tag in ["Open Source", "Local Government"]:
        page.locator(".field-tags .select2-search__field").click()
        page.locator(".field-tags .select2-search__field").press_sequentially(tag)
        expect(page.locator(".select2-results__option").last).to_contain_text(tag)
        page.keyboard.press("Enter")

    # The byline: pick the author through the admin's autocomplete.
    page.locator("#article_authors-group .select2-selection").first.click()
    page.locator(".select2-dropdown .select2-search__field").fill("Jo")
    page.locator(".select2-results__option", has_text="Jo Marsh").click()

    page.get_by_label("Status:").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    article = Article.objects.get(title="Council signs open-source pledge")
    assert article.is_published
    assert "<p>The council will publish the code it pays for.</p>" in article.body
    assert sorted(article.tags.names()) == ["Local Government", "Open Source"]

    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="Council signs open-source pledge", exact=True)
    expect(link).to_be_visible()
    link.click()
    expect(page.locator(".byline")).to_have_text("By Jo Marsh")
    expect(page.locator(".post-body")).to_contain_text("Officers expect savings")


def test_saving_a_post_unchanged_in_the_editor_records_nothing(page, live_server, journalist):
    article = ArticleFactory(
        body=STORED_BODY,
        tags=["NHS", "Health, care"],
        authors=[journalist.author, AuthorFactory(name="Ann Lee")],
    )
    RelatedLinkFactory(article=article, related=ArticleFactory(title="Earlier story"))
    ArticleUpdateFactory(article=article, note="Figures <em>confirmed</em>.\nMore soon.")
    updated_at = Article.objects.get(pk=article.pk).updated_at

    log_in(page, live_server.url, change_url(article))
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_have_text("No changes to save.")
    assert Article.objects.get(pk=article.pk).updated_at == updated_at
    assert not Version.objects.get_for_object(article).exists()
    assert not LogEntry.objects.filter(object_id=str(article.pk)).exists()
