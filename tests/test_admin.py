import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.urls import reverse
from PIL import Image

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory
from tests.forms import admin_form

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:articles_article_add")


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form_data(author, related=(), **fields):
    data = {
        "title": "Council brings IT contract back in-house",
        "slug": "council-brings-it-contract-back-in-house",
        "standfirst": "",
        "body": "<p>The council voted last night.</p>",
        "tags": ["Outsourcing", "Local Government"],
        "status": "published",
        "publish_at_0": "2026-02-03",
        "publish_at_1": "09:00:00",
        "featured_image_alt": "",
        **inline_management("article_authors", total=1),
        "article_authors-0-author": str(author.pk),
        "article_authors-0-position": "0",
        **inline_management("related_links", total=len(related)),
        **inline_management("updates"),
    }
    for n, article in enumerate(related):
        data[f"related_links-{n}-related"] = str(article.pk)
        data[f"related_links-{n}-position"] = str(n)
    data.update(fields)
    return data


def test_add_page_has_ckeditor_prefilled_slug_and_autocomplete(admin_client):
    html = admin_client.get(ADD_URL).content.decode()
    assert "ckeditor" in html
    assert "prepopulated_fields" in html or "data-prepopulated-fields" in html
    assert "admin-autocomplete" in html


def test_staff_writes_and_publishes_a_post_through_the_admin(admin_client):
    author = AuthorFactory(name="Jo Marsh")
    earlier = ArticleFactory(title="Earlier story")
    response = admin_client.post(
        ADD_URL,
        article_form_data(
            author, related=[earlier], body='<p onclick="x()">Voted.</p><script>x()</script>'
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="council-brings-it-contract-back-in-house")
    assert article.body == "<p>Voted.</p>"
    assert article.byline == "Jo Marsh"
    assert sorted(article.tags.names()) == ["Local Government", "Outsourcing"]
    assert [link.related for link in article.related_links.all()] == [earlier]
    assert article.get_absolute_url() == "/2026/02/03/council-brings-it-contract-back-in-house/"


def test_staff_edits_a_post(admin_client):
    article = ArticleFactory(title="Old headline")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form(admin_client, url)
    data["title"] = "New headline"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.title == "New headline"


def test_empty_title_is_a_form_error(admin_client):
    response = admin_client.post(ADD_URL, article_form_data(AuthorFactory(), title=""))
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_duplicate_slug_is_a_form_error(admin_client):
    ArticleFactory(slug="taken")
    response = admin_client.post(ADD_URL, article_form_data(AuthorFactory(), slug="taken"))
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors


def test_image_without_alt_text_is_a_form_error(admin_client):
    response = admin_client.post(
        ADD_URL, article_form_data(AuthorFactory(), featured_image=png_upload())
    )
    assert response.status_code == 200
    assert "featured_image_alt" in response.context["adminform"].form.errors


def test_post_without_author_is_a_form_error(admin_client):
    data = article_form_data(AuthorFactory())
    data.update(inline_management("article_authors", total=0))
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_publish_and_unpublish_bulk_actions(admin_client):
    drafts = ArticleFactory.create_batch(2, draft=True)
    changelist = reverse("admin:articles_article_changelist")
    admin_client.post(changelist, {"action": "publish", "_selected_action": [a.pk for a in drafts]})
    assert Article.objects.published().count() == 2
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert list(Article.objects.published()) == [drafts[1]]


@pytest.mark.parametrize(
    "query", ["", "?visibility=draft", "?status=published", "?q=council", "?publish_at__year=2026"]
)
def test_changelist_filters_and_search(admin_client, query):
    ArticleFactory(tags=["NHS"])
    ArticleFactory(draft=True)
    response = admin_client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code == 200


def test_view_on_site_previews_a_draft_for_staff(admin_client, client):
    draft = ArticleFactory(draft=True)
    change = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert b"View on site" in change.content
    content_type = ContentType.objects.get_for_model(Article)
    shortcut = admin_client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk]))
    assert shortcut["Location"].endswith(draft.get_absolute_url())
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_anonymous_and_non_staff_cannot_reach_the_admin(client, django_user_model):
    assert client.get(ADD_URL).status_code == 302
    django_user_model.objects.create_user("reader", password="pw-reader-123")
    # django-axes checks every sign-in against its request.
    client.login(request=HttpRequest(), username="reader", password="pw-reader-123")
    assert client.get(ADD_URL).status_code == 302


def png_upload(name="chart.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_anonymous_cannot_upload(client):
    response = client.post(reverse("ckeditor_upload"), {"upload": png_upload()})
    assert response.status_code == 403
