"""manage.py import_wordpress: what a WordPress export becomes on this site."""

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, Author, ImportedItem, Tag
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import listed
from tests.test_pagecache import cached, html

pytestmark = pytest.mark.django_db

WXR = Path(__file__).parent / "data" / "wxr"
CAMPAIGN = WXR / "wxr-1.2-campaign.xml"
SUBFOLDER = WXR / "wxr-1.1-subfolder.xml"
EARLY = WXR / "wxr-1.0-tags.xml"
HTTPS = WXR / "wxr-1.2-https.xml"


def run_import(path, *args):
    out = StringIO()
    call_command("import_wordpress", str(path), "--skip-media", *args, stdout=out, stderr=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(Article.objects.values_list("slug", "title", "body", "status", "publish_at")),
        sorted(Author.objects.values_list("slug", "name")),
        sorted(Tag.objects.values_list("slug", "name")),
        sorted(Redirect.objects.values_list("old_path", "new_path")),
        ImportedItem.objects.count(),
    )


# --- What posts become ------------------------------------------------------------------


def test_published_post_keeps_its_dated_address_title_author_and_excerpt(client):
    run_import(CAMPAIGN)
    article = Article.objects.get(title="Pathfinder mutuals: the first year")
    # 23:30 GMT on 30 June is 00:30 on 1 July in London: the same day WordPress showed.
    assert article.publish_at == datetime(2012, 6, 30, 23, 30, tzinfo=UTC)
    assert article.get_absolute_url() == "/2012/07/01/pathfinder-mutuals-first-year/"
    assert article.byline == "Jo Marsh"
    assert article.standfirst == "A year on, four of six pathfinders have spun out."
    assert article.is_published
    response = client.get("/2012/07/01/pathfinder-mutuals-first-year/")
    assert response.status_code == 200
    assert "Pathfinder mutuals: the first year" in response.content.decode()


def test_plain_text_body_gets_wordpress_paragraphs_and_line_breaks():
    run_import(CAMPAIGN)
    body = Article.objects.get(slug="pathfinder-mutuals-first-year").body
    assert body.startswith(
        "<p>The Cabinet Office published its review of the pathfinder mutuals today.</p>"
    )
    assert "<p>Staff in four of the six pathfinders voted to leave the council.<br>" in body
    assert "<ul>\n<li>Lambeth</li>" in body
    assert "<p><ul>" not in body


def test_caption_shortcode_becomes_a_figure_and_unknown_shortcodes_stay_as_text():
    run_import(CAMPAIGN)
    body = Article.objects.get(slug="pathfinder-mutuals-first-year").body
    assert "<figure><img" in body
    assert "<figcaption>Staff at the Lambeth pathfinder vote</figcaption></figure>" in body
    assert "[caption" not in body
    assert '[gallery ids="150,151"]' in body


def test_imported_bodies_are_sanitised():
    run_import(CAMPAIGN)
    body = Article.objects.get(slug="pathfinder-mutuals-first-year").body
    assert "<script" not in body
    assert "alert" not in body


def test_bodies_that_already_have_paragraphs_and_block_editor_posts_are_kept():
    run_import(CAMPAIGN)
    russian = Article.objects.get(title="Реформа государственных ИТ")
    assert russian.body == (
        "<p>Уже с абзацами.</p>\n<p>Second paragraph, with <strong>markup</strong>.</p>"
    )
    blocks = Article.objects.get(slug="block-editor").body
    assert "<p>First block.</p>" in blocks and "<p>Second block.</p>" in blocks
    assert "wp:paragraph" not in blocks and "<p><p>" not in blocks


def test_statuses_map_to_published_scheduled_and_draft():
    run_import(CAMPAIGN)
    by_title = {article.title: article for article in Article.objects.all()}
    assert by_title["Outsourcing contracts to watch in 2099"].is_scheduled
    assert by_title["Notes for a piece on shared services"].status == Article.Status.DRAFT
    assert by_title["Waiting for the editor"].status == Article.Status.DRAFT
    assert by_title["Members only"].status == Article.Status.DRAFT  # password-protected
    assert "Deleted thoughts" not in by_title  # in WordPress's trash
    assert set(Article.objects.published().values_list("slug", flat=True)) == {
        "pathfinder-mutuals-first-year",
        "reforma-it",
        "block-editor",
    }


def test_draft_with_empty_slug_and_no_gmt_date_gets_a_slug_from_its_title():
    run_import(CAMPAIGN)
    draft = Article.objects.get(title="Notes for a piece on shared services")
    assert draft.slug == "notes-for-a-piece-on-shared-services"
    # 01:30 on 30 March 2014 never happened in London (clocks went forward): no crash.
    assert timezone.localtime(draft.publish_at).date().isoformat() == "2014-03-30"


def test_percent_encoded_unicode_slug_becomes_readable_ascii_and_old_url_redirects(client):
    run_import(CAMPAIGN)
    article = Article.objects.get(title="Реформа государственных ИТ")
    assert article.slug == "reforma-it"
    response = client.get("/2013/02/14/%D1%80%D0%B5%D1%84%D0%BE%D1%80%D0%BC%D0%B0-%D0%B8%D1%82/")
    assert response.status_code == 301
    assert response["Location"] == "/2013/02/14/reforma-it/"


def test_sticky_posts_are_stored_and_lead_the_home_page(client):
    run_import(CAMPAIGN)
    assert list(Article.objects.filter(is_sticky=True).values_list("slug", flat=True)) == [
        "reforma-it"
    ]
    listed_urls = listed(client.get("/"))
    # The sticky post is older than "block-editor" (2020) yet comes first.
    assert [url.rstrip("/").rsplit("/", 1)[1] for url in listed_urls] == [
        "reforma-it",
        "block-editor",
        "pathfinder-mutuals-first-year",
    ]


def test_authors_come_from_wp_author_with_login_as_slug_and_display_name():
    run_import(CAMPAIGN)
    assert sorted(Author.objects.values_list("slug", "name")) == [
        ("jo-marsh", "Jo Marsh"),
        ("zoe", "Zoë Ångström"),
    ]


def test_wxr_1_0_authors_come_from_dc_creator():
    run_import(EARLY)
    article = Article.objects.get(slug="open-data-and-you")
    assert article.byline == "editor"


def test_categories_and_tags_become_tags_with_parent_categories_names():
    run_import(CAMPAIGN)
    first_year = Article.objects.get(slug="pathfinder-mutuals-first-year")
    # Filed under Mutuals › Mutual Pathfinders: both names are kept.
    assert sorted(first_year.tags.names()) == ["Mutual Pathfinders", "Mutuals", "NHS"]
    russian = Article.objects.get(slug="reforma-it")
    # "Uncategorized" (WordPress's default) is not a tag; entities are decoded.
    assert sorted(russian.tags.names()) == ["Health & Care", "NHS", "Реформа"]
    assert Tag.objects.get(name="Реформа").slug == "reforma"
    assert Tag.objects.get(name="Mutuals").description == "Public-service mutuals & spin-outs"
    assert not Tag.objects.filter(name__in=["Uncategorized", "Aside", "Main menu"]).exists()


def test_wxr_1_0_terms_written_twice_give_one_tag_each():
    run_import(EARLY)
    article = Article.objects.get(slug="open-data-and-you")
    assert sorted(article.tags.names()) == ["News", "Open data"]
    assert Tag.objects.count() == 2


def test_wxr_1_0_body_keeps_pre_and_wraps_quotes():
    run_import(EARLY)
    body = Article.objects.get(slug="open-data-and-you").body
    assert body.startswith("<p>First line<br>\nsecond line</p>")
    assert "<blockquote><p>A quotation.</p></blockquote>" in body
    assert "<pre>keep\n  this</pre>" in body


def test_existing_tags_are_reused_whatever_their_case():
    ArticleFactory(tags=["nhs"])
    run_import(CAMPAIGN)
    assert Tag.objects.filter(name__iexact="nhs").count() == 1
    assert Article.objects.get(slug="reforma-it").tags.filter(name="nhs").exists()


def test_slug_taken_by_a_post_written_here_gets_a_suffix_and_the_old_url_redirects(client):
    ArticleFactory(slug="block-editor", title="Our own post")
    run_import(CAMPAIGN)
    imported = Article.objects.get(title="Written in the block editor")
    assert imported.slug == "block-editor-2"
    assert Article.objects.get(slug="block-editor").title == "Our own post"
    response = client.get("/?p=108")
    assert response["Location"] == "/2020/03/02/block-editor-2/"


# --- Summary ------------------------------------------------------------------------------


def test_summary_reports_every_kind_with_reasons_for_skips():
    out = run_import(CAMPAIGN)
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:1].isalpha()}
    assert lines["posts"] == ["7", "0", "0", "1"]  # created, updated, unchanged, skipped
    assert lines["authors"] == ["2", "0", "0", "1"]
    assert lines["pages"] == ["1", "0", "0", "0"]  # tests/test_import_wordpress_pages.py
    assert lines["attachments"] == ["0", "0", "0", "1"]
    assert lines["comments"] == ["0", "0", "0", "2"]
    assert "posts: 1 in WordPress's trash — Deleted thoughts" in out
    assert "attachments: 1 left on the old site (--skip-media)" in out
    assert "other items: 1 of type “product”" in out
    assert "other items: 1 of type “nav_menu_item”" in out
    assert "authors: 1 with no imported post — nobody" in out
    assert "tags: 1 WordPress's default category" in out
    assert "“Members only” was password-protected in WordPress: imported as a draft." in out
    assert "Imported wxr-1.2-campaign.xml." in out


def test_dry_run_prints_the_same_summary_and_writes_nothing():
    before = snapshot()
    dry = run_import(CAMPAIGN, "--dry-run")
    assert snapshot() == before
    assert "Dry run: nothing was saved." in dry
    real = run_import(CAMPAIGN)
    assert dry.split("Dry run")[0] == real.split("Imported wxr")[0]


# --- Idempotence and local edits --------------------------------------------------------


def test_running_again_updates_in_place_and_creates_nothing_new():
    run_import(CAMPAIGN)
    first = snapshot()
    out = run_import(CAMPAIGN)
    assert snapshot() == first
    posts = next(line for line in out.splitlines() if line.startswith("posts"))
    assert posts.split()[1:] == ["0", "0", "7", "1"]


def test_changes_in_wordpress_are_brought_over_on_the_next_run(tmp_path):
    run_import(CAMPAIGN)
    changed = tmp_path / "changed.xml"
    changed.write_text(
        CAMPAIGN.read_text()
        .replace("Written in the block editor", "Written in Gutenberg")
        .replace("<![CDATA[block-editor]]>", "<![CDATA[gutenberg]]>")
    )
    out = run_import(changed)
    assert "posts" in out
    article = Article.objects.get(title="Written in Gutenberg")
    assert article.slug == "gutenberg"
    assert Article.objects.count() == 7
    # The address readers knew, and WordPress's ?p= link, lead to the new one.
    assert Redirect.objects.get(old_path="/2020/03/02/block-editor/").new_path == (
        "/2020/03/02/gutenberg/"
    )
    assert Redirect.objects.get(old_path="/?p=108").new_path == "/2020/03/02/gutenberg/"


def test_a_post_edited_here_is_not_overwritten_and_the_summary_says_so(tmp_path):
    run_import(CAMPAIGN)
    article = Article.objects.get(slug="block-editor")
    article.body = "<p>Rewritten by our editor.</p>"
    article.save()
    changed = tmp_path / "changed.xml"
    changed.write_text(CAMPAIGN.read_text().replace("First block.", "First block, revised."))
    out = run_import(changed)
    assert Article.objects.get(pk=article.pk).body == "<p>Rewritten by our editor.</p>"
    assert "posts: 1 edited here since the last import" in out
    assert "Written in the block editor" in out


def test_overwrite_local_edits_replaces_them():
    run_import(CAMPAIGN)
    article = Article.objects.get(slug="block-editor")
    article.title = "Edited here"
    article.save()
    run_import(CAMPAIGN, "--overwrite-local-edits")
    assert Article.objects.get(pk=article.pk).title == "Written in the block editor"


def test_a_post_deleted_here_is_not_brought_back():
    run_import(CAMPAIGN)
    Article.objects.get(slug="block-editor").delete()
    out = run_import(CAMPAIGN)
    assert not Article.objects.filter(title="Written in the block editor").exists()
    assert "posts: 1 deleted here since the last import" in out


# --- Author map ---------------------------------------------------------------------------


def test_author_map_assigns_posts_to_existing_authors(tmp_path):
    AuthorFactory(name="Joanna Marsh", slug="joanna")
    AuthorFactory(name="Zoe Angstrom", slug="zoe-a")
    mapping = tmp_path / "authors.csv"
    mapping.write_text("wordpress_login,author\njo.marsh,joanna\nzoe,Zoe Angstrom\n")
    run_import(CAMPAIGN, "--author-map", str(mapping))
    assert Article.objects.get(slug="pathfinder-mutuals-first-year").byline == "Joanna Marsh"
    assert Article.objects.get(slug="reforma-it").byline == "Zoe Angstrom"
    assert Author.objects.count() == 2


def test_author_map_naming_an_unknown_author_is_refused_before_anything_is_written(tmp_path):
    mapping = tmp_path / "authors.csv"
    mapping.write_text("jo.marsh,nobody-here\n")
    with pytest.raises(CommandError, match=r"line 1: no author with slug or name “nobody-here”"):
        run_import(CAMPAIGN, "--author-map", str(mapping))
    assert not Article.objects.exists()


# --- Files that cannot be imported -------------------------------------------------------


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "nope.xml")


def written(tmp_path, document):
    path = tmp_path / "export.xml"
    path.write_text(document)
    return path


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
            "<item><title>Hi</title></item></channel></rss>",
            "not a WordPress export",
        ),
        ("<html><body>Not a feed</body></html>", "not <rss>"),
        # Its namespace is WordPress's, but without a version it is no export.
        (
            '<rss xmlns:wp="https://wordpress.org/export/1.2/"><channel><title>x</title>'
            "<item><title>Hi</title><wp:post_id>1</wp:post_id></item></channel></rss>",
            "it has no <wp:wxr_version>",
        ),
    ],
)
def test_an_rss_feed_that_is_not_a_wordpress_export_is_refused(tmp_path, document, message):
    with pytest.raises(CommandError, match=message):
        run_import(written(tmp_path, document))


def test_an_export_with_https_namespaces_as_wordpress_com_writes_it_is_imported(client):
    run_import(HTTPS)
    post = Article.objects.get(slug="g-cloud-buyers-big-suppliers")
    assert post.is_published
    assert post.get_absolute_url() == "/2014/03/11/g-cloud-buyers-big-suppliers/"
    assert post.byline == "Priya Shah"
    assert post.standfirst == "Most G-Cloud money still goes to a handful of firms."
    assert sorted(post.tags.names()) == ["G-Cloud", "Procurement"]
    assert post.body.startswith("<p>Two years in,")
    draft = Article.objects.get(title="Notes for the framework review")
    assert draft.status == Article.Status.DRAFT
    old = client.get("/2014/03/11/g-cloud-two-years-on/")
    assert old["Location"] == post.get_absolute_url()


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_wp_namespace_is_the_one_the_file_binds_to_the_wp_prefix(tmp_path, version, scheme):
    document = (
        f'<rss xmlns:wp="{scheme}://wordpress.org/export/{version}/" '
        f'xmlns:excerpt="{scheme}://wordpress.org/export/{version}/excerpt/"><channel>'
        f"<wp:wxr_version>{version}</wp:wxr_version>"
        "<item><title>Hello</title><wp:post_id>1</wp:post_id><wp:post_name>hello</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:post_date_gmt>2015-01-02 09:00:00</wp:post_date_gmt>"
        "<excerpt:encoded>A greeting.</excerpt:encoded></item></channel></rss>"
    )
    run_import(written(tmp_path, document))
    post = Article.objects.get(slug="hello")
    assert post.is_published and post.standfirst == "A greeting."


def test_a_wp_prefix_bound_to_another_namespace_is_read_as_wordpress_does(tmp_path):
    document = (
        '<rss xmlns:wp="http://example.org/my-export/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<item><title>Hello</title><wp:post_id>1</wp:post_id><wp:post_name>hello</wp:post_name>"
        "<wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>"
    )
    run_import(written(tmp_path, document))
    assert Article.objects.get().slug == "hello"


def test_a_truncated_file_changes_nothing_and_names_the_line_and_the_item():
    ArticleFactory(slug="already-here")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run_import(WXR / "truncated.xml")
    message = str(error.value)
    assert "line 49" in message
    assert "cut short" in message
    assert "“Shared services, again”" in message
    assert "not well-formed" in message and "Nothing was imported." in message
    # The first post of the file had been written before the break: it is rolled back.
    assert snapshot() == before


def test_an_unreadable_date_changes_nothing_and_names_the_item(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(
        CAMPAIGN.read_text().replace("[2020-03-02 09:00:00]", "[2020-13-45 09:00:00]", 1)
    )
    with pytest.raises(CommandError) as error:
        run_import(broken)
    assert "unreadable date '2020-13-45 09:00:00'" in str(error.value)
    assert "“Written in the block editor”, wp:post_id 108" in str(error.value)
    line = next(
        n for n, text in enumerate(broken.read_text().splitlines(), 1) if "2020-13-45" in text
    )
    assert f"line {line}:" in str(error.value)
    assert not Article.objects.exists()


def test_control_characters_that_xml_forbids_are_removed(tmp_path):
    dirty = tmp_path / "dirty.xml"
    dirty.write_bytes(EARLY.read_bytes().replace(b"A quotation.", b"A quo\x0btation.\x1f"))
    out = run_import(dirty)
    assert "A quotation." in Article.objects.get(slug="open-data-and-you").body
    assert "Removed 2 control character(s)" in out


def test_progress_bar_is_drawn_on_request():
    err = StringIO()
    call_command(
        "import_wordpress",
        str(CAMPAIGN),
        "--skip-media",
        "--progress",
        stdout=StringIO(),
        stderr=err,
    )
    assert "wxr-1.2-campaign.xml" in err.getvalue()
    assert "100%" in err.getvalue()


# --- Real exports from WordPress's own importer tests (skipped outside the workplace) ---

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "wxr"
real_files = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data is not present")


@real_files
def test_real_wxr_1_1_export_imports_posts():
    run_import(REAL / "wordpress-importer-small-export.xml")
    assert Article.objects.count() == 6
    assert Article.objects.published().count() == 5
    assert Article.objects.get(slug="private-post").status == Article.Status.DRAFT
    many = Article.objects.get(slug="many-categories")
    assert "远征手记" in many.tags.names()
    assert sorted(Article.objects.get(slug="foo-child").tags.names()) == ["Bar", "Foo"]
    first = snapshot()
    run_import(REAL / "wordpress-importer-small-export.xml")
    assert snapshot() == first


@real_files
def test_real_wxr_1_0_export_imports_posts_with_their_tags(client):
    run_import(REAL / "wordpress-importer-valid-wxr-1.0.xml")
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "alpha-post",
        "child-post",
        "hello-world",
    ]
    assert sorted(Article.objects.get(slug="child-post").tags.names()) == [
        "chicken",
        "child",
        "face",
        "parent",
    ]
    assert client.get("/?p=4")["Location"] == "/2010/10/20/alpha-post/"
    assert client.get("/category/parent/child/")["Location"] == "/tag/child/"


def test_created_at_is_now_but_publish_date_is_wordpress_s():
    run_import(EARLY)
    article = Article.objects.get(slug="open-data-and-you")
    assert article.publish_at.year == 2009
    assert article.created_at.year == timezone.now().year


def test_a_tag_renamed_here_keeps_its_posts_on_the_next_import(tmp_path):
    run_import(CAMPAIGN)
    tag = Tag.objects.get(name="NHS")
    tag.name, tag.slug = "National Health Service", "national-health-service"
    tag.save()
    changed = tmp_path / "changed.xml"
    changed.write_text(CAMPAIGN.read_text().replace("First block.", "First block, revised."))
    run_import(changed)
    assert not Tag.objects.filter(name__iexact="NHS").exists()
    assert "National Health Service" in Article.objects.get(slug="reforma-it").tags.names()


def test_an_item_that_appears_twice_in_the_file_is_imported_once(tmp_path):
    text = EARLY.read_text()
    item = text[text.index("<item>") : text.index("</item>") + len("</item>")]
    doubled = tmp_path / "doubled.xml"
    doubled.write_text(text.replace(item, item + item))
    out = run_import(doubled)
    assert Article.objects.count() == 1
    assert "posts: 1 appearing twice in the file — Open data & you" in out


def test_imported_posts_appear_on_cached_author_and_tag_archives(client, page_cache):
    # Bylines and tags are written in bulk (no model signals): the page cache must
    # still hear of them.
    author = AuthorFactory(name="Editor", slug="editor")
    ArticleFactory(title="Already here", authors=[author], tags=["Open data"])
    for url in ("/author/editor/", "/tag/open-data/"):
        cached(client, url)
    run_import(EARLY)
    assert list(Author.objects.all()) == [author]
    for url in ("/author/editor/", "/tag/open-data/"):
        assert "Open data &amp; you" in html(client, url)
