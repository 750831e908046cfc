"""An export file is untrusted input: XML attacks are refused before they cost anything."""

import resource
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.wordpress.wxr import WPItem, WXRError, WXRReader

pytestmark = pytest.mark.django_db

WXR = Path(__file__).parent / "data" / "wxr"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_billion_laughs_is_refused_without_expanding_anything():
    before = peak_rss_mb()
    with pytest.raises(CommandError) as error:
        call_command("import_wordpress", str(WXR / "billion-laughs.xml"), stdout=StringIO())
    # Expanded, &lol9; is 3 GB of "lol"; refused, the process did not grow.
    assert peak_rss_mb() - before < 50
    assert "declares a DTD" in str(error.value)
    assert "line 2" in str(error.value) or "line 1" in str(error.value)
    assert not Article.objects.exists()


def test_external_entities_are_never_read():
    with pytest.raises(CommandError, match="declares a DTD"):
        call_command("import_wordpress", str(WXR / "external-entity.xml"), stdout=StringIO())
    assert not Article.objects.exists()


def test_even_the_reader_alone_never_resolves_an_entity():
    # Undeclared entities are an XML error, not a lookup on disk or on the network.
    document = (WXR / "external-entity.xml").read_bytes()
    body = document[document.index(b"<rss") :]
    with pytest.raises(WXRError, match="not well-formed"):
        list(WXRReader(BytesIO(body)))


def test_the_reader_frees_each_item_once_read():
    items = "".join(
        f"<item><title>Post {n}</title><wp:post_id>{n}</wp:post_id>"
        f"<content:encoded>{'x' * 1000}</content:encoded></item>"
        for n in range(2000)
    )
    document = (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>"
    ).encode()
    reader = WXRReader(BytesIO(document))
    held = [len(reader.channel) for record in reader if isinstance(record, WPItem)]
    # Items already read have been dropped from the tree: it never grows with the file.
    assert len(held) == 2000
    # (The parser reads ahead by a buffer's worth of items, never by the whole file.)
    assert max(held) < 50
