"""What earlier imports of the same site left: their `ImportedItem` records, and hashes.

Every object an import makes is recorded with a hash of how the import left it, so a
second run updates in place, and a post someone has edited here since is not
overwritten without saying so.
"""

import hashlib
import json
from collections import namedtuple
from urllib.parse import urlsplit

from articles.models import ImportedItem
from articles.wordpress.media import bare_host

PostRecord = namedtuple("PostRecord", "pk article_id source_hash local_hash")


def digest(data):
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def site_source(site):
    """The old site as a stable key: host and path, without scheme or www."""
    url = site.base_blog_url or site.base_site_url or site.link
    parts = urlsplit(url)
    host = bare_host(url) or "unknown-site"
    return f"{host}{parts.path.rstrip('/')}"[:200]


def earlier_records(source):
    """(post records by wp:post_id, other records by (kind, source id)) for `source`."""
    imported = ImportedItem.objects.filter(source=source)
    # Posts can number tens of thousands: keep four small values each, not models.
    post_records = {
        source_id: PostRecord(pk, article_id, source_hash, local_hash)
        for pk, source_id, article_id, source_hash, local_hash in imported.filter(
            kind=ImportedItem.Kind.POST
        ).values_list("pk", "source_id", "article_id", "source_hash", "local_hash")
    }
    records = {
        (record.kind, record.source_id): record
        for record in imported.exclude(kind=ImportedItem.Kind.POST)
    }
    return post_records, records
