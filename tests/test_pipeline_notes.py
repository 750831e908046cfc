"""Notes on a draft: threads, quoted passages, @mentions, resolving; never public."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from editorial.models import PreviewLink
from pipeline import notes
from pipeline.models import Mail, Note
from tests.factories import ArticleFactory
from tests.forms import admin_form, change_url
from tests.pipeline_helpers import action_url, messages_of

pytestmark = pytest.mark.django_db

SECRET = "Lawyers say do not name the whistleblower"
QUOTED = "a senior officer told us"


def noted_post(newsroom, act, **kwargs):
    article = ArticleFactory(
        title="Payroll inquiry",
        slug="payroll-inquiry",
        body=f"<p>Yesterday {QUOTED} that the payroll failed.</p>",
        tags=["Payroll"],
        authors=[newsroom.jo.author],
        **kwargs,
    )
    act(newsroom.clients.ed, action_url("add_note", article), {"body": SECRET, "quote": QUOTED})
    return article


@pytest.mark.parametrize("page_cache_on", [False, True], ids=["uncached", "page-cache"])
def test_notes_are_on_no_public_page_feed_search_or_json_ld(
    newsroom, act, client, settings, page_cache_on
):
    settings.PAGE_CACHE = page_cache_on
    article = noted_post(newsroom, act)
    assert Note.objects.filter(article=article, body=SECRET).exists()
    pages = [
        article.get_absolute_url(),  # its JSON-LD is on the page
        reverse("articles:home"),
        reverse("articles:feed"),
        reverse("articles:feed_atom"),
        reverse("articles:tag", args=["payroll"]),
        reverse("articles:tag_feed", args=["payroll"]),
    ]
    for _ in range(2):  # the second time from the page cache, when it is on
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            html = response.content.decode()
            assert "Payroll inquiry" in html, page
            assert "whistleblower" not in html, page
            assert "Lawyers say" not in html, page
        # Search does not find the post by its notes' words.
        found = client.get(reverse("articles:search") + "?q=whistleblower").content.decode()
        assert "Payroll inquiry" not in found
        assert (
            "Payroll inquiry"
            in client.get(reverse("articles:search") + "?q=payroll").content.decode()
        )


def test_notes_are_not_on_a_preview_links_page(newsroom, act, client):
    article = noted_post(newsroom, act, draft=True)
    link = PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=article.pk,
        expires_at=timezone.now() + timedelta(days=1),
    )
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert "Payroll inquiry" in response.content.decode()
    assert "whistleblower" not in response.content.decode()


def test_notes_are_not_in_revisions_and_a_restore_leaves_them_alone(newsroom, act):
    article = noted_post(newsroom, act, draft=True)
    client = newsroom.clients.ed
    data = admin_form(client, change_url(article))
    act(client, change_url(article), {**data, "title": "First title"})
    first = Version.objects.get_for_object(article).first()
    act(client, action_url("add_note", article), {"body": "A later note"})
    data = admin_form(client, change_url(article))
    act(client, change_url(article), {**data, "title": "Second title"})
    # No revision holds a note: restoring one can neither bring back nor remove notes.
    for version in Version.objects.filter(
        revision__version__in=Version.objects.get_for_object(article)
    ):
        assert "whistleblower" not in version.serialized_data
        assert version.content_type.model != "note"
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    act(client, url, admin_form(client, url))
    article.refresh_from_db()
    assert article.title == "First title"
    assert sorted(article.notes.values_list("body", flat=True)) == ["A later note", SECRET]
    assert "whistleblower" not in article.body


def test_a_note_saves_nothing_of_the_post(newsroom, act):
    article = ArticleFactory(authors=[newsroom.jo.author], draft=True)
    updated_at = Article.objects.get(pk=article.pk).updated_at
    act(newsroom.clients.jo, action_url("add_note", article), {"body": "Check the figures"})
    assert Article.objects.get(pk=article.pk).updated_at == updated_at
    assert not Version.objects.get_for_object(article).exists()


def test_the_thread_shows_under_the_form_with_its_quote_replies_and_resolving(newsroom, act):
    article = noted_post(newsroom, act, draft=True)
    thread = Note.objects.get(article=article)
    act(newsroom.clients.jo, reverse("pipeline:reply", args=[thread.pk]), {"body": "Agreed, cut."})
    page = newsroom.clients.jo.get(change_url(article)).content.decode()
    assert f'<blockquote class="note-quote">{QUOTED}</blockquote>' in page
    assert SECRET in page and "Agreed, cut." in page
    # Under the post's form, not in it: adding a note never submits the post.
    assert page.index('id="notes"') > page.index("</form>", page.index('id="article_form"'))
    act(newsroom.clients.jo, reverse("pipeline:resolve", args=[thread.pk]))
    thread.refresh_from_db()
    assert thread.resolved_by == newsroom.jo
    page = newsroom.clients.jo.get(change_url(article)).content.decode()
    assert "Resolved by jo" in page and "Reopen" in page
    # A reply to a resolved thread reopens it.
    act(newsroom.clients.ed, reverse("pipeline:reply", args=[thread.pk]), {"body": "One more."})
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_note_text_is_escaped_and_mentions_are_marked(newsroom, act):
    article = ArticleFactory(authors=[newsroom.jo.author], draft=True)
    act(
        newsroom.clients.jo,
        action_url("add_note", article),
        {"body": "<script>alert(1)</script> ask @ed, not me@example.org"},
    )
    page = newsroom.clients.jo.get(change_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<strong class="mention">@ed</strong>, not me@example.org' in page


def test_a_mention_of_someone_who_may_not_open_the_post_tells_nobody(newsroom, act):
    article = ArticleFactory(authors=[newsroom.jo.author], draft=True)
    response = act(
        newsroom.clients.jo, action_url("add_note", article), {"body": "@sam what do you think?"}
    )
    assert "@sam may not open this post, so they were not told." in messages_of(response)
    assert not Mail.objects.filter(recipient=newsroom.sam).exists()
    assert not Note.objects.get(article=article).mentions.exists()


def test_mentions_are_read_from_the_text(newsroom):
    assert notes.mentioned_names("Thanks @Jo. Ask @tom.okafor, or mail a@b.org!") == {
        "jo",
        "tom.okafor",
    }


def test_an_empty_or_oversized_note_is_refused_with_a_message(newsroom, act):
    article = ArticleFactory(authors=[newsroom.jo.author], draft=True)
    for body in ["", "x" * 5001]:
        response = act(newsroom.clients.jo, action_url("add_note", article), {"body": body})
        assert response.status_code == 302
        assert "Write something in the note" in " ".join(messages_of(response))
    assert not article.notes.exists()
