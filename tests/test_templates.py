"""The two template engines: Jinja2 for the site, Django's for templates/admin/."""

import pytest
from django.template import TemplateDoesNotExist, engines
from django.urls import reverse

from campaign4change.links import cached_reverse


@pytest.mark.parametrize(
    "name", ["admin/articles/tag/merge.html", "./admin/articles/tag/merge.html", "/admin/x.html"]
)
def test_the_sites_engine_leaves_admin_templates_to_djangos(name):
    with pytest.raises(TemplateDoesNotExist):
        engines["jinja2"].get_template(name)


def test_admin_overrides_are_django_templates():
    template = engines["django"].get_template("admin/articles/tag/merge.html")
    assert template.origin.name.endswith("templates/admin/articles/tag/merge.html")


@pytest.mark.django_db
def test_text_templates_end_as_written(client):
    assert client.get("/robots.txt").content.endswith(b"sitemap.xml\n")


def test_remembered_reverse_gives_what_reverse_gives():
    assert cached_reverse("articles:tag", slug="nhs") == reverse("articles:tag", args=["nhs"])
    assert cached_reverse("articles:year", 2024) == "/2024/"
    # Equal keys, different path segments: 1 and True must not share a cache entry.
    assert cached_reverse("articles:tag", slug=1) == "/tag/1/"
    assert cached_reverse("articles:tag", slug=True) == "/tag/True/"
