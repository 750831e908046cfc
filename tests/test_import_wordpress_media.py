"""Files: the old site's uploads are brought over when reachable, else left where they are.

The "old site" is a real HTTP server on 127.0.0.1 started by the test.
"""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO, StringIO
from pathlib import Path
from string import Template

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article

pytestmark = pytest.mark.django_db

TEMPLATE = Template((Path(__file__).parent / "data" / "wxr" / "media-template.xml").read_text())
END = "</channel>\n</rss>\n"


def jpeg(size=(30, 20)):
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return buffer.getvalue()


class OldSite:
    """A WordPress uploads folder served over HTTP, counting the requests it gets."""

    def __init__(self, root):
        uploads = root / "wp-content" / "uploads" / "2012" / "07"
        uploads.mkdir(parents=True)
        (uploads / "staff-vote.jpg").write_bytes(jpeg((600, 400)))
        (uploads / "staff-vote-300x200.jpg").write_bytes(jpeg())
        (uploads / "report.pdf").write_bytes(b"%PDF-1.4\n% a report\n")
        (uploads / "drawing.svg").write_text('<svg onload="alert(1)"></svg>')
        (uploads / "fake.jpg").write_text("<html>not an image</html>")
        self.requests = []
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self):
                site.requests.append(self.path)
                super().do_GET()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=root))
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def old_site(tmp_path):
    site = OldSite(tmp_path / "old-site")
    yield site
    site.stop()


def export(tmp_path, base, tail=END):
    path = tmp_path / "export.xml"
    path.write_text(TEMPLATE.substitute(base=base, tail=tail))
    return path


def row(out, kind):
    """A summary row as numbers: created, updated, unchanged, skipped."""
    line = next(line for line in out.splitlines() if line.startswith(kind + " "))
    return [int(n) for n in line[len(kind) :].split()]


def run_import(path, *args):
    out = StringIO()
    call_command("import_wordpress", str(path), "--media-timeout", "3", *args, stdout=out)
    return out.getvalue()


def test_uploads_are_downloaded_and_bodies_point_at_the_copies(tmp_path, old_site, settings):
    out = run_import(export(tmp_path, old_site.base))
    body = Article.objects.get(slug="photos").body
    assert 'href="/media/wordpress/2012/07/staff-vote.jpg"' in body
    assert 'src="/media/wordpress/2012/07/staff-vote-300x200.jpg"' in body
    assert 'href="/media/wordpress/2012/07/report.pdf"' in body
    media = Path(settings.MEDIA_ROOT) / "wordpress" / "2012" / "07"
    assert sorted(p.name for p in media.iterdir()) == [
        "report.pdf",
        "staff-vote-300x200.jpg",
        "staff-vote.jpg",
    ]
    assert row(out, "attachments") == [1, 0, 0, 0]


def test_files_that_cannot_be_brought_over_keep_their_original_urls(tmp_path, old_site):
    out = run_import(export(tmp_path, old_site.base))
    body = Article.objects.get(slug="photos").body
    assert f'src="{old_site.base}/wp-content/uploads/2012/07/gone.jpg"' in body
    assert f'href="{old_site.base}/wp-content/uploads/2012/07/drawing.svg"' in body
    assert f'src="{old_site.base}/wp-content/uploads/2012/07/fake.jpg"' in body
    assert "files in posts: 1 the old site answered 404" in out
    assert "files in posts: 1 file type not brought over (.svg)" in out
    assert "files in posts: 1 not a readable image" in out


def test_files_on_other_sites_are_left_alone(tmp_path, old_site):
    out = run_import(export(tmp_path, old_site.base))
    body = Article.objects.get(slug="photos").body
    assert 'src="https://images.other.example/wp-content/uploads/x.jpg"' in body
    # Not fetched, so not reported as a file that failed to come over either.
    assert "other.example" not in out


def test_old_file_and_attachment_addresses_redirect_to_the_copies(tmp_path, old_site, client):
    run_import(export(tmp_path, old_site.base))
    target = "/media/wordpress/2012/07/staff-vote.jpg"
    assert client.get("/wp-content/uploads/2012/07/staff-vote.jpg")["Location"] == target
    assert client.get("/?attachment_id=150")["Location"] == target
    assert client.get("/2012/07/01/photos/staff-vote/")["Location"] == target


def test_skip_media_downloads_nothing_and_keeps_original_urls(tmp_path, old_site, settings):
    out = run_import(export(tmp_path, old_site.base), "--skip-media")
    body = Article.objects.get(slug="photos").body
    assert f'src="{old_site.base}/wp-content/uploads/2012/07/staff-vote-300x200.jpg"' in body
    assert old_site.requests == []
    assert not (Path(settings.MEDIA_ROOT) / "wordpress").exists()
    assert "attachments: 1 left on the old site (--skip-media)" in out


def test_an_unreachable_old_site_is_given_up_on_and_urls_are_kept(tmp_path, old_site):
    base = old_site.base
    old_site.stop()  # nothing listens there any more
    out = run_import(export(tmp_path, base))
    body = Article.objects.get(slug="photos").body
    assert f'src="{base}/wp-content/uploads/2012/07/staff-vote-300x200.jpg"' in body
    assert "unreachable" in out
    assert "stopped answering" in out


def test_running_again_does_not_download_again(tmp_path, old_site):
    path = export(tmp_path, old_site.base)
    run_import(path)
    fetched = len(old_site.requests)
    out = run_import(path)
    # Only the files that failed last time are asked for again.
    assert set(old_site.requests[fetched:]) == {
        "/wp-content/uploads/2012/07/gone.jpg",
        "/wp-content/uploads/2012/07/fake.jpg",
    }
    assert Article.objects.count() == 1
    assert row(out, "posts") == [0, 0, 1, 0]
    assert row(out, "attachments") == [0, 0, 1, 0]


def test_a_failed_import_deletes_the_files_it_downloaded(tmp_path, old_site, settings):
    broken = export(tmp_path, old_site.base, tail="<item><title>Cut short")
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(broken)
    assert len(old_site.requests) > 0
    media = Path(settings.MEDIA_ROOT) / "wordpress"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert not Article.objects.exists()
    assert not Redirect.objects.exists()


def test_a_dry_run_checks_files_but_keeps_none(tmp_path, old_site, settings):
    out = run_import(export(tmp_path, old_site.base), "--dry-run")
    assert row(out, "attachments") == [1, 0, 0, 0]
    assert not (Path(settings.MEDIA_ROOT) / "wordpress").exists()
    assert not Article.objects.exists()


def test_a_copy_deleted_here_is_fetched_again_on_the_next_run(tmp_path, old_site, settings):
    path = export(tmp_path, old_site.base)
    run_import(path)
    copy = Path(settings.MEDIA_ROOT) / "wordpress" / "2012" / "07" / "report.pdf"
    copy.unlink()
    run_import(path)
    assert copy.exists()
    assert old_site.requests.count("/wp-content/uploads/2012/07/report.pdf") == 2


def test_featured_image_comes_over_with_its_alt_text(tmp_path, old_site, client):
    run_import(export(tmp_path, old_site.base))
    article = Article.objects.get(slug="photos")
    assert article.featured_image.name == "wordpress/2012/07/staff-vote.jpg"
    assert article.featured_image_alt == "Staff queue to vote in the ballot"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_featured_image_chosen_here_is_kept(tmp_path, old_site):
    path = export(tmp_path, old_site.base)
    run_import(path)
    Article.objects.filter(slug="photos").update(
        featured_image="featured/ours.jpg", featured_image_alt="Ours"
    )
    run_import(path, "--overwrite-local-edits")
    assert Article.objects.get(slug="photos").featured_image.name == "featured/ours.jpg"
