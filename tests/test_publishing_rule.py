"""One rule dates every post that goes public, whichever way it is published.

A post published without a date chosen by a person is dated the moment it goes public;
a date a person chose is kept, and one in the future schedules the post. The form and
the list's "Publish selected posts" action both follow it (Article.save applies it).
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory
from tests.forms import admin_form, change_url

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


def publish_from_the_form(client, post, date=None):
    """Open the post's form, set it to published (and the date, if given), save."""
    data = admin_form(client, change_url(post))
    data["status"] = "published"
    if date is not None:
        local = timezone.localtime(date)
        data["publish_at_0"], data["publish_at_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    response = client.post(change_url(post), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    return post


def publish_from_the_list(client, post):
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [post.pk]})
    post.refresh_from_db()
    return post


PUBLISH_PATHS = [publish_from_the_form, publish_from_the_list]


@pytest.fixture
def draft_written_days_ago():
    """A draft started three days ago, never given a date by anyone."""
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        return ArticleFactory(draft=True, publish_at=None, title="Days in the making")


@pytest.mark.parametrize("publish", PUBLISH_PATHS)
def test_a_draft_without_a_chosen_date_is_dated_when_it_goes_public(
    admin_client, client, draft_written_days_ago, publish
):
    ArticleFactory(title="Yesterday's news", publish_at=timezone.now() - timedelta(days=1))
    before = timezone.now()
    post = publish(admin_client, draft_written_days_ago)
    assert before <= post.publish_at <= timezone.now()
    # So it leads the home page, as new posts do.
    home = client.get("/").content.decode()
    assert home.index("Days in the making") < home.index("Yesterday&#39;s news")


def local_noon(days):
    """Noon, local time, `days` from today: a time the form shows one way only (the
    same hour of a day the clocks go back is two moments, and the form refuses it)."""
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=12, minute=0, second=0, microsecond=0)


@pytest.mark.parametrize("publish", PUBLISH_PATHS)
def test_a_chosen_future_date_schedules_the_post(admin_client, publish):
    later = local_noon(days=6)
    post = ArticleFactory(draft=True, publish_at=later)
    post = publish(admin_client, post)
    assert post.publish_at == later and post.is_scheduled


@pytest.mark.parametrize("publish", PUBLISH_PATHS)
def test_a_chosen_past_date_is_kept(admin_client, publish):
    earlier = local_noon(days=-40)
    post = ArticleFactory(draft=True, publish_at=earlier)
    post = publish(admin_client, post)
    assert post.publish_at == earlier and post.is_published


def test_a_date_chosen_in_the_form_when_publishing_wins(admin_client, draft_written_days_ago):
    later = local_noon(days=1)
    post = publish_from_the_form(admin_client, draft_written_days_ago, date=later)
    assert post.publish_at == later and post.is_scheduled


def test_a_new_draft_has_no_date_until_published(admin_client):
    from tests.factories import AuthorFactory
    from tests.test_admin import ADD_URL, article_form_data

    data = article_form_data(AuthorFactory(), status="draft", publish_at_0="", publish_at_1="")
    assert admin_client.post(ADD_URL, data).status_code == 302
    post = Article.objects.get()
    assert post.publish_at is None
    assert admin_client.get(post.get_absolute_url()).status_code == 200  # staff preview


def test_a_published_post_keeps_its_date_when_unpublished_and_published_again(admin_client):
    post = ArticleFactory()
    dated = post.publish_at
    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [post.pk]})
    post = publish_from_the_list(admin_client, post)
    assert post.publish_at == dated


def test_emptying_the_date_of_a_live_post_is_a_form_error(admin_client):
    post = ArticleFactory()
    data = admin_form(admin_client, change_url(post))
    data["publish_at_0"] = data["publish_at_1"] = ""
    response = admin_client.post(change_url(post), data)
    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors


def test_bulk_updates_follow_the_rule_too():
    undated = ArticleFactory(draft=True, publish_at=None)
    later = timezone.now() + timedelta(days=2)
    chosen = ArticleFactory(draft=True, publish_at=later)
    Article.objects.filter(pk__in=[undated.pk, chosen.pk]).update(status="published")
    undated.refresh_from_db(), chosen.refresh_from_db()
    assert undated.is_published and chosen.publish_at == later
