"""The old site's files: attachment items, files that posts link to, featured images.

`media.MediaFetcher` does the fetching; this records what it brought (so a second run
does not fetch a file again), redirects attachments' old addresses to the copies here,
and sets each post's featured image once its attachment has been read. With
--skip-media nothing is fetched and files stay on the old site.
"""

import posixpath

from articles.models import Article, ImportedItem
from articles.wordpress.content import plain_text
from articles.wordpress.media import IMAGE_EXTENSIONS, MediaFetcher


class Attachments:
    def __init__(self, site, source, records, summary, redirects, storage, timeout, fetch=True):
        self.source = source
        self.summary = summary
        self.redirects = redirects
        self.images = {}  # attachment wp:post_id -> (stored name, alt text)
        self.thumbnails = {}  # article pk -> its featured image's attachment wp:post_id
        self.fetcher = None
        if not fetch:
            return
        known = {
            source_id: record.file
            for (kind, source_id), record in records.items()
            if kind == ImportedItem.Kind.FILE and record.file
        }
        self.fetcher = MediaFetcher(
            storage,
            base_url=site.base_site_url or site.base_blog_url or site.link,
            known=known,
            timeout=timeout,
            on_result=self._count_file_in_post,
        )
        for url in (site.base_blog_url, site.link):
            self.fetcher.add_site_url(url)

    def rewrite(self, body):
        """The body with the old site's files fetched and pointing at their copies here."""
        if self.fetcher is None:
            return body
        return self.fetcher.rewrite(body)

    def import_item(self, item):
        url = item.attachment_url or item.guid
        if self.fetcher is None:
            self.summary.add("attachments", "skipped", "left on the old site (--skip-media)")
            return
        if not url:
            self.summary.add("attachments", "skipped", "with no file URL", item.title)
            return
        # The file may have been fetched already for a post: its outcome is kept.
        local, outcome, detail, _first = self.fetcher.fetch(url, force=True)
        if local is None:
            self.summary.add("attachments", "skipped", detail, url)
            return
        self.summary.add("attachments", outcome)
        if posixpath.splitext(detail)[1].lower() in IMAGE_EXTENSIONS:
            alt = plain_text((item.meta.get("_wp_attachment_image_alt") or [""])[0])
            self.images[item.post_id] = (detail, (alt or plain_text(item.title))[:300])
        self.redirects.for_attachment(item, url, local)

    def note_featured_image(self, article, item):
        if item.meta.get("_thumbnail_id") and not article.featured_image:
            self.thumbnails[article.pk] = item.meta["_thumbnail_id"][0].strip()

    def save(self):
        if self.fetcher is not None and self.fetcher.new_records:
            ImportedItem.objects.bulk_create(
                [
                    ImportedItem(
                        source=self.source,
                        kind=ImportedItem.Kind.FILE,
                        source_id=key,
                        file=name,
                        old_url=url,
                    )
                    for key, (url, name) in self.fetcher.new_records.items()
                ],
                # A file recorded before but deleted here since was fetched again.
                update_conflicts=True,
                unique_fields=["source", "kind", "source_id"],
                update_fields=["file", "old_url"],
            )
        self.set_featured_images()

    def set_featured_images(self):
        """WordPress's featured image (_thumbnail_id), once its attachment is here.

        Attachments often come after their posts in the file, hence the end of the run.
        A featured image chosen here is never replaced.
        """
        for article_pk, attachment_id in self.thumbnails.items():
            if attachment_id not in self.images:
                continue
            name, alt = self.images[attachment_id]
            if alt:
                Article.objects.filter(pk=article_pk, featured_image="").update(
                    featured_image=name, featured_image_alt=alt
                )

    def discard(self):
        """Delete the files this run stored: the import failed."""
        if self.fetcher is not None:
            self.fetcher.discard()

    def _count_file_in_post(self, url, outcome, detail):
        if outcome == "skipped":
            self.summary.add("files in posts", "skipped", detail, url)
        else:
            self.summary.add("files in posts", outcome)
