"""Revisions: every admin save keeps one (with the inlines), editors compare, restore
and recover, and the number kept per object is bounded."""

import html as html_module
import io
import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleUpdate, Tag
from campaign4change.sanitizer import sanitize_html
from editorial.roles import EDITOR, JOURNALIST
from tests.briefing_factories import BriefingFactory
from tests.factories import ArticleFactory, AuthorFactory, RelatedLinkFactory
from tests.forms import admin_form, change_url
from tests.test_admin import png_upload
from tests.test_seo import json_ld
from tests.test_sitemap import entries

pytestmark = pytest.mark.django_db


def edit(client, article, **changes):
    """Save `article` through its admin change form with `changes` applied."""
    data = admin_form(client, change_url(article))
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()
    return article


def versions_of(article):
    return Version.objects.get_for_object(article)


@pytest.fixture
def editor(member):
    return member(EDITOR)


@pytest.fixture
def editor_client(editor, client_for):
    return client_for(editor)


def test_each_admin_save_keeps_a_revision_with_byline_tags_links_and_updates(editor_client):
    related = ArticleFactory(title="Earlier story")
    article = ArticleFactory(title="First", tags=["NHS"])
    ArticleUpdate.objects.create(article=article, note="Figures confirmed.")
    data = admin_form(editor_client, change_url(article))
    data.update(
        {
            "title": "Second",
            "related_links-TOTAL_FORMS": "1",
            "related_links-0-related": str(related.pk),
            "related_links-0-position": "0",
        }
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    [version] = versions_of(article)
    stored = {v.content_type.model for v in version.revision.version_set.all()}
    assert stored == {"article", "articleauthor", "taggedarticle", "relatedlink", "articleupdate"}
    assert version.revision.user.username == "editor"
    assert version.field_dict["title"] == "Second"


def test_history_shows_who_changed_what_and_when(editor_client):
    article = ArticleFactory(title="First")
    edit(editor_client, article, title="Second")
    edit(editor_client, article, title="Third")
    page = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    html = page.content.decode()
    assert "editor" in html
    assert "Changed Title" in html
    assert 'name="version_id1"' in html  # the compare form


# A save that changes nothing records nothing ------------------------------------------

# A body as stored, and as CKEditor 4 sends it back when the editor saves without
# touching it (recorded from Chromium): line breaks and tabs around blocks, CRLF line
# ends, <br />, attributes sorted, entities, and <b>/<i> turned into <strong>/<em>.
STORED_BODY = (
    "<h2>What happens next</h2><ul><li>a consultation</li><li>a vote</li></ul>"
    "<blockquote><p>We listened.</p></blockquote><p>Line one<br>line two, <b>bold</b> "
    "<i>italic</i></p><pre>  code\n    indented</pre><p>"
    '<a href="https://www.gov.uk/" title="GOV.UK">Guidance</a> for cafés &amp; bars\xa0today.</p>'
)
BODY_AS_CKEDITOR_SENDS_IT = (
    "<h2>What happens next</h2>\r\n\r\n<ul>\r\n\t<li>a consultation</li>\r\n\t<li>a vote"
    "</li>\r\n</ul>\r\n\r\n<blockquote>\r\n<p>We listened.</p>\r\n</blockquote>\r\n\r\n"
    "<p>Line one<br />\r\nline two, <strong>bold</strong> <em>italic</em></p>\r\n\r\n"
    "<pre>\r\n  code\r\n    indented</pre>\r\n\r\n<p>"
    '<a href="https://www.gov.uk/" rel="noopener noreferrer" title="GOV.UK">Guidance</a> for '
    "caf&eacute;s &amp; bars&nbsp;today.</p>\r\n"
)


def date_modified(client, article):
    page = client.get(article.get_absolute_url())
    return json_ld(page.content.decode())["NewsArticle"]["dateModified"]


@pytest.mark.parametrize("button", ["_save", "_continue"])
def test_saving_a_post_unchanged_records_nothing_and_moves_no_date(editor_client, client, button):
    ann, bo = AuthorFactory(name="Ann Lee"), AuthorFactory(name="Bo Kay")
    article = ArticleFactory(body=STORED_BODY, tags=["NHS", "Health, care"], authors=[ann, bo])
    RelatedLinkFactory(article=article, related=ArticleFactory(title="Earlier story"))
    ArticleUpdate.objects.create(
        article=article, note='Figures <a href="https://www.gov.uk/">confirmed</a>.\nMore soon.'
    )
    updated_at = Article.objects.get(pk=article.pk).updated_at
    dated, sitemap = date_modified(client, article), entries(client, "/sitemap-posts.xml")
    data = admin_form(editor_client, change_url(article))
    # As a browser sends the form: CKEditor's rewrite of the body, CRLF in textareas.
    data["body"] = BODY_AS_CKEDITOR_SENDS_IT
    data["updates-0-note"] = data["updates-0-note"].replace("\n", "\r\n")
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        response = editor_client.post(change_url(article), {**data, button: "1"}, follow=True)
    # Where that button leads after any save.
    stays = button == "_continue"
    target = change_url(article) if stays else reverse("admin:articles_article_changelist")
    assert response.redirect_chain == [(target, 302)]
    assert [str(message) for message in response.context["messages"]] == ["No changes to save."]
    assert not versions_of(article).exists()
    assert not LogEntry.objects.filter(object_id=str(article.pk)).exists()
    assert Article.objects.get(pk=article.pk).updated_at == updated_at
    assert date_modified(client, article) == dated
    assert entries(client, "/sitemap-posts.xml") == sitemap


@pytest.mark.parametrize(
    "edited",
    [
        STORED_BODY.replace("<b>bold</b> <i>", "<b>bold</b><i>"),  # a space between two words
        STORED_BODY.replace("    indented", "  indented"),  # layout inside <pre> is content
        STORED_BODY.replace("a vote", "a ballot"),
    ],
)
def test_any_real_edit_of_the_body_is_saved_and_recorded(editor_client, edited):
    article = ArticleFactory(body=STORED_BODY)
    edit(editor_client, article, body=edited)
    assert article.body == sanitize_html(edited)
    assert versions_of(article).get().revision.comment == "Changed Body."


def test_a_change_to_the_byline_alone_is_saved_recorded_and_moves_the_version(editor_client):
    ann, bo = AuthorFactory(name="Ann Lee"), AuthorFactory(name="Bo Kay")
    article = ArticleFactory(authors=[ann, bo])
    updated_at = Article.objects.get(pk=article.pk).updated_at
    data = admin_form(editor_client, change_url(article))
    data["article_authors-0-position"], data["article_authors-1-position"] = "1", "0"
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert editor_client.post(change_url(article), data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.byline == "Bo Kay and Ann Lee"
    assert article.updated_at > updated_at  # a stale copy of the old byline is a conflict
    assert "Changed Position" in versions_of(article).get().revision.comment


# Comparing revisions --------------------------------------------------------------------


def compare_page(client, obj):
    """The compare view of `obj`'s two newest revisions: {heading: difference shown}."""
    newer, older = Version.objects.get_for_object(obj)[:2]
    opts = obj._meta
    page = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[obj.pk]),
        {"version_id1": older.pk, "version_id2": newer.pk},
    )
    assert page.status_code == 200
    sections = re.findall(
        r'<h3>(.*?)</h3>.*?<div class="module">\s*(.*?)\s*</div>', page.content.decode(), re.DOTALL
    )
    return dict(sections)


def orders(diff):
    """(rows before, rows after) from a compared list: "- " removed, "+ " added."""
    lines = html_module.unescape(re.sub(r"<[^>]+>", "", diff)).strip("\n").splitlines()
    return [line[2:] for line in lines if line[:1] in "- "], [
        line[2:] for line in lines if line[:1] in "+ "
    ]


def test_compare_shows_the_difference_between_two_revisions(editor_client):
    article = ArticleFactory(title="Council reviews contract")
    edit(editor_client, article, title="Council keeps contract")
    edit(editor_client, article, title="Council ends contract")
    compared = compare_page(editor_client, article)
    assert "Council <del>keep</del><ins>end</ins>s contract" in compared["title"]
    # Only what changed: the byline, tags and links were left alone.
    assert not {"byline", "tags", "related links", "article_authors"} & set(compared)


def test_compare_shows_tags_byline_order_links_updates_and_featured_image(editor_client, caplog):
    ann, bo = AuthorFactory(name="Ann Lee"), AuthorFactory(name="Bo Kay")
    earlier = ArticleFactory(title="Earlier story")
    article = ArticleFactory(title="Working title", tags=["NHS", "Digital"], authors=[ann, bo])
    edit(editor_client, article, title="Council ends contract")
    data = admin_form(editor_client, change_url(article))
    data.update(
        {
            "tags": ["NHS", "Outsourcing"],
            # Bo Kay dragged before Ann Lee.
            "article_authors-0-position": "1",
            "article_authors-1-position": "0",
            "related_links-TOTAL_FORMS": "1",
            "related_links-0-related": str(earlier.pk),
            "related_links-0-position": "0",
            "updates-TOTAL_FORMS": "1",
            "updates-0-posted_at_0": "03/02/2026",
            "updates-0-posted_at_1": "09:00:00",
            "updates-0-kind": "correction",
            "updates-0-note": "The contract was worth £4m, not £40m.",
            "featured_image": png_upload("council.png"),
            "featured_image_alt": "The council chamber",
        }
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    with caplog.at_level(logging.ERROR):
        compared = compare_page(editor_client, article)
    assert not caplog.records  # reversion-compare logged taggit's TypeError here
    assert orders(compared["tags"]) == (["Digital", "NHS"], ["NHS", "Outsourcing"])
    assert orders(compared["byline"]) == (["Ann Lee", "Bo Kay"], ["Bo Kay", "Ann Lee"])
    assert orders(compared["related links"]) == ([], ["Earlier story"])
    assert orders(compared["updates and corrections"]) == (
        [],
        ["Correction, 3 Feb 2026: The contract was worth £4m, not £40m."],
    )
    assert "council.png" in compared["featured image"]
    assert "+ The council chamber" in compared["featured image alt text"]


def test_compare_shows_a_briefings_topic_tags(admin_client):
    from tests.test_briefings_admin import briefing_form_data

    briefing = BriefingFactory(title="Mutuals Briefing", tags=["Mutuals"])
    for title, tags in [("Mutuals Briefing", ["Mutuals"]), ("Mutuals", ["Mutuals", "Pathfinders"])]:
        data = briefing_form_data(briefing, title=title, tags=tags)
        assert admin_client.post(change_url(briefing), data).status_code == 302
    compared = compare_page(admin_client, briefing)
    assert orders(compared["topic tags"]) == (["Mutuals"], ["Mutuals", "Pathfinders"])
    assert "Mutuals Briefing" in compared["title"]


def test_restoring_a_revision_brings_back_fields_byline_and_tags(editor_client):
    first_author, second_author = AuthorFactory(name="Ann Lee"), AuthorFactory(name="Bo Kay")
    article = ArticleFactory(title="Working title", authors=[first_author], tags=["NHS"])
    edit(editor_client, article, title="Original")
    old = versions_of(article).first()
    edit(
        editor_client,
        article,
        title="Rewritten",
        tags="Outsourcing",
        **{"article_authors-0-author": str(second_author.pk)},
    )
    assert article.byline == "Bo Kay"
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    data = admin_form(editor_client, revision_url)
    assert data["title"] == "Original"
    assert editor_client.post(revision_url, data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.title == "Original"
    assert article.byline == "Ann Lee"
    assert sorted(article.tags.names()) == ["NHS"]
    assert versions_of(article).first().revision.comment.startswith("Reverted")


def test_restoring_an_old_slug_of_a_live_post_leaves_a_redirect(editor_client, client):
    article = ArticleFactory(slug="first-slug")
    edit(editor_client, article, standfirst="Kept in the first revision.")
    old = versions_of(article).first()
    edit(editor_client, article, slug="second-slug")
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    editor_client.post(revision_url, admin_form(editor_client, revision_url))
    article.refresh_from_db()
    assert article.slug == "first-slug"
    second_url = article.get_absolute_url().replace("first-slug", "second-slug")
    response = client.get(second_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_an_old_revision_stays_restorable_after_its_tag_is_deleted(editor_client):
    article = ArticleFactory(title="Working title", tags=["Temporary"])
    edit(editor_client, article, title="Tagged")
    old = versions_of(article).first()
    edit(editor_client, article, title="Retitled")
    Tag.objects.get(name="Temporary").delete()
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    response = editor_client.post(revision_url, admin_form(editor_client, revision_url))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tagged"
    assert list(article.tags.all()) == []


def test_editor_recovers_a_deleted_post_with_its_byline_and_tags(editor_client):
    author = AuthorFactory(name="Ann Lee")
    article = ArticleFactory(title="Working title", authors=[author], tags=["NHS"])
    edit(editor_client, article, title="Deleted by mistake")
    pk = article.pk
    editor_client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=pk).exists()
    listing = editor_client.get(reverse("admin:articles_article_recoverlist"))
    assert "Deleted by mistake" in listing.content.decode()
    [deleted] = Version.objects.get_deleted(Article)
    recover_url = reverse("admin:articles_article_recover", args=[deleted.pk])
    response = editor_client.post(recover_url, admin_form(editor_client, recover_url))
    assert response.status_code == 302
    article = Article.objects.get(pk=pk)
    assert article.byline == "Ann Lee"
    assert list(article.tags.names()) == ["NHS"]


def test_a_journalist_cannot_see_compare_or_restore_a_colleagues_revisions(
    editor_client, member, client_for
):
    theirs = ArticleFactory(title="Theirs")
    edit(editor_client, theirs, title="Theirs, edited")
    version = versions_of(theirs).first()
    journalist = client_for(member(JOURNALIST))
    history = journalist.get(reverse("admin:articles_article_history", args=[theirs.pk]))
    assert history.status_code == 302  # "doesn't exist"
    compare = journalist.get(
        reverse("admin:articles_article_compare", args=[theirs.pk]),
        {"version_id1": version.pk, "version_id2": version.pk},
    )
    assert compare.status_code == 404
    revision_url = reverse("admin:articles_article_revision", args=[theirs.pk, version.pk])
    assert journalist.post(revision_url, {"title": "Hijacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Theirs, edited"


def test_a_revision_of_another_post_cannot_be_restored_through_your_own(
    editor_client, member, client_for
):
    user = member(JOURNALIST)
    mine = ArticleFactory(authors=[user.author], title="Mine")
    theirs = ArticleFactory(title="Working title")
    edit(editor_client, theirs, title="Theirs")
    their_version = versions_of(theirs).first()
    url = reverse("admin:articles_article_revision", args=[mine.pk, their_version.pk])
    assert client_for(user).get(url).status_code == 404


def test_recovering_is_for_editors_only(member, client_for):
    article = ArticleFactory()
    pk = article.pk
    with_revision = client_for(member(EDITOR))
    edit(with_revision, article, title="To be deleted")
    article.delete()
    [deleted] = Version.objects.get_deleted(Article)
    journalist = client_for(member(JOURNALIST))
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    assert journalist.get(url).status_code == 403
    assert not Article.objects.filter(pk=pk).exists()


def test_recover_view_only_accepts_deleted_versions_of_its_own_model(editor_client):
    tag_article = ArticleFactory()
    edit(editor_client, tag_article, title="Still here")
    live_version = versions_of(tag_article).first()
    url = reverse("admin:articles_article_recover", args=[live_version.pk])
    assert editor_client.get(url).status_code == 404


def test_bulk_publish_keeps_one_revision_per_post(editor_client):
    drafts = ArticleFactory.create_batch(2, draft=True)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
    )
    for draft in drafts:
        [version] = versions_of(draft)
        assert version.field_dict["status"] == "published"
        assert version.revision.version_set.filter(content_type__model="article").count() == 1


def test_revisions_are_bounded_per_object(editor_client, settings):
    settings.REVISIONS_KEEP = 3
    article = ArticleFactory(title="v0")
    for n in range(1, 6):
        edit(editor_client, article, title=f"v{n}")
    titles = [v.field_dict["title"] for v in versions_of(article)]
    assert titles == ["v5", "v4", "v3"]


def test_prune_revisions_command_trims_existing_history(editor_client, settings):
    settings.REVISIONS_KEEP = 0  # no pruning on save
    article, other = ArticleFactory(title="a0"), ArticleFactory(title="b0")
    for n in range(1, 5):
        edit(editor_client, article, title=f"a{n}")
    edit(editor_client, other, title="b1")
    out = io.StringIO()
    call_command("prune_revisions", "--keep", "2", stdout=out)
    assert [v.field_dict["title"] for v in versions_of(article)] == ["a4", "a3"]
    assert versions_of(other).count() == 1
    assert "articles.Article: deleted 2 old revision(s)" in out.getvalue()
    assert Version.objects.filter(revision__version__isnull=True).count() == 0


def test_prune_revisions_refuses_to_keep_nothing():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("prune_revisions", "--keep", "0")


def test_restore_after_tag_merge_gives_the_merged_tag(editor_client):
    from articles.tags import merge_tags

    article = ArticleFactory(title="Working title", tags=["N.H.S."])
    edit(editor_client, article, title="Tagged")
    old = versions_of(article).first()
    edit(editor_client, article, title="Retitled", tags="")
    duplicate = Tag.objects.get(name="N.H.S.")
    old_tag_url = duplicate.get_absolute_url()
    merge_tags([duplicate], Tag.objects.create(name="NHS"))
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    response = editor_client.post(revision_url, admin_form(editor_client, revision_url))
    assert response.status_code == 302
    assert list(Article.objects.get(pk=article.pk).tags.names()) == ["NHS"]
    assert Redirect.objects.filter(old_path=old_tag_url).exists()
