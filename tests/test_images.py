"""Images that fit (campaign4change/images.py): renditions made once, on upload or first
use, on any storage; public pages list them with srcset/sizes, explicit dimensions and
lazy loading; the editor keeps getting the text as written."""

import io
import re

import pytest
from ckeditor_uploader.utils import storage as editor_storage
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import empty
from PIL import Image
from sorl.thumbnail import default as sorl
from sorl.thumbnail.images import get_or_create_storage

from articles.models import Article
from campaign4change.sanitizer import same_rich_text
from editorial.roles import JOURNALIST
from tests.briefing_factories import BriefingFactory
from tests.factories import ArticleFactory
from tests.forms import admin_form, change_url, read_form

pytestmark = pytest.mark.django_db
CSRF = "0123456789abcdef0123456789abcdef"


def image_file(name, size=(2000, 1000), image_format="JPEG"):
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def journalist_client(member, client_for):
    client = client_for(member(JOURNALIST))
    client.cookies["ckCsrfToken"] = CSRF
    return client


def upload(client, name="Council chamber.jpg", **kwargs):
    response = client.post(
        reverse("ckeditor_upload") + "?responseType=json",
        {"upload": image_file(name, **kwargs), "ckCsrfToken": CSRF},
    )
    assert response.status_code == 200, response.content
    return response.json()["url"]


def renditions_stored():
    found = []

    def walk(folder):
        subfolders, files = default_storage.listdir(folder)
        found.extend(f"{folder}/{name}" for name in files)
        for sub in subfolders:
            walk(f"{folder}/{sub}")

    if default_storage.exists("renditions"):
        walk("renditions")
    return sorted(found)


def dimensions(name):
    with default_storage.open(name) as file, Image.open(file) as image:
        return image.format, image.size


def captioned(url, caption="The chamber before the vote", extra=""):
    return (
        f'<figure class="image"><img alt="The council chamber" src="{url}"{extra}>'
        f"<figcaption>{caption}</figcaption></figure><p>Text after the image.</p>"
    )


def test_an_upload_gets_webp_and_original_format_renditions_once(journalist_client):
    url = upload(journalist_client)
    made = renditions_stored()
    assert sorted(dimensions(name) for name in made) == sorted(
        (image_format, (width, width // 2))
        for image_format in ("JPEG", "WEBP")
        for width in (480, 800, 1200, 1600)
    )
    # Using the image in a post makes nothing more: they exist already.
    ArticleFactory(body=captioned(url))
    ArticleFactory(body=captioned(url, "Again"))
    assert renditions_stored() == made


def test_a_post_lists_its_images_renditions_for_the_browser_to_choose(journalist_client, client):
    url = upload(journalist_client)
    article = ArticleFactory(body=captioned(url))
    page = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r"<figure class=\"image\"><picture>(.*?)</picture>", page).group(1)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', picture)
    assert [entry.split()[1] for entry in webp.group(1).split(", ")] == [
        "480w",
        "800w",
        "1200w",
        "1600w",
    ]
    assert all(entry.split()[0].endswith(".webp") for entry in webp.group(1).split(", "))
    assert webp.group(2) == "(min-width: 42rem) 39.5rem, calc(100vw - 2.5rem)"
    img = re.search(r"<img[^>]*>", picture).group(0)
    assert f'src="{url}"' in img and 'alt="The council chamber"' in img
    assert 'width="2000" height="1000"' in img and 'loading="lazy"' in img
    assert re.search(r'srcset="[^"]+\.jpg 480w, [^"]+\.jpg 800w', img)
    assert "<figcaption>The chamber before the vote</figcaption>" in page


def test_the_editor_gets_the_text_as_written_and_an_unchanged_save_changes_nothing(
    journalist_client, admin_client
):
    url = upload(journalist_client)
    article = ArticleFactory(body=captioned(url, extra=' width="600" height="300"'))
    assert "<picture>" in article.body and "sizes=" in article.body
    data, _ = read_form(admin_client.get(change_url(article)).content)
    assert "<picture" not in data["body"] and "srcset" not in data["body"]
    assert same_rich_text(data["body"], captioned(url, extra=' width="600" height="300"'))
    data.pop("csrfmiddlewaretoken")
    response = admin_client.post(change_url(article), {**data, "_continue": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["No changes to save."]
    # The size the editor gave is the size shown, and what the browser is told to fetch.
    assert 'width="600" height="300"' in article.body
    assert "min(600px, 39.5rem)" in article.body


def test_images_are_never_enlarged(journalist_client):
    url = upload(journalist_client, "small.png", size=(300, 150), image_format="PNG")
    assert sorted(dimensions(name) for name in renditions_stored()) == [
        ("PNG", (300, 150)),
        ("WEBP", (300, 150)),
    ]
    body = ArticleFactory(body=captioned(url)).body
    assert " 300w" in body and "480w" not in body


def test_other_sites_images_and_missing_files_are_left_as_they_are():
    body = (
        '<p><img alt="Elsewhere" src="https://example.org/photo.jpg"></p>'
        '<p><img alt="Gone" src="/media/uploads/2026/01/gone.jpg"></p>'
    )
    assert ArticleFactory(body=body).body == body


def test_the_featured_image_is_a_picture_loaded_first(admin_client, client, member):
    article = ArticleFactory()
    data = admin_form(admin_client, change_url(article))
    data.update(featured_image=image_file("Chamber.jpg"), featured_image_alt="The chamber")
    assert admin_client.post(change_url(article), data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.featured_image_renditions["width"] == 2000
    page = client.get(article.get_absolute_url()).content.decode()
    featured = re.search(r'<figure class="featured-image">(.*?)</figure>', page).group(1)
    assert featured.startswith('<picture><source type="image/webp" srcset="')
    assert "loading=" not in featured  # above the fold: fetched at once
    assert 'width="2000" height="1000"' in featured and 'alt="The chamber"' in featured


def test_a_briefings_introduction_gets_renditions_too(journalist_client):
    url = upload(journalist_client)
    assert "<picture>" in BriefingFactory(introduction=captioned(url)).introduction


@pytest.fixture
def storage_without_files(settings):
    """Media on a storage with no local files at all (as S3 is): Django's in-memory one."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    # Lazy storages set up by earlier tests (django-ckeditor's, sorl-thumbnail's) meet it.
    lazy_storages = [sorl.storage, editor_storage]

    def forget():
        for storage in lazy_storages:
            storage._wrapped = empty
        get_or_create_storage.cache_clear()

    forget()
    yield
    forget()


def test_renditions_use_the_storage_api_only(storage_without_files, journalist_client, client):
    url = upload(journalist_client)
    assert len(renditions_stored()) == 8
    article = ArticleFactory(body=captioned(url))
    assert ".webp 1600w" in client.get(article.get_absolute_url()).content.decode()
