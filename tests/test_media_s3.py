"""Media in S3-compatible storage (DJANGO_MEDIA_STORAGE=s3://bucket/folder), for real.

A local S3 (moto's server mode, started by the tests on 127.0.0.1) holds the uploads:
a featured image saved in the admin, an image uploaded from the editor, their
renditions, the files the WordPress importer brings over, and deletions. The storage
settings are the ones campaign4change/settings.py makes from the environment. Run by
`make test-infra` (marker `infra`; needs the `s3` and `infra` extras).
"""

import json
import re
import threading
import uuid

import httpx
import pytest
from django.core.files.storage import default_storage
from django.utils.functional import empty

pytest.importorskip("storages.backends.s3")
moto_server = pytest.importorskip("moto.server")

import boto3  # noqa: E402 - after the checks above: an extra of its own
from botocore.client import BaseClient  # noqa: E402
from ckeditor_uploader.utils import storage as editor_storage  # noqa: E402
from sorl.thumbnail import default as sorl  # noqa: E402
from sorl.thumbnail.images import get_or_create_storage  # noqa: E402

from articles.models import Article  # noqa: E402
from editorial.models import KeptUpload  # noqa: E402
from editorial.roles import JOURNALIST  # noqa: E402
from tests.factories import ArticleFactory  # noqa: E402
from tests.forms import admin_form, change_url  # noqa: E402
from tests.smtp import free_port  # noqa: E402
from tests.test_deployment import settings_in  # noqa: E402
from tests.test_images import CSRF, captioned, image_file, upload  # noqa: E402
from tests.test_import_wordpress_media import OldSite, export, row, run_import  # noqa: E402

pytestmark = [pytest.mark.infra, pytest.mark.django_db]

FOLDER = "site-media"
# Credentials moto accepts (any will do); the region is where buckets are made.
S3_ENV = {
    "DJANGO_S3_REGION": "eu-west-2",
    "DJANGO_S3_ACCESS_KEY_ID": "testing",
    "DJANGO_S3_SECRET_ACCESS_KEY": "testing",
}


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def storage_settings(s3_endpoint):
    """STORAGES as the settings make it from DJANGO_MEDIA_STORAGE and friends."""
    code = "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES))"
    return settings_in(
        code,
        DJANGO_MEDIA_STORAGE=f"s3://placeholder/{FOLDER}",
        DJANGO_S3_ENDPOINT_URL=s3_endpoint,
        **S3_ENV,
    )


class Bucket:
    def __init__(self, endpoint, name):
        self.name = name
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=S3_ENV["DJANGO_S3_REGION"],
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        self.client.create_bucket(
            Bucket=name,
            CreateBucketConfiguration={"LocationConstraint": S3_ENV["DJANGO_S3_REGION"]},
        )
        # Media are public (docs/deployment.md): anyone may read what the folder holds.
        public_read = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{name}/{FOLDER}/*",
                }
            ],
        }
        self.client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read))

    def names(self, prefix=""):
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=f"{FOLDER}/{prefix}"
        )
        found = [item["Key"] for page in pages for item in page.get("Contents", [])]
        return sorted(key.removeprefix(f"{FOLDER}/") for key in found)

    def head(self, name):
        return self.client.head_object(Bucket=self.name, Key=f"{FOLDER}/{name}")


def forget_storages():
    # Storages that other code made once and kept (django-ckeditor's, sorl-thumbnail's);
    # Django's own default_storage is reset by the STORAGES setting change.
    for storage in (sorl.storage, editor_storage, default_storage):
        storage._wrapped = empty
    get_or_create_storage.cache_clear()


@pytest.fixture
def bucket(settings, s3_endpoint, storage_settings):
    """A bucket of this test's own, as the site's media storage."""
    bucket = Bucket(s3_endpoint, f"c4c-{uuid.uuid4().hex[:12]}")
    storages = json.loads(json.dumps(storage_settings))
    storages["default"]["OPTIONS"]["bucket_name"] = bucket.name
    settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
    forget_storages()
    yield bucket
    forget_storages()


@pytest.fixture
def s3_calls(monkeypatch):
    """The S3 operations made from now on (HeadObject, GetObject, PutObject...), by thread."""
    calls = []
    make_api_call = BaseClient._make_api_call

    def recorded(self, operation_name, params):
        calls.append((threading.get_ident(), operation_name, params.get("Key")))
        return make_api_call(self, operation_name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", recorded)
    return calls


@pytest.fixture
def journalist_client(member, client_for):
    client = client_for(member(JOURNALIST))
    client.cookies["ckCsrfToken"] = CSRF
    return client


RENDITION = re.compile(r"^renditions/.+\.(webp|jpg)$")


def test_a_featured_image_saved_in_the_admin_and_its_renditions_live_in_the_bucket(
    bucket, admin_client, client, s3_endpoint
):
    article = ArticleFactory(title="Council votes")
    data = admin_form(admin_client, change_url(article))
    data.update(featured_image=image_file("Chamber.jpg"), featured_image_alt="The chamber")
    assert admin_client.post(change_url(article), data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    name = article.featured_image.name
    assert re.fullmatch(r"featured/\d{4}/\d\d/chamber\.jpg", name)
    renditions = bucket.names("renditions/")
    # WebP and JPEG, 480 to 1600 pixels wide: made once, on the bucket, at save time.
    assert len(renditions) == 8 and all(RENDITION.match(r) for r in renditions)
    assert bucket.names() == sorted([name, *renditions])
    assert bucket.head(name)["ContentType"] == "image/jpeg"
    assert bucket.head(name)["CacheControl"] == "public, max-age=86400"

    page = client.get(article.get_absolute_url()).content.decode()
    featured = re.search(r'<figure class="featured-image">(.*?)</figure>', page).group(1)
    media = f"{s3_endpoint}/{bucket.name}/{FOLDER}/"
    srcset = re.search(r'<source type="image/webp" srcset="([^"]+)"', featured).group(1)
    first = srcset.split(", ")[0].split()[0]
    assert first.startswith(media + "renditions/") and first.endswith(".webp")
    # The page's addresses are the bucket's public URLs (no signature to expire in a
    # cached page), and they serve the files.
    assert "X-Amz-" not in featured
    fetched = httpx.get(first)
    assert fetched.status_code == 200 and fetched.content[8:12] == b"WEBP"


def test_an_editor_upload_and_its_renditions_live_in_the_bucket(
    bucket, journalist_client, client, s3_endpoint
):
    url = upload(journalist_client, "Council chamber.jpg")
    media = f"{s3_endpoint}/{bucket.name}/{FOLDER}/"
    assert re.fullmatch(re.escape(media) + r"uploads/\d{4}/\d\d/council-chamber\.jpg", url)
    name = url.removeprefix(media)
    assert name in bucket.names("uploads/")
    assert len(bucket.names("renditions/")) == 8
    article = ArticleFactory(body=captioned(url))
    assert "<picture>" in article.body and f'src="{url}"' in article.body
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"{media}renditions/" in page and ".webp 1600w" in page


def test_using_an_image_again_and_rendering_pages_never_read_the_original(
    bucket, journalist_client, client, s3_calls
):
    """sorl-thumbnail's key-value store (database and cache) says what exists and how
    big it is: once the renditions are made, the bucket is not asked again."""
    url = upload(journalist_client)
    made = len(s3_calls)
    assert made > 0  # the upload itself, and its renditions
    second = ArticleFactory(body=captioned(url, "Used again"), tags=["Councils"])
    assert "<picture>" in second.body
    assert s3_calls[made:] == [], "a second use asked the bucket"
    for path in (second.get_absolute_url(), "/", "/tag/councils/"):
        assert client.get(path).status_code == 200
    assert s3_calls[made:] == [], "rendering pages asked the bucket"


@pytest.mark.django_db(transaction=True)
def test_a_kept_upload_is_deleted_from_the_bucket_once_used(bucket, member, client_for):
    """The admin keeps the image of a form sent back with an error (kept/), and deletes
    that copy from the storage once the post is saved with it (after the commit)."""
    jo = client_for(member(JOURNALIST, "jo"))
    add = "/admin/articles/article/add/"
    data = admin_form(jo, add)
    data.update(title="Pictured", slug="pictured", body="<p>Text.</p>")
    response = jo.post(add, {**data, "featured_image": image_file("council.png")})
    assert "alt text is required" in response.content.decode()
    kept = KeptUpload.objects.get()
    assert bucket.names("kept/") == [kept.file.name]

    response = jo.post(
        add, {**data, "featured_image-kept": kept.pk, "featured_image_alt": "The chamber"}
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="pictured")
    assert bucket.names("kept/") == []
    assert article.featured_image.name in bucket.names("featured/")


def test_deleting_a_stored_file_removes_it_from_the_bucket(bucket):
    from django.core.files.base import ContentFile

    name = default_storage.save("uploads/note.txt", ContentFile(b"a note"))
    assert default_storage.exists(name) and bucket.names("uploads/") == [name]
    # Never overwritten: a second file of that name gets a name of its own.
    again = default_storage.save("uploads/note.txt", ContentFile(b"another"))
    assert again != name and len(bucket.names("uploads/")) == 2
    default_storage.delete(name)
    assert not default_storage.exists(name) and bucket.names("uploads/") == [again]


@pytest.fixture
def old_site(tmp_path):
    site = OldSite(tmp_path / "old-site")
    yield site
    site.stop()


def test_the_wordpress_importer_downloads_into_the_bucket(
    bucket, tmp_path, old_site, client, s3_endpoint
):
    out = run_import(export(tmp_path, old_site.base))
    assert row(out, "attachments") == [1, 0, 0, 0]
    copies = [
        "wordpress/2012/07/report.pdf",
        "wordpress/2012/07/staff-vote-300x200.jpg",
        "wordpress/2012/07/staff-vote.jpg",
    ]
    assert bucket.names("wordpress/") == copies
    media = f"{s3_endpoint}/{bucket.name}/{FOLDER}/"
    article = Article.objects.get(slug="photos")
    assert f'href="{media}wordpress/2012/07/report.pdf"' in article.body
    assert f'src="{media}wordpress/2012/07/staff-vote-300x200.jpg"' in article.body
    assert article.featured_image.name == "wordpress/2012/07/staff-vote.jpg"
    assert client.get(article.get_absolute_url()).status_code == 200
    # Run again: the copies in the bucket are known, nothing is downloaded twice.
    copied = [f"/wp-content/uploads/{name.removeprefix('wordpress/')}" for name in copies]
    run_import(export(tmp_path, old_site.base))
    assert [old_site.requests.count(path) for path in copied] == [1, 1, 1]


def test_a_failed_import_deletes_what_it_put_in_the_bucket(bucket, tmp_path, old_site):
    from django.core.management import CommandError

    broken = export(tmp_path, old_site.base, tail="<item><title>Cut short")
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(broken)
    assert len(old_site.requests) > 0
    assert bucket.names("wordpress/") == []
    assert not Article.objects.exists()
