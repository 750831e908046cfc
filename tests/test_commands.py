from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.management.commands.load_demo import demo_posts
from articles.models import Article, Author, RelatedLink, Tag

# The demo's pictures are drawn once a session (tests/conftest.py: demo_media).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_media")]


def counts():
    return (
        Author.objects.count(),
        Article.objects.count(),
        Tag.objects.count(),
        RelatedLink.objects.count(),
    )


def test_load_demo_builds_a_believable_site_and_is_idempotent():
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    authors, articles, tags, related = first
    assert authors == 3
    assert articles >= 25
    assert tags >= 25
    assert related >= 10
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert (
        Article.objects.filter(status="published")
        .exclude(pk__in=Article.objects.published())
        .count()
        == 1
    )


def test_the_demo_posts_show_their_bylines_tags_and_related_links(client):
    """The loader writes bylines in bulk: what posts show of them must follow."""
    call_command("load_demo")
    for post in Article.objects.all():
        chosen = list(post.related_links.values_list("related_id", flat=True))
        assert [a.name for a in post.byline_authors] == [a.name for a in post.byline_links]
        assert sorted(post.tags.names()) == sorted(t.name for t in post.tag_links)
        assert post.related_ids == chosen
    home = client.get("/").content.decode()
    assert 'class="byline">By <a' in home


def test_load_demo_if_empty_leaves_an_existing_site_alone():
    call_command("load_demo")
    Article.objects.update(title="Edited here")
    call_command("load_demo", "--if-empty")
    assert set(Article.objects.values_list("title", flat=True)) == {"Edited here"}


def test_demo_admin_makes_a_random_password_once(settings, tmp_path, capsys):
    settings.BASE_DIR = tmp_path
    call_command("demo_admin")
    password = (tmp_path / ".demo-admin-password").read_text()
    call_command("demo_admin")
    assert (tmp_path / ".demo-admin-password").read_text() == password
    assert len(password) >= 12
    assert password in capsys.readouterr().out
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)


@pytest.mark.parametrize("clock", ["2026-01-10 00:05", "2026-01-10 09:29", "2026-01-10 23:59"])
def test_demo_posts_dated_today_are_live_at_any_time_of_day(clock):
    live = sum(post["status"] == "published" for post in demo_posts())
    moment = datetime.fromisoformat(clock).replace(tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        call_command("load_demo")
        assert Article.objects.published().count() == live


def test_demo_admin_says_where_the_site_is_served(settings, tmp_path, capsys):
    settings.BASE_DIR = tmp_path
    call_command("demo_admin", "--site", "http://127.0.0.1:8012")
    assert "Admin: http://127.0.0.1:8012/admin/" in capsys.readouterr().out
