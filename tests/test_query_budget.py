"""Every public page makes a fixed number of queries, whatever the number of items on it.

Each page is measured with few and with many posts (more than a page), tags and authors:
both must stay within the page's budget, and the counts must be equal.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleUpdate, Author, Tag
from pages.models import Page
from tests.factories import (
    ArticleFactory,
    ArticleUpdateFactory,
    AuthorFactory,
    PageFactory,
    RelatedLinkFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

# page: (path, budget), measured with an empty cache. The month list and the menus
# (pages/template_globals.py) on every page are two of the queries; the briefings'
# "Featured in" (posts), "Briefing:" (tag archives) and the front page's briefings (page
# 1 of home) are one each. Pictures, kickers and bylines' photos come with the posts'
# own rows (tests/test_front_page.py). List pages read their posts' ids, then the posts
# with their bylines and tags (three queries) only for summaries not in the cache.
PAGES = {
    "home": ("/", 6),
    "home page 2": ("/?page=2", 6),
    "post with curated links": ("/2024/02/03/the-post/", 7),
    "post with related by tags": ("/2024/02/03/untended/", 8),
    "tag archive": ("/tag/common/", 8),
    "author archive": ("/author/jo/", 7),
    "year archive": ("/2024/", 6),
    "month archive": ("/2024/02/", 6),
    "day archive": ("/2024/02/03/", 8),
    # On PostgreSQL one of them asks the planner how common the words are (EXPLAIN),
    # one sets the search's time limit (in a transaction: BEGIN and COMMIT are two more
    # round trips in production, savepoints here, and not counted); then the ranking,
    # the page's extracts, and the summaries as on list pages (none once cached).
    "search": ("/search/?q=council", 8),
    "empty search": ("/search/", 2),
    "site feed": ("/feed/", 1),
    "site feed (Atom)": ("/feed/atom/", 1),
    "tag feed": ("/tag/common/feed/", 2),
    "tag feed (Atom)": ("/tag/common/feed/atom/", 2),
    "author feed": ("/author/jo/feed/", 2),
    "author feed (Atom)": ("/author/jo/feed/atom/", 2),
    # A count and the newest lastmod for each of the five sections.
    "sitemap index": ("/sitemap.xml", 10),
    "sitemap posts": ("/sitemap-posts.xml", 2),
    "sitemap tags": ("/sitemap-tags.xml", 2),
    "sitemap authors": ("/sitemap-authors.xml", 2),
    "sitemap briefings": ("/sitemap-briefings.xml", 2),
    "sitemap pages": ("/sitemap-pages.xml", 2),
    "robots.txt": ("/robots.txt", 0),
    # The tag (the timeline: its posts oldest first, grouped by month), the count, the
    # page's posts, the briefing beside it, the month list and the menus.
    "story so far": ("/tag/common/story/", 6),
    # The count, the page's corrections with their posts, the month list, the menus.
    "corrections": ("/corrections/", 4),
    "corrections feed": ("/corrections/feed/", 1),
    "corrections feed (Atom)": ("/corrections/feed/atom/", 1),
    # The page, the month list, the menus.
    "page": ("/about/", 3),
    # The tag, the month list, the menus, and the stored-redirect lookup before any 404.
    "not found": ("/tag/no-such-tag/", 4),
}


def build_site(count):
    """`count` posts on 3 Feb 2024 sharing tags and authors, plus two posts to open."""
    authors = [AuthorFactory(slug="jo"), *AuthorFactory.create_batch(count)]
    day = datetime(2024, 2, 3, 9, tzinfo=LONDON)
    posts = [
        ArticleFactory(
            title=f"Council story {n}",
            publish_at=day.replace(minute=n % 60),
            authors=authors[: 1 + n % len(authors)],
            tags=["common", f"own {n}", f"shared {n % 3}"],
        )
        for n in range(count)
    ]
    curated = ArticleFactory(
        slug="the-post", publish_at=day, authors=authors[:count], tags=["common"]
    )
    for post in posts:
        RelatedLinkFactory(article=curated, related=post)
        ArticleUpdateFactory(article=curated)
    ArticleFactory(
        slug="untended",
        publish_at=day,
        authors=authors[:count],
        tags=["common", *[f"own {n}" for n in range(count)]],
    )
    # "common" is a story; every post but one has a correction (more than a page of them
    # with many posts); pages in both menus, one of them the corrections policy.
    Tag.objects.filter(name="common").update(is_story=True)
    for post in posts:
        ArticleUpdateFactory(article=post, kind=ArticleUpdate.Kind.CORRECTION)
    ArticleUpdateFactory(article=curated, kind=ArticleUpdate.Kind.CORRECTION)
    PageFactory(slug="about", menu=Page.Menu.HEADER)
    PageFactory(slug="policy", menu=Page.Menu.FOOTER, is_corrections_policy=True)


def clear_site():
    Article.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    Page.objects.all().delete()


def page_queries(client, path):
    """The queries of one request, less the savepoints that exist only because each
    test runs inside a transaction (a search's time limit is a transaction of its own)."""
    # A broken page answering with the cheap 404 must not pass its budget.
    expected = 404 if path == PAGES["not found"][0] else 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == expected, (path, response.status_code)
    sqls = [query["sql"] for query in queries]
    return [sql for sql in sqls if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_within_budget_and_flat(client, page):
    path, budget = PAGES[page]
    counts = {}
    # Few posts and more than a page of them; page 2 needs more than a page to exist.
    for size in (12, 24) if "page=2" in path else (3, 14):
        clear_site()
        build_site(size)
        first = page_queries(client, path)  # the month list's query included
        assert len(first) <= budget, f"{page} with {size} posts: " + "\n".join(first)
        counts[size] = len(page_queries(client, path))
    assert len(set(counts.values())) == 1, f"{page}: {counts}"


@pytest.mark.parametrize(
    ("path", "warm"),
    [("/", 1), ("/tag/common/", 3), ("/author/jo/", 2), ("/2024/02/", 1)],
)
def test_list_pages_read_their_posts_in_one_query_once_counts_are_kept(client, path, warm):
    # Archive counts and the month list are kept in the cache: what is left is the
    # page's posts (one query), the tag's or author's own row, the tag's briefing link.
    build_site(30)
    page_queries(client, path)
    assert len(page_queries(client, path)) == warm
