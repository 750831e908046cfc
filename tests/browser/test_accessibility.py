"""axe-core in Chromium: no serious or critical WCAG 2.2 AA violation on the public pages.

Each page is checked in the light and the dark colour scheme; screenshots and the full
axe reports are written to artifacts/.
"""

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def post_path():
    return (
        Article.objects.published().filter(related_links__isnull=False).first().get_absolute_url()
    )


PAGES = {
    "home": lambda: "/",
    "post": post_path,
    "tag-archive": lambda: "/tag/mutuals/",
    "author-archive": lambda: "/author/helen-marsh/",
    "date-archive": lambda: (
        Article.objects.published().first().get_absolute_url().rsplit("/", 3)[0] + "/"
    ),
    "search": lambda: "/search/?q=mutual",
    "not-found": lambda: "/no/such/page/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violations(page, live_server, audit, name, scheme):
    call_command("load_demo", verbosity=0)
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + PAGES[name]())
    by_impact, report = audit(page, f"{name}-{scheme}")
    assert not {"serious", "critical"} & set(by_impact), report
