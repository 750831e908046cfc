"""Uploads: real images only, size-limited, safely named; for the editor and ImageFields."""

import io
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Author
from editorial.roles import CONTRIBUTOR, EDITOR, JOURNALIST

pytestmark = pytest.mark.django_db
UPLOAD = reverse("ckeditor_upload")
CSRF = "0123456789abcdef0123456789abcdef"


def image_upload(name="chart.png", image_format="PNG", size=(4, 4)):
    buffer = io.BytesIO()
    # Noise, so the file's size grows with its dimensions (no compression to nothing).
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}.get(image_format, "image/x")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type)


HOSTILE_FILES = [
    ("notes.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    ("disguised.png", b"<script>alert(1)</script>", "image/png"),
    ("truncated.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    ("empty.jpg", b"", "image/jpeg"),
]


@pytest.fixture
def journalist_client(member, client_for):
    client = client_for(member(JOURNALIST))
    client.cookies["ckCsrfToken"] = CSRF
    return client


def editor_upload(client, upload, dialog=False):
    query = "?CKEditorFuncNum=3&responseType=" if dialog else "?responseType=json"
    return client.post(UPLOAD + query, {"upload": upload, "ckCsrfToken": CSRF})


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_journalist_uploads_an_image_from_the_editor_with_a_safe_name(journalist_client, settings):
    response = editor_upload(journalist_client, image_upload("Budget Chart (final).PNG"))
    assert response.status_code == 200
    data = response.json()
    assert data["uploaded"] == 1
    assert data["url"].startswith("/media/uploads/")
    assert data["url"].endswith("/budget-chart-final.png")
    assert any(path.endswith("budget-chart-final.png") for path in stored_files(settings))


def test_the_image_dialog_gets_a_callback_script_that_runs_under_csp(journalist_client):
    response = editor_upload(journalist_client, image_upload(), dialog=True)
    html = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html
    assert "CKEDITOR.tools.callFunction(3, " in html
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_hostile_callback_number_is_not_reflected(journalist_client):
    response = journalist_client.post(
        UPLOAD + "?CKEditorFuncNum=1);alert(document.cookie);//",
        {"upload": image_upload(), "ckCsrfToken": CSRF},
    )
    assert b"alert(document.cookie)" not in response.content
    assert response["Content-Type"] == "application/json"


def test_a_jpeg_named_png_is_stored_with_its_real_extension(journalist_client):
    response = editor_upload(journalist_client, image_upload("photo.png", "JPEG"))
    assert response.json()["url"].endswith("/photo.jpg")


@pytest.mark.parametrize(("name", "content", "content_type"), HOSTILE_FILES)
def test_the_editor_refuses_anything_but_real_images(
    journalist_client, settings, name, content, content_type
):
    upload = SimpleUploadedFile(name, content, content_type)
    response = editor_upload(journalist_client, upload)
    assert response.status_code == 400
    assert response.json()["uploaded"] == 0
    assert stored_files(settings) == []


def test_the_editor_refuses_images_over_the_size_limit(journalist_client, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    response = editor_upload(journalist_client, image_upload(size=(300, 300)))
    assert response.status_code == 400
    assert "at most" in response.json()["error"]["message"]


def plain_png(size):
    """A PNG of one colour: tiny as a file, however many pixels it has."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return SimpleUploadedFile("wide.png", buffer.getvalue(), "image/png")


def png_header_only(width, height):
    """A PNG that claims `width` × `height` pixels and holds none."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    content = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    return SimpleUploadedFile("huge.png", content, "image/png")


TOO_MANY_PIXELS = "This image is 1,500 × 1,000 pixels (1.5 megapixels); the limit is 1 megapixel."


def test_the_editor_refuses_an_image_with_too_many_pixels_saying_its_size_and_the_limit(
    journalist_client, settings
):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    response = editor_upload(journalist_client, plain_png((1500, 1000)))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == TOO_MANY_PIXELS
    assert stored_files(settings) == []


def test_an_image_past_pillows_own_limit_is_refused_with_the_limit(journalist_client, settings):
    # Pillow refuses to read the size of an image over twice its limit (179 megapixels).
    response = editor_upload(journalist_client, png_header_only(20_000, 10_000))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "This image is larger than 179 megapixels; the limit is 64 megapixels."
    )


def test_the_editor_upload_needs_ckeditors_csrf_token(journalist_client, settings):
    response = journalist_client.post(
        UPLOAD + "?responseType=json", {"upload": image_upload(), "ckCsrfToken": "forged-token-xyz"}
    )
    assert response.status_code == 400
    assert stored_files(settings) == []


@pytest.mark.parametrize("role", [CONTRIBUTOR])
def test_roles_without_the_upload_permission_cannot_upload(member, client_for, settings, role):
    client = client_for(member(role))
    client.cookies["ckCsrfToken"] = CSRF
    response = editor_upload(client, image_upload())
    assert response.status_code == 400
    assert stored_files(settings) == []
    assert client.get(reverse("ckeditor_browse")).status_code == 403


def test_get_is_not_an_upload(journalist_client):
    assert journalist_client.get(UPLOAD).status_code == 405


def author_change(client, author, photo):
    url = reverse("admin:articles_author_change", args=[author.pk])
    return client.post(
        url, {"name": author.name, "slug": author.slug, "bio": "", "photo": photo, "user": ""}
    )


def test_author_photo_is_stored_under_a_safe_name(member, client_for):
    client = client_for(member(EDITOR))
    author = Author.objects.create(name="Ann Lee")
    response = author_change(client, author, image_upload("../../etc/Ann Lee.PNG"))
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.photo.name == "authors/ann-lee.png"


@pytest.mark.parametrize(("name", "content", "content_type"), HOSTILE_FILES)
def test_image_fields_refuse_anything_but_real_images(
    member, client_for, settings, name, content, content_type
):
    client = client_for(member(EDITOR))
    author = Author.objects.create(name="Ann Lee")
    response = author_change(client, author, SimpleUploadedFile(name, content, content_type))
    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    author.refresh_from_db()
    assert not author.photo
    assert stored_files(settings) == []


def test_image_fields_refuse_an_image_with_too_many_pixels_saying_its_size_and_the_limit(
    member, client_for, settings
):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    client = client_for(member(EDITOR))
    author = Author.objects.create(name="Ann Lee")
    response = author_change(client, author, plain_png((1500, 1000)))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"] == [TOO_MANY_PIXELS]
    assert stored_files(settings) == []


def test_images_decoded_whole_have_a_lower_pixel_limit_than_jpegs(journalist_client):
    # A 20-megapixel PNG must be decoded whole to be resized; a JPEG that size need not.
    response = editor_upload(journalist_client, png_header_only(5_000, 4_000))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "This image is 5,000 × 4,000 pixels (20 megapixels); the limit is 16 megapixels."
    )
