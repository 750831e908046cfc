from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Tag
from campaign4change.text import EXCERPT_SCAN, excerpt_from_html
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_posts():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    assert list(Article.objects.published()) == [live]


def test_scheduled_post_appears_by_itself_when_its_time_comes():
    with time_machine.travel("2026-03-01 08:00Z", tick=False):
        post = ArticleFactory(publish_at=timezone.now() + timedelta(hours=2))
        assert post not in Article.objects.published()
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        assert post in Article.objects.published()


def test_draft_with_past_date_is_not_public():
    post = ArticleFactory(draft=True, publish_at=timezone.now() - timedelta(days=30))
    assert post not in Article.objects.published()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Mutual Pathfinders", "mutual-pathfinders"),
        ("Реформа госуслуг", "reforma-gosuslug"),
        ("Ψηφιακή διακυβέρνηση", "psifiaki-diakyvernisi"),
        ("الحكومة الرقمية", "lhkwmh-lrqmyh"),
        ("数字政府", "shuzizhengfu"),
    ],
)
def test_tags_and_articles_get_readable_slugs_from_any_script(title, expected):
    tag = Tag.objects.create(name=title)
    article = ArticleFactory(title=title, slug="")
    assert tag.slug == expected
    assert article.slug == expected


def test_symbol_only_titles_never_give_an_empty_slug():
    article = ArticleFactory(title="!!! ???", slug="")
    assert article.slug.startswith("item-")


def test_duplicate_titles_get_distinct_slugs():
    first = ArticleFactory(title="Same headline", slug="")
    second = ArticleFactory(title="Same headline", slug="")
    assert (first.slug, second.slug) == ("same-headline", "same-headline-2")


def test_tags_are_case_insensitive():
    one = ArticleFactory(tags=["NHS"])
    two = ArticleFactory(tags=["nhs"])
    assert Tag.objects.count() == 1
    assert list(one.tags.all()) == list(two.tags.all())


def test_byline_joins_authors_in_order():
    a, b, c = AuthorFactory(name="Ann"), AuthorFactory(name="Bob"), AuthorFactory(name="Cy")
    assert ArticleFactory(authors=[a]).byline == "Ann"
    assert ArticleFactory(authors=[b, a]).byline == "Bob and Ann"
    assert ArticleFactory(authors=[c, a, b]).byline == "Cy, Ann and Bob"


def test_excerpt_falls_back_to_body_text():
    article = ArticleFactory(
        standfirst="",
        body="<p>First <strong>words</strong> here.</p><p>Then&nbsp;more &amp; more.</p>",
    )
    assert article.excerpt == "First words here. Then more & more."


@pytest.mark.parametrize(
    ("opening", "opening_words"),
    [
        ("", []),  # prose from the start: the excerpt is read from the body's start
        ('<img src="/media/' + "x" * 3000 + '.png" alt="">', []),  # markup first: all of it
        # A link whose tag runs across the point where reading stops.
        ("<p>" + "lead " * 45 + '<a href="/' + "y" * 2000 + '">Link</a></p>', ["lead"] * 45),
    ],
)
def test_excerpt_of_a_long_body_is_its_first_forty_words(opening, opening_words):
    paragraphs = [
        " ".join(f"word{n}" for n in range(start, start + 6)) for start in range(0, 600, 6)
    ]
    body = opening + "".join(f"<p>{text} &amp;</p>" for text in paragraphs)
    article = ArticleFactory(standfirst="", body=body)
    text = opening_words + " ".join(f"{text} &" for text in paragraphs).split()
    assert article.excerpt == " ".join(text[:40]) + "…"


def test_excerpt_read_from_a_body_start_is_the_whole_body_excerpt():
    # Forty words, then an entity cut in two where reading stops, then no more words:
    # the start reads a 41st "word" (half the entity), the whole body has only forty.
    words = " ".join(f"w{n}" for n in range(40))
    start = f"<p>{words} <i>"
    padding = " " * (EXCERPT_SCAN - 3 - len(start) - len("</i>"))
    body = start + padding + "</i>&nbsp;</p>" + "<p><br></p>" * 200
    assert body.index("&nbsp;") == EXCERPT_SCAN - 3
    assert excerpt_from_html(body) == words


def test_featured_image_requires_alt_text():
    image = SimpleUploadedFile("a.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif")
    article = ArticleFactory.build(featured_image=image, featured_image_alt="")
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["slug"])
    assert "featured_image_alt" in error.value.message_dict


def test_database_refuses_image_without_alt_text():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(featured_image="featured/x.png")


def test_body_is_sanitised_whatever_saves_it():
    article = ArticleFactory(body='<p onclick="steal()">Hi<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Hi</p>"
