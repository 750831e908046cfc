"""Related posts: curated links first, else posts sharing the rarest tags; admin suggestions."""

import re
from datetime import timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from articles.models import Article, RelatedLink
from articles.related import CANDIDATES_PER_TAG
from tests.factories import ArticleFactory, AuthorFactory, RelatedLinkFactory
from tests.forms import admin_form, change_url
from tests.test_admin import article_form_data, inline_management

pytestmark = pytest.mark.django_db


def related_on_page(client, article):
    """The posts under "Related" on `article`'s page, in order, and the page's HTML."""
    html = client.get(article.get_absolute_url()).content.decode()
    section = html.partition('<section class="related"')[2].partition("</section>")[0]
    slugs = [resolve(href).kwargs["slug"] for href in re.findall(r'<a href="([^"]+)"', section)]
    posts = Article.objects.in_bulk(slugs, field_name="slug")
    return [posts[slug] for slug in slugs], html


def test_curated_related_links_come_first_in_their_order(client):
    article = ArticleFactory(tags=["Mutuals"])
    ArticleFactory(tags=["Mutuals"], title="Shares a tag")
    second = RelatedLinkFactory(article=article, position=2).related
    first = RelatedLinkFactory(article=article, position=1).related
    related, html = related_on_page(client, article)
    assert related == [first, second]
    assert '<h2 id="related-heading">Related Links</h2>' in html
    assert "Shares a tag" not in html


@pytest.mark.parametrize("links", [1, 16, 20])
def test_every_curated_link_shows_however_many_there_are(client, links):
    # Up to 16 are read by one compiled query (articles/related.py), more by another.
    article = ArticleFactory()
    chosen = [RelatedLinkFactory(article=article, position=n).related for n in range(links)]
    hidden = RelatedLinkFactory(article=article, position=links, related__draft=True).related
    related, html = related_on_page(client, article)
    assert related == chosen
    assert hidden.title not in html


def test_without_curated_links_posts_sharing_rare_tags_rank_first(client):
    article = ArticleFactory(tags=["NHS", "Tri-borough pathfinder", "Shared services"])
    # "NHS" is common: sharing it says little. The pathfinder tag is rare.
    for _ in range(8):
        ArticleFactory(tags=["NHS"])
    rare = ArticleFactory(tags=["Tri-borough pathfinder"], title="Rare match")
    two_common = ArticleFactory(tags=["NHS", "Shared services"], title="Two common")
    one_medium = ArticleFactory(tags=["Shared services"], title="One medium")
    related, html = related_on_page(client, article)
    # Weights 1/log2(1 + posts with the tag): NHS 0.29, Shared services 0.5, pathfinder 0.63.
    assert related[:3] == [two_common, rare, one_medium]
    assert len(related) == 5
    assert '<h2 id="related-heading">Related posts</h2>' in html


def test_rarer_shared_tag_beats_commoner_one(client):
    article = ArticleFactory(tags=["NHS", "Pathfinder"])
    ArticleFactory.create_batch(6, tags=["NHS"])
    ArticleFactory.create_batch(1, tags=["Pathfinder"])
    related, _html = related_on_page(client, article)
    assert [tag.name for tag in related[0].tags.all()] == ["Pathfinder"]


def test_posts_sharing_the_same_tags_rank_newest_first(client):
    article = ArticleFactory(tags=["Mutuals"])
    now = timezone.now()
    older = ArticleFactory(tags=["Mutuals"], publish_at=now - timedelta(days=30))
    newest = ArticleFactory(tags=["Mutuals"], publish_at=now - timedelta(days=1))
    middle = ArticleFactory(tags=["Mutuals"], publish_at=now - timedelta(days=10))
    related, html = related_on_page(client, article)
    assert related == [newest, middle, older]
    assert html.index(newest.title) < html.index(middle.title) < html.index(older.title)


def test_an_old_post_sharing_a_rare_tag_beats_many_newer_ones_sharing_a_common_tag(client):
    # Candidates are the newest posts of each tag: the common tag's newest fill its
    # share, and the rare tag's old post must still be found and ranked first.
    article = ArticleFactory(tags=["NHS", "Pathfinder"])
    old_rare = ArticleFactory(tags=["Pathfinder"], publish_at=timezone.now() - timedelta(days=3000))
    ArticleFactory.create_batch(CANDIDATES_PER_TAG + 5, tags=["NHS"])
    related, _html = related_on_page(client, article)
    assert related[0] == old_rare


def test_fallback_leaves_out_drafts_scheduled_posts_and_the_post_itself(client):
    article = ArticleFactory(tags=["Mutuals"])
    ArticleFactory(tags=["Mutuals"], draft=True)
    ArticleFactory(tags=["Mutuals"], scheduled=True)
    related, _html = related_on_page(client, article)
    assert related == []


def test_curated_links_to_unpublished_posts_fall_back_to_shared_tags(client):
    article = ArticleFactory(tags=["Mutuals"])
    RelatedLinkFactory(article=article, related=ArticleFactory(draft=True))
    sharing = ArticleFactory(tags=["Mutuals"])
    related, _html = related_on_page(client, article)
    assert related == [sharing]


def test_admin_form_suggests_related_posts_by_shared_rare_tags(admin_client):
    article = ArticleFactory(tags=["Pathfinder", "NHS"])
    best = ArticleFactory(tags=["Pathfinder"], title="Best suggestion")
    ArticleFactory.create_batch(3, tags=["NHS"])
    already = ArticleFactory(tags=["Pathfinder", "NHS"], title="Already linked")
    RelatedLinkFactory(article=article, related=already)
    ArticleFactory(tags=["Pathfinder"], title="Draft suggestion", draft=True)
    response = admin_client.get(change_url(article))
    field = response.context["adminform"].form["suggested_related"]
    choices = [label for _value, label in field.field.choices]
    assert choices[0].startswith("Best suggestion (")
    assert not any(label.startswith(("Already linked", "Draft suggestion")) for label in choices)
    assert "Suggested Related Links" in response.content.decode()
    assert best.pk in [value.value for value, _label in field.field.choices]


def test_ticking_suggestions_appends_them_to_related_links(admin_client):
    author = AuthorFactory()
    article = ArticleFactory(
        tags=["Pathfinder"], authors=[author], slug="council-brings-it-contract-back-in-house"
    )
    chosen = RelatedLinkFactory(article=article, position=0).related
    suggestion = ArticleFactory(tags=["Pathfinder"], title="Suggested")
    data = admin_form(admin_client, change_url(article))
    data["suggested_related"] = [str(suggestion.pk)]
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [link.related for link in RelatedLink.objects.filter(article=article)] == [
        chosen,
        suggestion,
    ]


def test_suggestions_cannot_be_forged(admin_client):
    author = AuthorFactory()
    article = ArticleFactory(tags=["Pathfinder"], authors=[author])
    unrelated = ArticleFactory(tags=["Elsewhere"])
    data = article_form_data(author, slug=article.slug, tags="Pathfinder")
    data.update(inline_management("article_authors", total=1, initial=1))
    data["article_authors-0-id"] = str(article.article_authors.get().pk)
    data["article_authors-0-article"] = str(article.pk)
    data["suggested_related"] = [str(unrelated.pk)]
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "suggested_related" in response.context["adminform"].form.errors
    assert not RelatedLink.objects.exists()


def test_new_posts_get_no_suggestions_yet(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))
    assert list(response.context["adminform"].form["suggested_related"].field.choices) == []


def test_a_newly_published_post_joins_the_suggestions_of_older_posts_on_its_topics(
    client, settings
):
    """Suggestions are ranked when posts change, not on every read: publishing a post
    ranks its neighbours' again, and their pages, cached or not, show it."""
    settings.PAGE_CACHE = True
    older = ArticleFactory(tags=["Tri-borough pathfinder"], title="Older story")
    assert related_on_page(client, older)[0] == []
    newer = ArticleFactory(tags=["Tri-borough pathfinder"], draft=True, publish_at=None)
    assert related_on_page(client, older)[0] == []  # a draft is in nobody's suggestions
    newer.status = Article.Status.PUBLISHED
    newer.save()
    assert related_on_page(client, older)[0] == [newer]
    newer.status = Article.Status.DRAFT
    newer.save()
    assert related_on_page(client, older)[0] == []


def test_suggestions_are_kept_on_the_post_and_the_page_reads_them_in_one_query(
    client, django_assert_num_queries, settings
):
    settings.FRAGMENT_CACHE = False  # the post's own part rendered each time
    article = ArticleFactory(tags=["Tri-borough pathfinder", "NHS"])
    others = ArticleFactory.create_batch(3, tags=["Tri-borough pathfinder"])
    article.refresh_from_db()
    assert set(article.suggested_ids) == {post.pk for post in others}
    client.get(article.get_absolute_url())
    # The post (whose query says that no briefing lists it), its related posts.
    with django_assert_num_queries(2):
        client.get(article.get_absolute_url())
