"""A form error keeps everything that was entered, the chosen featured image included.

A browser cannot fill a file box again, so the admin keeps the file (the user's own
KeptUpload), shows it as chosen, and uses it when the form is sent again.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from editorial.models import KeptUpload
from editorial.roles import JOURNALIST
from tests.forms import admin_form, read_form
from tests.test_uploads import image_upload

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


@pytest.fixture
def jo(member, client_for):
    return client_for(member(JOURNALIST, "jo"))


def new_post(client, **fields):
    data = admin_form(client, ADD)
    data.update({"title": "Pictured", "slug": "pictured", "body": "<p>Text.</p>", **fields})
    return data


def sent_back_without_alt_text(client):
    """Send a new post with an image but no alt text: a form error."""
    response = client.post(ADD, new_post(client, featured_image=image_upload("council.png")))
    assert response.status_code == 200
    assert "alt text is required" in response.content.decode()
    return response


def test_a_form_error_keeps_the_chosen_featured_image_and_shows_it(jo):
    html = sent_back_without_alt_text(jo).content.decode()
    kept = KeptUpload.objects.get()
    assert kept.name == "council.png"
    assert "Chosen: council.png" in html
    assert f'name="featured_image-kept" value="{kept.pk}"' in html
    assert f'src="{kept.file.url}"' in html
    assert kept.file.name.startswith("kept/") and kept.file.name.endswith(".png")


def test_sending_the_form_again_saves_the_kept_image(jo):
    data = admin_form_from(sent_back_without_alt_text(jo))
    data["featured_image_alt"] = "The council chamber"
    assert "featured_image" not in data  # no file is sent the second time
    response = jo.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(title="Pictured")
    assert article.featured_image.name.endswith(".png")
    assert article.featured_image_alt == "The council chamber"
    # Used: the kept copy and its file are gone.
    assert not KeptUpload.objects.exists()


def test_leave_this_file_out_drops_the_kept_image(jo):
    data = admin_form_from(sent_back_without_alt_text(jo))
    data["featured_image-kept-drop"] = "on"
    response = jo.post(ADD, data)
    assert response.status_code == 302
    assert not Article.objects.get(title="Pictured").featured_image


def test_a_kept_image_is_only_its_owners(jo, member, client_for):
    data = admin_form_from(sent_back_without_alt_text(jo))
    colleague = client_for(member(JOURNALIST, "sam"))
    theirs = new_post(colleague, title="Theirs", slug="theirs")
    theirs["featured_image-kept"] = data["featured_image-kept"]
    theirs["featured_image_alt"] = "Not theirs to use"
    assert colleague.post(ADD, theirs).status_code == 302
    assert not Article.objects.get(title="Theirs").featured_image


def test_a_forged_kept_upload_id_is_ignored(jo):
    data = new_post(jo, **{"featured_image-kept": "not-a-uuid"})
    assert jo.post(ADD, data).status_code == 302
    assert not Article.objects.get(title="Pictured").featured_image


def test_an_image_that_is_itself_refused_is_not_kept(jo):
    not_an_image = SimpleUploadedFile("council.png", b"<html>", "image/png")
    response = jo.post(ADD, new_post(jo, featured_image=not_an_image))
    assert response.status_code == 200
    assert not KeptUpload.objects.exists()


def admin_form_from(response):
    """What the browser would send again from a page that came back with errors."""
    data, _ = read_form(response.content)
    data.pop("csrfmiddlewaretoken", None)
    return data
