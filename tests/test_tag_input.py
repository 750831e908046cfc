"""Choosing tags in the admin (articles/tag_input.py): suggestions with post counts, in any
case and script; each tag posted as itself, so names round-trip without quotes.
tests/browser/test_tags_and_images.py drives the widget itself."""

import pytest
from django.urls import reverse

from articles.models import Article, Tag
from briefings.models import Briefing
from editorial.roles import CONTRIBUTOR
from tests.briefing_factories import BriefingFactory
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory
from tests.forms import admin_form, change_url, read_form

pytestmark = pytest.mark.django_db
SUGGEST = reverse("admin:articles_tag_suggest")


def suggestions(client, **params):
    response = client.get(SUGGEST, params)
    assert response.status_code == 200
    return response.json()


def test_suggestions_match_in_any_case_and_script_with_post_counts(admin_client):
    ArticleFactory.create_batch(2, tags=["NHS"])
    ArticleFactory(tags=["NHS Digital", "Реформа"])
    ArticleFactory(tags=["Outsourcing"])
    found = suggestions(admin_client, term="nhs")["results"]
    assert found == [
        {"id": "NHS", "text": "NHS", "posts": 2},
        {"id": "NHS Digital", "text": "NHS Digital", "posts": 1},
    ]
    # Lower case Cyrillic finds the capitalised tag, on SQLite too.
    assert [tag["text"] for tag in suggestions(admin_client, term="реф")["results"]] == ["Реформа"]
    assert suggestions(admin_client, term="nothing like it")["results"] == []
    # With nothing typed: the most used first.
    assert suggestions(admin_client)["results"][0]["text"] == "NHS"


def test_suggestions_come_a_page_at_a_time(admin_client):
    for number in range(25):
        Tag.objects.create(name=f"Council {number:02d}")
    first = suggestions(admin_client, term="council")
    assert len(first["results"]) == 20 and first["pagination"]["more"]
    second = suggestions(admin_client, term="council", page=2)
    assert len(second["results"]) == 5 and not second["pagination"]["more"]


def test_suggestions_are_for_staff_who_tag_posts(client, member, client_for):
    assert client.get(SUGGEST).status_code == 302  # to the admin's login page
    assert client_for(StaffFactory()).get(SUGGEST).status_code == 403
    assert client_for(member(CONTRIBUTOR)).get(SUGGEST).status_code == 200


@pytest.mark.parametrize(
    "params", [{"page": "abc"}, {"page": "-3"}, {"page": "99999"}, {"term": "x" * 10_000}]
)
def test_bad_suggestion_queries_get_an_answer_not_an_error(admin_client, params):
    assert "results" in suggestions(admin_client, **params)


NAMES = ["Health, care", 'The "Big Society"', "Local Government", "NHS"]


def test_tags_round_trip_without_quotes(admin_client):
    article = ArticleFactory(tags=NAMES)
    page = admin_client.get(change_url(article)).content.decode()
    data, kinds = read_form(page)
    # Each tag is an option of its own, named as it is: nothing quoted.
    assert kinds["tags"] == "select" and sorted(data["tags"]) == sorted(NAMES)
    assert "&quot;Local Government&quot;" not in page
    data.pop("csrfmiddlewaretoken")
    response = admin_client.post(change_url(article), {**data, "_continue": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["No changes to save."]
    data["tags"] = [*data["tags"], "Digital, data"]
    assert admin_client.post(change_url(article), data).status_code == 302
    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == sorted(
        [*NAMES, "Digital, data"]
    )


def test_a_tag_typed_in_another_case_is_the_existing_tag(admin_client):
    ArticleFactory(tags=["НХС", "Open Source"])
    article = ArticleFactory(tags=[])
    data = admin_form(admin_client, change_url(article))
    data["tags"] = ["нхс", "open source", "OPEN SOURCE", "  New   one "]
    assert admin_client.post(change_url(article), data).status_code == 302
    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == [
        "New one",
        "Open Source",
        "НХС",
    ]
    assert Tag.objects.count() == 3


def test_too_many_or_too_long_tags_are_form_errors(admin_client):
    article = ArticleFactory()
    data = admin_form(admin_client, change_url(article))
    for tags, message in [
        ([f"tag {n}" for n in range(31)], "Use at most 30 tags."),
        (["x" * 101], "A tag may be at most 100 characters"),
    ]:
        response = admin_client.post(change_url(article), {**data, "tags": tags})
        assert response.status_code == 200
        assert message in str(response.context["adminform"].form.errors["tags"])


def test_briefing_topic_tags_use_the_same_field(admin_client):
    briefing = BriefingFactory(tags=["Mutuals", "Health, care"])
    data, kinds = read_form(admin_client.get(change_url(briefing)).content)
    assert kinds["tags"] == "select" and sorted(data["tags"]) == ["Health, care", "Mutuals"]
    data.pop("csrfmiddlewaretoken")
    data["tags"] = ["Mutuals", "mutual pathfinders"]
    assert admin_client.post(change_url(briefing), data).status_code == 302
    assert sorted(Briefing.objects.get(pk=briefing.pk).tags.names()) == [
        "Mutuals",
        "mutual pathfinders",
    ]


def test_the_tag_field_explains_itself_and_loads_the_admins_select2(admin_client):
    AuthorFactory()
    page = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'class="tag-input"' in page and f'data-suggest-url="{SUGGEST}"' in page
    assert "admin/js/vendor/select2/select2.full.min.js" in page
    assert "articles/admin/tag_input.js" in page
    assert "comma-separated" not in page
