"""The demo site has pictures free of any rights: illustrations and portraits drawn with
Pillow as it loads (articles/demo_images.py), the same each time, with words for them."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from articles import demo_images
from articles.management.commands.load_demo import demo_posts
from articles.models import Article, Author

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_media")]


def test_demo_posts_have_illustrations_with_alt_text_credit_and_renditions():
    call_command("load_demo", verbosity=0)
    plain = {post["slug"] for post in demo_posts() if post.get("image") is False}
    assert len(plain) >= 2  # a front page shows how a post without a picture looks
    for post in Article.objects.all():
        if post.slug in plain:
            assert not post.featured_image and not post.featured_image_renditions
            continue
        assert post.featured_image.name == f"demo/illustrations/{post.slug}.jpg"
        assert post.featured_image_alt.startswith("Abstract illustration: ")
        assert post.featured_image_credit == "Illustration: Campaign4Change"
        renditions = post.featured_image_renditions
        assert (renditions["width"], renditions["height"]) == (1600, 900)
        assert [mime for mime, _ in renditions["sources"]] == ["image/webp", "image/jpeg"]


def test_demo_posts_lead_with_their_first_tag():
    call_command("load_demo", verbosity=0)
    for data in demo_posts():
        post = Article.objects.get(slug=data["slug"])
        assert post.kicker.name == data["tags"][0]


def test_demo_authors_have_portraits_shown_in_their_bylines(client):
    call_command("load_demo", verbosity=0)
    for author in Author.objects.all():
        assert author.photo.name == f"demo/authors/{author.slug}.jpg"
        assert [w for _, w in author.photo_renditions["sources"][0][1]] == [96, 192]
    post = Article.objects.published().first()
    assert [pk for pk, _ in post.byline_photos] == [a.pk for a in post.byline_authors]
    assert "byline-photo" in client.get(post.get_absolute_url()).content.decode()


def test_loading_again_draws_nothing_new_and_describes_the_same_pictures():
    call_command("load_demo", verbosity=0)
    before = {p.slug: (p.featured_image.name, p.featured_image_alt) for p in Article.objects.all()}
    _folders, files = default_storage.listdir("demo/illustrations")
    call_command("load_demo", verbosity=0)
    after = {p.slug: (p.featured_image.name, p.featured_image_alt) for p in Article.objects.all()}
    assert after == before
    assert default_storage.listdir("demo/illustrations")[1] == files


def test_pictures_are_the_same_for_the_same_post_and_differ_between_posts():
    first = demo_images.illustration("a-post", "Mutuals")
    assert first == demo_images.illustration("a-post", "Mutuals")
    assert first != demo_images.illustration("another-post", "Mutuals")
    assert demo_images.describe("a-post", "Mutuals") == demo_images.describe("a-post", "Mutuals")
    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size) == ("JPEG", (1600, 900))


@pytest.mark.parametrize(
    ("name", "initials"), [("Helen Marsh", "HM"), ("Ruth Abernethy", "RA"), ("Cher", "C")]
)
def test_portraits_carry_the_authors_initials(name, initials):
    assert demo_images.initials(name) == initials
    with Image.open(io.BytesIO(demo_images.portrait(name))) as image:
        assert image.size == (400, 400)
