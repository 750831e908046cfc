"""Archives: tag, author and date archives, their pagination and the month list."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Tag
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import listed, urls

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=LONDON)


def test_tag_archive_is_titled_like_the_old_site_with_description_and_excerpts(client):
    article = ArticleFactory(
        tags=["Mutual Pathfinders"], standfirst="Six pathfinders report back.", title="Report"
    )
    Tag.objects.filter(slug="mutual-pathfinders").update(
        description="Staff-led mutuals spun out of the public sector."
    )
    response = client.get("/tag/mutual-pathfinders/")
    html = response.content.decode()
    assert "<title>Tag Archives: Mutual Pathfinders – Campaign4Change</title>" in html
    assert re.search(r"<h1[^>]*>Tag Archives: <span[^>]*>Mutual Pathfinders</span>", html)
    assert "Staff-led mutuals spun out of the public sector." in html
    assert "Six pathfinders report back." in html
    assert f'<a href="{article.get_absolute_url()}">Report</a>' in html


def test_author_archive_shows_bio_photo_and_posts(client, settings, tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    author = AuthorFactory(
        name="Jo Marsh",
        bio="Covers council IT.",
        photo=SimpleUploadedFile("jo.png", buffer.getvalue(), "image/png"),
    )
    mine = ArticleFactory(authors=[author], title="Mine")
    ArticleFactory(title="Someone else's")
    response = client.get(author.get_absolute_url())
    html = response.content.decode()
    assert listed(response) == urls(mine)
    assert "Covers council IT." in html
    assert 'alt="Photo of Jo Marsh"' in html and author.photo.url in html
    assert "Someone else&#x27;s" not in html


def test_archives_paginate_with_numbered_links_and_rel_prev_next(client, settings):
    ArticleFactory.create_batch(2 * settings.ARTICLES_PER_PAGE + 1, tags=["Outsourcing"])
    page_two = client.get("/tag/outsourcing/?page=2").content.decode()
    assert '<link rel="prev" href="/tag/outsourcing/">' in page_two
    assert '<link rel="next" href="?page=3">' in page_two
    assert 'href="/tag/outsourcing/" rel="prev"' in page_two
    assert 'href="?page=3" rel="next"' in page_two
    assert (
        '<span aria-current="page"><span class="visually-hidden">Page </span>2</span>' in page_two
    )
    assert '<link rel="canonical" href="http://127.0.0.1:8000/tag/outsourcing/?page=2">' in page_two


def test_a_deep_page_shows_itself_and_its_neighbours_among_the_page_links(client, monkeypatch):
    from articles.views import PublishedArticlesMixin

    monkeypatch.setattr(PublishedArticlesMixin, "paginate_by", 2)
    ArticleFactory.create_batch(24, tags=["Outsourcing"])  # 12 pages
    html = client.get("/tag/outsourcing/?page=8").content.decode()
    assert '<span aria-current="page"><span class="visually-hidden">Page </span>8</span>' in html
    for neighbour in (7, 9, 12):
        assert f'href="?page={neighbour}"><span class="visually-hidden">Page' in html
    assert 'href="/tag/outsourcing/"><span class="visually-hidden">Page' in html
    assert 'href="?page=4"><span' not in html  # elided between 2 and 5


def test_home_page_two_links_back_to_the_clean_home_url(client, settings):
    ArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 1)
    html = client.get("/?page=2").content.decode()
    assert '<link rel="prev" href="/">' in html
    assert "Latest posts, page 2" in html


def test_year_archive_lists_the_years_posts_and_its_months(client):
    march = ArticleFactory(title="March post", publish_at=at(2024, 3, 5))
    june = ArticleFactory(title="June post", publish_at=at(2024, 6, 1))
    ArticleFactory(title="Other year", publish_at=at(2023, 12, 31))
    ArticleFactory(title="Draft", publish_at=at(2024, 4, 1), draft=True)
    response = client.get("/2024/")
    html = response.content.decode()
    assert response.status_code == 200
    assert listed(response) == urls(june, march)
    assert "Yearly Archives: 2024" in html
    assert '<a href="/2024/03/">March</a> <span class="count">(1)</span>' in html
    assert '<a href="/2024/04/">' not in html
    assert '<a href="/2023/">← 2023</a>' in html


def test_month_archive_lists_the_months_posts_with_neighbour_months(client):
    ArticleFactory(publish_at=at(2024, 1, 20))
    feb = ArticleFactory(publish_at=at(2024, 2, 3))
    ArticleFactory(publish_at=at(2024, 5, 9))
    response = client.get("/2024/02/")
    html = response.content.decode()
    assert listed(response) == urls(feb)
    assert "Monthly Archives: February 2024" in html
    assert '<a href="/2024/01/">← January 2024</a>' in html
    assert '<a href="/2024/05/">May 2024 →</a>' in html


def test_day_archive_uses_the_local_date(client):
    # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London.
    late = ArticleFactory(publish_at=datetime(2025, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC")))
    earlier = ArticleFactory(publish_at=at(2025, 3, 20))
    response = client.get("/2025/04/01/")
    assert listed(response) == urls(late)
    html = response.content.decode()
    assert "Daily Archives: 1 April 2025" in html
    assert '<a href="/2025/03/20/">← 20 March 2025</a>' in html
    assert earlier.get_absolute_url() not in listed(response)


@pytest.mark.parametrize(
    "path",
    ["/2019/", "/2024/07/", "/2024/02/04/", "/2024/13/", "/2024/02/30/", "/0000/", "/9999/12/31/"],
)
def test_empty_or_impossible_dates_are_404(client, path):
    ArticleFactory(publish_at=at(2024, 2, 3))
    assert client.get(path).status_code == 404


def test_scheduled_posts_stay_out_of_date_archives_and_the_month_list(client):
    ArticleFactory(publish_at=at(2024, 2, 3))
    scheduled = ArticleFactory(scheduled=True)
    day = scheduled.local_publish_date
    assert client.get(f"/{day:%Y/%m/%d}/").status_code == 404
    assert f'href="/{day:%Y/%m}/"' not in client.get("/").content.decode()


def test_month_list_on_every_page_lists_the_months_with_posts(client):
    ArticleFactory.create_batch(2, publish_at=at(2024, 2, 3))
    ArticleFactory(publish_at=at(2023, 11, 3))
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/2024/02/">February</a>' in footer
    assert '<a href="/2023/11/">November</a>' in footer
    assert footer.index("2024") < footer.index("2023")
    # The newest year is open; older ones are folded (still readable without JavaScript).
    assert "<details open>" in footer and footer.count("<details") == 2


def test_month_list_follows_publishing_unpublishing_and_deleting(client):
    # The list's HTML is kept in the cache between changes: each change must show.
    ArticleFactory(publish_at=at(2024, 2, 3))
    assert 'href="/2023/11/"' not in client.get("/").content.decode()
    older = ArticleFactory(publish_at=at(2023, 11, 3))
    assert '<a href="/2023/11/">November</a>' in client.get("/").content.decode()
    older.status = older.Status.DRAFT
    older.save()
    assert 'href="/2023/11/"' not in client.get("/2024/").content.decode()
    older.status = older.Status.PUBLISHED
    older.save()
    assert 'href="/2023/11/"' in client.get("/2024/").content.decode()
    older.delete()
    assert 'href="/2023/11/"' not in client.get("/").content.decode()


def test_date_archives_show_breadcrumbs(client):
    ArticleFactory(publish_at=at(2024, 2, 3))
    html = client.get("/2024/02/03/").content.decode()
    crumbs = html[html.index('aria-label="Breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert re.findall(r'<a href="([^"]+)">', crumbs) == ["/", "/2024/", "/2024/02/"]
    assert '<span aria-current="page">3 February 2024</span>' in crumbs


def test_archives_advertise_their_feeds(client):
    author = AuthorFactory(slug="jo")
    ArticleFactory(tags=["NHS"], authors=[author])
    tag_page = client.get("/tag/nhs/").content.decode()
    author_page = client.get("/author/jo/").content.decode()
    assert (
        'type="application/rss+xml" title="Campaign4Change: posts tagged NHS (RSS)" '
        'href="/tag/nhs/feed/"'
    ) in tag_page
    assert 'type="application/atom+xml" title="Campaign4Change: posts tagged NHS (Atom)"' in (
        tag_page
    )
    assert 'href="/tag/nhs/feed/atom/"' in tag_page
    assert 'href="/author/jo/feed/"' in author_page and 'href="/author/jo/feed/atom/"' in (
        author_page
    )
    # Every page also points at the site feed.
    assert 'type="application/rss+xml" title="Campaign4Change: all posts (RSS)" href="/feed/"' in (
        tag_page
    )
