import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefings.changes import record_change, snapshot
from briefings.models import Briefing, Entry
from tests.briefing_factories import (
    ArticleEntryFactory,
    BriefingChangeFactory,
    BriefingFactory,
    ExternalEntryFactory,
    SectionFactory,
)
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
INDEX = reverse("briefings:index")


def test_briefing_page_shows_intro_sections_entries_and_tags(client):
    briefing = BriefingFactory(
        title="Mutuals Briefing",
        introduction="<p>Everything on <strong>public service mutuals</strong>.</p>",
        tags=["Mutuals", "Mutual Pathfinders"],
        curators=[AuthorFactory(name="Helen Marsh")],
    )
    news = SectionFactory(briefing=briefing, title="Government announcements", position=0)
    reading = SectionFactory(briefing=briefing, title="Reading list", position=1)
    ExternalEntryFactory(
        section=news,
        url="https://www.gov.uk/mutuals",
        title="Mutuals support programme",
        source="Cabinet Office",
        source_date=date(2025, 3, 4),
        note="Where the money comes from.",
    )
    article = ArticleFactory(
        title="Pathfinder mutual goes out to tender",
        authors=[AuthorFactory(name="Jo Marsh"), AuthorFactory(name="Sam Okafor")],
        publish_at=datetime(2025, 2, 1, 9, tzinfo=LONDON),
    )
    ArticleEntryFactory(section=reading, article=article)
    ArticleEntryFactory(section=reading, article=ArticleFactory(title="Unpublished", draft=True))
    response = client.get(briefing.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>public service mutuals</strong>" in html
    assert html.index("Government announcements") < html.index("Reading list")
    assert 'href="https://www.gov.uk/mutuals"' in html
    assert 'Cabinet Office, <time datetime="2025-03-04">4 March 2025</time>' in html
    assert "Where the money comes from." in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert "By Jo Marsh and Sam Okafor, <time" in html and "1 February 2025" in html
    assert "Unpublished" not in html
    assert 'href="/tag/mutual-pathfinders/"' in html
    assert "Curated by <a" in html and "Helen Marsh</a>" in html
    assert 'type="application/rss+xml"' in html


def test_last_updated_is_the_latest_announced_update(client):
    briefing = BriefingFactory()
    BriefingChangeFactory(briefing=briefing, created_at=datetime(2025, 5, 6, 10, tzinfo=LONDON))
    BriefingChangeFactory(briefing=briefing, created_at=datetime(2025, 7, 8, 10, tzinfo=LONDON))
    BriefingChangeFactory(
        briefing=briefing,
        notable=False,
        note="",
        created_at=datetime(2025, 9, 1, 10, tzinfo=LONDON),
    )
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert 'Last updated <time datetime="2025-07-08T10:00:00+01:00">8 July 2025</time>' in html


def test_update_history_lists_announced_updates_with_entries_added_and_removed(client, admin_user):
    briefing = BriefingFactory()
    section = SectionFactory(briefing=briefing, title="Pathfinder mutuals")
    old = ExternalEntryFactory(section=section, title="Old consultation")
    before = snapshot(briefing)
    old.delete()
    new = ExternalEntryFactory(section=section, title="Pathfinder progress report")
    record_change(briefing, admin_user, before, notable=True, note="Updated for the report")
    record_change(briefing, admin_user, snapshot(briefing), note="Private tidy-up")
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert "Updated for the report" in html
    assert f'Added:</span> <a href="{new.url}">Pathfinder progress report</a>' in html
    assert "Removed:</span> Old consultation" in html
    assert "Private tidy-up" not in html


def test_draft_briefing_is_404_for_the_public_and_a_preview_for_staff(client, staff_user):
    briefing = BriefingFactory(draft=True, title="Secret plans")
    assert client.get(briefing.get_absolute_url()).status_code == 404
    assert client.get(f"{briefing.get_absolute_url()}feed/").status_code == 404
    assert "Secret plans" not in client.get(INDEX).content.decode()
    client.force_login(staff_user)
    response = client.get(briefing.get_absolute_url())
    assert response.status_code == 200
    assert b'<meta name="robots" content="noindex">' in response.content


@pytest.mark.parametrize("slug", ["no-such-briefing", "x" * 300])
def test_unknown_briefing_is_404(client, slug):
    assert client.get(f"/briefings/{slug}/").status_code == 404


def test_index_lists_published_briefings_with_last_updated_and_entry_count(client):
    quiet = BriefingFactory(title="Quiet Briefing", tags=["Mutuals"])
    busy = BriefingFactory(title="Busy Briefing", tags=["Audit", "Mutuals"])
    ExternalEntryFactory.create_batch(2, section__briefing=busy)
    ArticleEntryFactory(section__briefing=busy)
    ArticleEntryFactory(section__briefing=busy, article__draft=True)  # hidden: not counted
    BriefingChangeFactory(briefing=busy, created_at=datetime(2099, 1, 1, tzinfo=LONDON))
    BriefingFactory(title="Draft Briefing", draft=True)
    response = client.get(INDEX)
    assert [b.title for b in response.context["briefings"]] == ["Busy Briefing", "Quiet Briefing"]
    html = response.content.decode()
    assert "3 entries" in html and "0 entries" in html
    assert "1 January 2099" in html
    assert quiet.get_absolute_url() in html and "Draft Briefing" not in html
    # Each summary shows its own briefing's topics, by name.
    busy_html, quiet_html = html.split('class="summary briefing-summary"')[1:]
    assert busy_html.index(">Audit<") < busy_html.index(">Mutuals<")
    assert ">Mutuals<" in quiet_html and ">Audit<" not in quiet_html


def test_a_listed_post_shows_on_the_briefing_only_while_it_is_public(client):
    """Entries carry a copy of their post's public date (what the briefing page reads):
    it must follow every way a post goes public or stops being (a save, a bulk update,
    its time coming)."""
    from articles.models import Article

    briefing = BriefingFactory(title="Busy Briefing")
    post = ArticleEntryFactory(
        section__briefing=briefing, article__draft=True, article__title="Council spins out"
    ).article

    def shown():
        return "Council spins out" in client.get(briefing.get_absolute_url()).content.decode()

    assert not shown()
    post.status = Article.Status.PUBLISHED
    post.save()
    assert shown()
    Article.objects.filter(pk=post.pk).update(status=Article.Status.DRAFT)
    assert not shown()
    soon = timezone.now() + timedelta(seconds=2)
    Article.objects.filter(pk=post.pk).update(status=Article.Status.PUBLISHED, publish_at=soon)
    assert not shown()
    with time_machine.travel(soon + timedelta(seconds=1)):
        assert shown()


@pytest.mark.parametrize("page", ["abc", "0", "99999"])
def test_index_bad_page_is_404(client, page):
    BriefingFactory()
    assert client.get(INDEX, {"page": page}).status_code == 404


def fill_briefing(entries):
    """A briefing with `entries` entries (mixed kinds) over 3 sections and as many updates."""
    briefing = BriefingFactory(tags=["Mutuals", "NHS"], curators=AuthorFactory.create_batch(2))
    sections = SectionFactory.create_batch(3, briefing=briefing)
    for n in range(entries):
        section = sections[n % 3]
        if n % 2:
            ExternalEntryFactory(section=section)
        else:
            ArticleEntryFactory(section=section, article__authors=AuthorFactory.create_batch(2))
        BriefingChangeFactory(
            briefing=briefing, added=[{"title": f"Entry {n}", "url": "/x/", "section": "S"}]
        )
    return briefing


def count_queries(client, url):
    # Steady state: what one request shares with the next (the month list) is cached.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_briefing_page_query_count_is_fixed_whatever_the_number_of_entries(
    client, django_assert_max_num_queries
):
    small, large = fill_briefing(3), fill_briefing(30)
    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, large.get_absolute_url()
    )
    # briefing, tags, curators, sections, entries (+ posts), bylines, updates; the
    # footer's month list
    with django_assert_max_num_queries(8):
        response = client.get(large.get_absolute_url())
    assert sum(len(s.public_entries) for s in response.context["contents"].sections) == 30


def test_index_query_count_is_fixed_whatever_the_number_of_briefings(
    client, django_assert_max_num_queries
):
    fill_briefing(3)
    few = count_queries(client, INDEX)
    for _ in range(12):
        fill_briefing(2)
    assert count_queries(client, INDEX) == few
    # count for the paginator, briefings (with annotations), tags; the footer's month list
    with django_assert_max_num_queries(4):
        client.get(INDEX)


def test_featured_in_costs_one_query_and_only_on_posts_a_briefing_lists(client, settings):
    settings.FRAGMENT_CACHE = False  # the post's own part rendered each time
    article = ArticleFactory()
    ArticleEntryFactory(article=article, section__briefing__title="Mutuals Briefing")
    ArticleEntryFactory(
        article=article, section__briefing__title="Hidden", section__briefing__draft=True
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Featured in: <a href="/briefings/mutuals-briefing/">Mutuals Briefing</a>' in html
    assert "Hidden" not in html
    plain = ArticleFactory()
    without = count_queries(client, plain.get_absolute_url())
    assert "Featured in" not in client.get(plain.get_absolute_url()).content.decode()
    assert count_queries(client, article.get_absolute_url()) == without + 1
    # A draft briefing's listing costs nothing either: only published briefings count.
    hidden_only = ArticleFactory()
    ArticleEntryFactory(article=hidden_only, section__briefing__draft=True)
    assert count_queries(client, hidden_only.get_absolute_url()) == without


def is_featured(client, post):
    return "Featured in" in client.get(post.get_absolute_url()).content.decode()


def restore(instance, **changes):
    """Write `instance` back as stored, with `changes`: what restoring a revision and
    loaddata do (a raw save, no save() method)."""
    stored = json.loads(serializers.serialize("json", [instance]))
    stored[0]["fields"].update(changes)
    for found in serializers.deserialize("json", json.dumps(stored)):
        found.save()


def test_featured_in_follows_its_briefing_however_briefings_and_entries_are_written(
    client, settings
):
    # Each entry keeps a copy of whether its briefing is published, which the post's
    # query reads: every way of writing a briefing, a section or an entry keeps it true.
    settings.FRAGMENT_CACHE = False
    post, other = ArticleFactory(), ArticleFactory()
    draft = BriefingFactory(draft=True)
    section = SectionFactory(briefing=draft)
    entry = ArticleEntryFactory(section=section, article=post)
    assert not is_featured(client, post)
    restore(draft, status=Briefing.Status.PUBLISHED)
    assert is_featured(client, post)
    restore(draft, status=Briefing.Status.DRAFT)
    assert not is_featured(client, post)
    # A section moved to a published briefing, and back.
    section.briefing = BriefingFactory()
    section.save()
    assert is_featured(client, post)
    section.briefing = draft
    section.save()
    assert not is_featured(client, post)
    # Briefings published, and taken down, in bulk.
    Briefing.objects.filter(pk=draft.pk).update(status=Briefing.Status.PUBLISHED)
    assert is_featured(client, post)
    Briefing.objects.filter(pk=draft.pk).update(status=Briefing.Status.DRAFT)
    assert not is_featured(client, post)
    # Entries written in bulk, or as stored, into a published briefing.
    published = SectionFactory()
    Entry.objects.bulk_create([Entry(section=published, article=other)])
    assert is_featured(client, other)
    restore(entry, section=published.pk)
    assert is_featured(client, post)
    # A section and its entries loaded as stored, the entries first (loaddata of a dump
    # in that order).
    dump = serializers.serialize("json", [*published.entries.all(), published])
    published.delete()
    for found in serializers.deserialize("json", dump):
        found.save()
    assert is_featured(client, post) and is_featured(client, other)


def test_tag_archive_links_to_the_briefing_on_that_topic(client):
    ArticleFactory(tags=["Mutuals"])
    briefing = BriefingFactory(title="Mutuals Briefing", tags=["Mutuals"])
    BriefingFactory(title="Draft on mutuals", tags=["Mutuals"], draft=True)
    html = client.get("/tag/mutuals/").content.decode()
    assert f'<a href="{briefing.get_absolute_url()}">Mutuals Briefing</a>' in html
    assert "Draft on mutuals" not in html


def test_tag_archive_briefing_link_costs_one_query(client):
    ArticleFactory(tags=["Mutuals", "NHS"])
    BriefingFactory(tags=["Mutuals"])
    with_briefing = count_queries(client, "/tag/mutuals/")
    without_briefing = count_queries(client, "/tag/nhs/")
    assert with_briefing == without_briefing


def test_featured_in_and_tag_briefings_tags_each_cost_one_query(django_assert_num_queries):
    from django.template import engines

    article = ArticleFactory(tags=["Mutuals"])
    ArticleEntryFactory(article=article)
    BriefingFactory(tags=["Mutuals"])
    tag = article.tags.get()
    source = "{{ featured_in(article) }}{{ briefings_for_tag(tag) }}"
    template = engines["jinja2"].from_string(source)
    with django_assert_num_queries(2):
        html = template.render({"article": article, "tag": tag})
    assert "Featured in" in html and "Briefing:" in html


def test_moving_a_published_briefing_leaves_a_permanent_redirect(client):
    briefing = BriefingFactory(slug="mutuals")
    briefing.slug = "mutuals-briefing"
    briefing.save()
    response = client.get("/briefings/mutuals/")
    assert response.status_code == 301
    assert response["Location"] == "/briefings/mutuals-briefing/"
    feed = client.get("/briefings/mutuals/feed/")
    assert feed.status_code == 301 and feed["Location"] == "/briefings/mutuals-briefing/feed/"


def test_moving_a_draft_leaves_no_redirect(client):
    briefing = BriefingFactory(slug="draft-one", draft=True)
    briefing.slug = "draft-two"
    briefing.save()
    assert client.get("/briefings/draft-one/").status_code == 404


def test_nav_links_to_briefings(client):
    assert f'href="{INDEX}"' in client.get("/").content.decode()


def test_last_updated_follows_the_history_however_it_changes(client):
    """ "Last updated" is kept on the briefing (its order in lists too): it must follow
    every way its announced history changes."""
    from briefings.models import BriefingChange

    with time_machine.travel(datetime(2025, 3, 4, 12, tzinfo=LONDON)):
        briefing = BriefingFactory(title="Mutuals Briefing")

    def last_updated():
        html = client.get(briefing.get_absolute_url()).content.decode()
        return html.split("Last updated ")[1].split("</time>")[0].rsplit(">", 1)[1]

    assert last_updated() == "4 March 2025"
    change = BriefingChangeFactory(
        briefing=briefing, created_at=datetime(2099, 1, 1, tzinfo=LONDON)
    )
    assert last_updated() == "1 January 2099"
    change.notable = False
    change.save()
    assert last_updated() == "4 March 2025"
    change.notable = True
    change.save()
    change.delete()
    assert last_updated() == "4 March 2025"
    BriefingChange.objects.bulk_create(
        [
            BriefingChange(
                briefing=briefing,
                notable=True,
                note="Bulk",
                created_at=datetime(2098, 2, 2, tzinfo=LONDON),
            )
        ]
    )
    assert last_updated() == "2 February 2098"


def test_last_updated_follows_bulk_writes_and_moves_the_briefing_up_the_lists(client):
    from briefings.models import Briefing, BriefingChange

    with time_machine.travel(datetime(2025, 3, 4, 12, tzinfo=LONDON)):
        older = BriefingFactory(title="Older Briefing")
        newer = BriefingFactory(title="Newer Briefing")
    Briefing.objects.filter(pk=newer.pk).update(published_at=datetime(2025, 5, 6, tzinfo=LONDON))
    assert [b.title for b in client.get(INDEX).context["briefings"]][0] == "Newer Briefing"
    change = BriefingChangeFactory(briefing=older, notable=False)
    BriefingChange.objects.filter(pk=change.pk).update(
        notable=True, created_at=datetime(2025, 7, 8, tzinfo=LONDON)
    )
    html = client.get(INDEX).content.decode()
    assert html.index("Older Briefing") < html.index("Newer Briefing")
    assert "8 July 2025" in html
    [made] = Briefing.objects.bulk_create([Briefing(title="Made in bulk", slug="made-in-bulk")])
    made.refresh_from_db()
    assert made.last_updated is not None
