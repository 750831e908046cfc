"""WordPress pages to pages here, at their old addresses (the importer in articles/
calls this through its registry: articles/wordpress/importer.py, ITEM_IMPORTERS).

A WordPress page at /about/ becomes the page /about/. A child page (/about/team/ in
WordPress) becomes a page of its own at /team/, and its old address redirects there; so
does `?page_id=ID`. A slug that something here answers already (/search/, /2024/) or
that a page here has gets a free one ("search-2"), and the summary says so.

As with posts: a page imported before is updated in place when the export changed, and
left alone when someone edited it here since (unless --overwrite-local-edits); one
deleted here is not brought back. Menus are the editors' choice: imported pages are in
none.
"""

from urllib.parse import unquote

from articles.wordpress.content import convert_body, plain_text
from articles.wordpress.imported import digest, site_source
from campaign4change.text import readable_slugify
from pages.models import ImportedPage, Page
from pages.reserved import clashes

CONVERTER_VERSION = "1"
KIND = "pages"
SLUG_LENGTH = Page._meta.get_field("slug").max_length - 6
TITLE_LENGTH = Page._meta.get_field("title").max_length

STATUSES = {
    "publish": Page.Status.PUBLISHED,
    "draft": Page.Status.DRAFT,
    "pending": Page.Status.DRAFT,
    "private": Page.Status.DRAFT,
    # Pages are not scheduled here: a page due to appear later waits as a draft.
    "future": Page.Status.DRAFT,
}
NOT_IMPORTED_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "an empty auto-draft",
    "inherit": "a revision",
}


class PageImport:
    def __init__(self, importer):
        self.summary = importer.summary
        self.redirects = importer.redirects
        self.attachments = importer.attachments
        self.overwrite_local_edits = importer.overwrite_local_edits
        self.source = site_source(importer.site)
        self.records = {
            record.source_id: record for record in ImportedPage.objects.filter(source=self.source)
        }
        self.seen = set()

    def import_item(self, item):
        if item.status in NOT_IMPORTED_STATUSES:
            self.summary.add(KIND, "skipped", NOT_IMPORTED_STATUSES[item.status], item.title)
            return
        if item.post_id in self.seen:
            self.summary.add(KIND, "skipped", "appearing twice in the file", item.title)
            return
        self.seen.add(item.post_id)
        record = self.records.get(item.post_id)
        if record is not None and record.page_id is None:
            self.summary.add(KIND, "skipped", "deleted here since the last import", item.title)
            return
        status = STATUSES.get(item.status, Page.Status.DRAFT)
        if status == Page.Status.PUBLISHED and item.post_password:
            status = Page.Status.DRAFT
            self.summary.notes.append(
                f"“{item.title}” was password-protected in WordPress: imported as a draft page."
            )
        desired_slug = readable_slugify(
            unquote(item.post_name) or item.title or f"page-{item.post_id}", SLUG_LENGTH
        )
        values = {
            "title": title_for(item),
            "body": self.attachments.rewrite(convert_body(item.content)),
            "status": status,
        }
        source_hash = digest([CONVERTER_VERSION, values, desired_slug])
        if record is None:
            page = Page(**values, slug=self.free_slug(desired_slug, item))
            outcome = "created"
        else:
            if record.source_hash == source_hash and not self.overwrite_local_edits:
                self.summary.add(KIND, "unchanged")
                return
            page = Page.objects.get(pk=record.page_id)
            if local_hash(page) != record.local_hash and not self.overwrite_local_edits:
                self.summary.add(
                    KIND,
                    "skipped",
                    "edited here since the last import (--overwrite-local-edits replaces them)",
                    item.title,
                )
                return
            for field, value in values.items():
                setattr(page, field, value)
            if page.slug != desired_slug and not page.slug.startswith(f"{desired_slug}-"):
                page.slug = self.free_slug(desired_slug, item, exclude_pk=page.pk)
            outcome = "updated"
        page.save()
        fields = {
            "page": page,
            "old_url": item.link,
            "source_hash": source_hash,
            "local_hash": local_hash(page),
        }
        ImportedPage.objects.update_or_create(
            source=self.source, source_id=item.post_id, defaults=fields
        )
        self.summary.add(KIND, outcome)
        if page.is_published:
            self.redirect_old_addresses(item, page)

    def free_slug(self, desired, item, exclude_pk=None):
        """`desired`, or the first of desired-2, desired-3... that no page has and that
        nothing else here answers."""
        taken = set(
            Page.objects.filter(slug__startswith=desired)
            .exclude(pk=exclude_pk)
            .values_list("slug", flat=True)
        )
        slug, n = desired, 2
        while slug in taken or clashes(slug):
            slug, n = f"{desired}-{n}", n + 1
        if slug != desired:
            self.summary.notes.append(
                f"The page “{item.title}” is at /{slug}/: /{desired}/ was taken here."
            )
        return slug

    def redirect_old_addresses(self, item, page):
        url = page.get_absolute_url()
        # Its link (the same address, for a top-level page: nothing to do), guid, ?p=ID
        # and former slugs, as for posts; and WordPress's own address for pages.
        self.redirects.for_post(item, url)
        self.redirects.add(f"{self.redirects.base_path}?page_id={item.post_id}", url)

    def finish(self):
        pass


def title_for(item):
    title = plain_text(item.title)
    if not title:
        words = plain_text(item.content).split()[:8]
        title = " ".join(words) + ("…" if words else "Untitled")
    return title[:TITLE_LENGTH]


def local_hash(page):
    """How the page looks here: differs from the record's when someone edited it."""
    return digest([page.title, page.slug, page.body, page.status])
