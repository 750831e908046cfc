"""A small site that uses every feature a reader can see, and the address of each kind
of public page on it: for tests that check something of every page (one canonical
address, valid HTML)."""

import io
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import ArticleUpdate, Tag
from briefings.changes import record_change, snapshot
from pages.models import Page
from tests.briefing_factories import (
    ArticleEntryFactory,
    BriefingFactory,
    ExternalEntryFactory,
    SectionFactory,
)
from tests.factories import (
    ArticleFactory,
    ArticleUpdateFactory,
    AuthorFactory,
    PageFactory,
    RelatedLinkFactory,
    StaffFactory,
)

BODY = (
    "<p>The council's <strong>shared-services</strong> deal is <a "
    'href="https://www.example.org/report">published</a>.</p>'
    "<h2>What it means</h2><ul><li>One back office</li><li>Three councils</li></ul>"
    "<blockquote><p>We expect to save money.</p></blockquote>"
)


def png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def a_moment_ago():
    # With microseconds, as timezone.now() has them: a datetime attribute must not.
    return timezone.now().replace(microsecond=123456) - timedelta(seconds=5)


def every_public_page():
    """Build the site; return {kind of page: its address}."""
    jo = AuthorFactory(name="Jo Marsh", bio="Covers council IT.", photo=png("jo.png"))
    sam = AuthorFactory(name="Sam Okafor")
    post = ArticleFactory(
        title="Shared services: the deal is signed",
        body=BODY,
        authors=[jo, sam],
        tags=["Shared services", "Councils"],
        publish_at=a_moment_ago() - timedelta(hours=2),
        featured_image=png("offices.png"),
        featured_image_alt="The council offices",
        featured_image_caption="The council offices, where the three back offices will merge.",
        featured_image_credit="Photo: Jo Marsh",
    )
    ArticleUpdateFactory(article=post, posted_at=a_moment_ago() - timedelta(hours=1))
    ArticleUpdateFactory(
        article=post,
        kind=ArticleUpdate.Kind.CORRECTION,
        note="An earlier version gave the wrong <em>year</em>.",
        posted_at=a_moment_ago(),
    )
    # Enough posts for a second page of the home page and of the tag archive.
    others = ArticleFactory.create_batch(
        settings.ARTICLES_PER_PAGE, authors=[jo], tags=["Shared services"]
    )
    RelatedLinkFactory(article=post, related=others[0], position=0)
    ArticleFactory(draft=True, authors=[jo], tags=["Shared services"])

    curator = AuthorFactory(name="Helen Ward")
    briefing = BriefingFactory(
        title="Shared Services Briefing",
        tags=["Shared services"],
        curators=[curator],
    )
    news = SectionFactory(briefing=briefing, title="Government announcements", position=0)
    reading = SectionFactory(briefing=briefing, title="Reading list", position=1)
    ExternalEntryFactory(
        section=news, note="Where the money comes from.", source_date=timezone.localdate()
    )
    before = snapshot(briefing)
    ArticleEntryFactory(section=reading, article=post)
    ExternalEntryFactory(section=reading, source="")
    change = record_change(
        briefing, StaffFactory(), before, notable=True, note="Added the signed deal."
    )
    change.created_at = a_moment_ago()
    change.save(update_fields=["created_at"])
    BriefingFactory(title="Outsourcing Briefing")

    # Pages in both menus, one of them the corrections policy; a story.
    PageFactory(title="About us", slug="about", body=BODY, menu=Page.Menu.HEADER)
    PageFactory(
        title="Corrections policy",
        slug="corrections-policy",
        menu=Page.Menu.FOOTER,
        is_corrections_policy=True,
    )
    Tag.objects.filter(slug="shared-services").update(is_story=True)

    day = post.local_publish_date
    return {
        "home": "/",
        "home, page 2": "/?page=2",
        "post": post.get_absolute_url(),
        "tag archive": "/tag/shared-services/",
        "tag archive, page 2": "/tag/shared-services/?page=2",
        "author archive": jo.get_absolute_url(),
        "year archive": f"/{day:%Y}/",
        "month archive": f"/{day:%Y/%m}/",
        "day archive": f"/{day:%Y/%m/%d}/",
        "search": "/search/?q=shared+services",
        "briefings": "/briefings/",
        "briefing": briefing.get_absolute_url(),
        "page": "/about/",
        "corrections": "/corrections/",
        "story so far": "/tag/shared-services/story/",
    }
