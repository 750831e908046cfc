"""The writing desk in a real browser: picking and creating tags in the tag field, and an
image uploaded into the body, captioned, published and served with its renditions."""

import re

import pytest
from django.contrib.auth.models import Permission
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import ARTIFACTS, photograph
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


@pytest.fixture
def journalist(live_server):
    user = StaffFactory(username="jo")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    AuthorFactory(name="Jo Marsh", user=user)
    return user


def write_a_post(page, base_url, title):
    page.goto(f"{base_url}/admin/login/?next=/admin/articles/article/add/")
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_function("() => CKEDITOR.instances.id_body.status === 'ready'")
    page.get_by_label("Title:").fill(title)


def tag_search(page):
    """The tag field's search box, focused (Select2 opens its list on typing)."""
    search = page.locator(".field-tags .select2-search__field")
    search.click()
    return search


def test_journalist_picks_existing_tags_and_creates_a_new_one(page, live_server, journalist):
    ArticleFactory.create_batch(2, tags=["NHS"])
    ArticleFactory(tags=["Local Government", "NHS Digital"])
    write_a_post(page, live_server.url, "Trusts share their records")
    options = page.locator(".select2-results__option")

    tag_search(page).press_sequentially("nh")
    expect(options.first).to_have_text("NHS (2 posts)")
    expect(options.nth(1)).to_have_text("NHS Digital (1 post)")
    expect(options.last).to_have_text("Add the new tag “nh”")
    options.first.click()

    # The same name in another case is the existing tag: nothing new is offered.
    tag_search(page).press_sequentially("local government")
    expect(options).to_have_text(["Local Government (1 post)"])
    page.keyboard.press("Enter")

    tag_search(page).press_sequentially("Open data, standards")
    expect(options).to_have_text(["Add the new tag “Open data, standards”"])
    page.keyboard.press("Enter")
    expect(page.locator(".field-tags .select2-selection__choice")).to_have_count(3)
    photograph(page, ARTIFACTS / "admin-tags-chosen.png")

    page.locator(".publishing-bar").get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Draft saved")
    article = Article.objects.get(title="Trusts share their records")
    assert sorted(article.tags.names()) == ["Local Government", "NHS", "Open data, standards"]


def test_image_uploaded_in_the_body_is_captioned_published_and_served_with_renditions(
    page, live_server, journalist, tmp_path
):
    photo = tmp_path / "council-chamber.jpg"
    Image.linear_gradient("L").resize((2400, 1600)).convert("RGB").save(photo, quality=90)
    write_a_post(page, live_server.url, "The chamber votes")
    editor = page.frame_locator("iframe.cke_wysiwyg_frame")
    editor.locator("body").click()
    page.keyboard.type("The council met on Tuesday.")
    page.keyboard.press("Enter")

    # The Image button: upload on the dialog's Upload tab, then alt text and caption.
    page.locator(".cke_button__image").click()
    dialog = page.locator(".cke_dialog")
    dialog.get_by_role("tab", name="Upload").click()
    dialog.frame_locator("iframe.cke_dialog_ui_input_file").locator(
        "input[type=file]"
    ).set_input_files(photo)
    dialog.get_by_role("button", name="Send it to the Server").click()
    url = dialog.get_by_label("URL")
    expect(url).to_have_value(re.compile(r"^/media/uploads/.*council-chamber\.jpg$"))
    dialog.get_by_label("Alternative Text").fill("Councillors vote in the chamber")
    dialog.get_by_label("Captioned image").check()
    dialog.get_by_role("button", name="OK").click()
    # As a writer would: wait for the picture to show (its arrival moves the caption
    # down), click the caption, and type once the editor has taken the caption as where
    # the writer is. CKEditor learns that after the browser's caret moves (on its next
    # selection check), and until then Ctrl+A selects the whole body, not the caption.
    picture = editor.locator("figure img").element_handle()
    body_frame = picture.owner_frame()
    body_frame.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture)
    caption = editor.locator("figcaption")
    caption.click()
    expect(caption).to_have_class(re.compile(r"\bcke_widget_editable_focused\b"))
    page.keyboard.press("Control+A")
    page.keyboard.type("The vote, 14 to 9")
    expect(caption).to_have_text("The vote, 14 to 9")
    # In the editor too the image fits the column.
    photograph(page.locator(".cke"), ARTIFACTS / "admin-editor-captioned-image.png")
    fits = "img => img.clientWidth <= img.ownerDocument.body.clientWidth"
    assert editor.locator("figure img").evaluate(fits)

    page.locator(".publishing-bar").get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published")

    article = Article.objects.get(title="The chamber votes")
    for width, name in [(1280, "post-captioned-image-1280"), (390, "post-captioned-image-390")]:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + article.get_absolute_url())
        figure = page.locator(".post-body figure.image")
        expect(figure.locator("figcaption")).to_have_text("The vote, 14 to 9")
        img = figure.locator("picture img")
        expect(img).to_have_attribute("alt", "Councillors vote in the chamber")
        expect(img).to_have_attribute("width", "2400")
        expect(img).to_have_attribute("height", "1600")
        expect(img).to_have_attribute("loading", "lazy")
        webp = figure.locator('picture source[type="image/webp"]')
        expect(webp).to_have_attribute("srcset", re.compile(r"\.webp 480w, .*\.webp 1600w$"))
        figure.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )
        # The browser fetched a rendition that fits the column, not the 2400-pixel original.
        chosen = img.evaluate("img => img.currentSrc")
        assert chosen.endswith(".webp"), chosen
        shown = img.bounding_box()
        assert shown["width"] <= width and abs(shown["width"] / shown["height"] - 1.5) < 0.02
        photograph(page, ARTIFACTS / f"{name}.png", full_page=True)
