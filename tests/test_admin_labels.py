"""Labels are words people use (issue 17): no admin page is titled with Django's stock
phrases ("Select change to change", "Change change", "Articles administration") or a
library's name ("AXES")."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from briefings.models import BriefingChange
from tests.admin_pages import admin_pages, fill_every_admin_list

pytestmark = pytest.mark.django_db

# Django's own: "Select article to change", "Change article", "Briefings administration".
STOCK = re.compile(
    r"Select |to change|to view|^Change (?!history)|administration|Axes|Authentication"
)


def headings(html):
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    h1 = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return " ".join(title.split()), [" ".join(h.split()) for h in h1]


@pytest.fixture
def root(demo_media):
    return fill_every_admin_list()


@pytest.fixture
def root_client(root):
    client = Client()
    client.force_login(root)
    return client


def test_no_admin_page_is_titled_with_stock_phrases(root, root_client):
    pages = list(admin_pages(root))
    stock = {}
    for path in pages:
        response = root_client.get(path)
        assert response.status_code == 200, path
        title, h1 = headings(response.content.decode())
        found = [text for text in [title, *h1] if STOCK.search(text)]
        if found:
            stock[path] = found
    assert len(pages) > 35
    assert stock == {}


@pytest.mark.parametrize(
    "url, title, heading",
    [
        ("admin:articles_article_changelist", "Articles", "Articles"),
        ("admin:articles_article_add", "Add article", "Add article"),
        ("admin:briefings_briefingchange_changelist", "Change history", "Change history"),
        ("admin:auth_user_changelist", "Users", "Users"),
    ],
)
def test_admin_pages_are_titled_in_plain_words(root_client, url, title, heading):
    page_title, h1 = headings(root_client.get(reverse(url)).content.decode())
    assert page_title == f"{title} | Campaign4Change admin"
    assert h1 == [heading]


def test_a_change_page_says_edit_and_names_what_it_edits(root_client):
    change = BriefingChange.objects.first()
    response = root_client.get(reverse("admin:briefings_briefingchange_change", args=[change.pk]))
    _title, h1 = headings(response.content.decode())
    assert h1 == ["Edit recorded change"]


def test_the_admin_menu_names_its_sections_in_words(root_client):
    html = root_client.get(reverse("admin:index")).content.decode()
    assert "Sign-in security" in html and "Users and roles" in html
    assert ">Axes<" not in html and "Authentication and Authorization" not in html
    _title, h1 = headings(
        root_client.get(reverse("admin:app_list", args=["axes"])).content.decode()
    )
    assert h1 == ["Sign-in security"]
