"""Writing a WordPress export into the site: authors, tags, posts, files and old URLs.

`WordPressImporter.run(file)` reads the export as a stream and writes as it goes, in the
caller's transaction (the management command makes it one, so a file that breaks
half-way changes nothing). Each kind of thing has its own module: `authors`, `tags`,
`posts`, `attachments` (files), `redirects` (old URLs); `imported` reads what earlier
imports recorded, and `summary` is the report.
"""

from django.db import DatabaseError, reset_queries, transaction

from articles.wordpress.attachments import Attachments
from articles.wordpress.authors import Authors
from articles.wordpress.imported import earlier_records, site_source
from articles.wordpress.posts import Posts
from articles.wordpress.redirects import Redirects
from articles.wordpress.summary import Summary
from articles.wordpress.tags import Tags
from articles.wordpress.wxr import Site, WPAuthor, WPItem, WPTerm, WXRError, WXRReader

# Other kinds of item that other apps import: {wp:post_type: factory}. Each app
# registers its own in its ready() (pages/ registers "page"), so this module never
# imports them. `factory(importer)` is called once the channel's header is read (the
# importer's `site`, `summary`, `redirects`, `attachments` and options are set) and
# returns an object with `import_item(item)`, and `finish()` for the end of the run,
# before the old addresses are written. Both run in the import's transaction.
ITEM_IMPORTERS = {}


def register_item_importer(post_type, factory):
    ITEM_IMPORTERS[post_type] = factory


class WordPressImporter:
    def __init__(
        self,
        author_map=None,
        skip_media=False,
        overwrite_local_edits=False,
        storage=None,
        media_timeout=10,
    ):
        self.author_map = author_map or {}  # login -> Author
        self.skip_media = skip_media
        self.overwrite_local_edits = overwrite_local_edits
        self.storage = storage
        self.media_timeout = media_timeout
        self.summary = Summary()
        self.site = None
        self.attachments = None
        self.terms = {}  # (taxonomy, slug) -> WPTerm
        self.wp_authors = {}  # login -> WPAuthor
        self.others = {}  # wp:post_type -> its importer (ITEM_IMPORTERS), once started

    def run(self, fileobj):
        reader = WXRReader(fileobj)
        try:
            for record in reader:
                if isinstance(record, Site):
                    self.start(record)
                elif isinstance(record, WPAuthor):
                    if record.login:
                        self.wp_authors[record.login] = record
                elif isinstance(record, WPTerm):
                    self.terms[(record.taxonomy, record.slug)] = record
                elif isinstance(record, WPItem):
                    self.import_item(record)
                    # With DEBUG on, Django keeps the last 9,000 queries (bodies and
                    # all): tens of MB on a long import, for nothing.
                    reset_queries()
            self.finish()
        except BaseException:
            if self.attachments is not None:
                self.attachments.discard()
            raise
        dropped = getattr(fileobj, "dropped", 0)
        if dropped:
            self.summary.notes.append(
                f"Removed {dropped} control character(s) that XML does not allow."
            )
        return self.summary

    def start(self, site):
        """The channel's header is read: set up the parts that write each kind of thing."""
        self.site = site
        source = site_source(site)
        post_records, records = earlier_records(source)
        summary = self.summary
        self.redirects = Redirects(site, summary)
        self.tags = Tags(source, records, self.terms, summary, self.redirects)
        self.authors = Authors(
            source, records, self.wp_authors, self.author_map, summary, self.redirects
        )
        self.attachments = Attachments(
            site,
            source,
            records,
            summary,
            self.redirects,
            storage=self.storage,
            timeout=self.media_timeout,
            fetch=not self.skip_media,
        )
        self.posts = Posts(
            source,
            post_records,
            summary,
            self.authors,
            self.tags,
            self.attachments,
            self.redirects,
            overwrite=self.overwrite_local_edits,
        )
        self.others = {kind: factory(self) for kind, factory in ITEM_IMPORTERS.items()}

    def finish(self):
        if self.site is None:
            raise WXRError("the export has no channel: nothing to import")
        for other in self.others.values():
            other.finish()
        self.redirects.save()
        self.attachments.save()
        self.tags.report_unused()
        self.authors.report_unused()

    def import_item(self, item):
        if item.comment_count:
            self.summary.add(
                "comments",
                "skipped",
                "not imported (reader comments are out of scope)",
                count=item.comment_count,
            )
        try:
            if item.post_type == "post":
                self.posts.import_item(item)
            elif item.post_type in self.others:
                self.others[item.post_type].import_item(item)
            elif item.post_type == "page":
                self.summary.add(
                    "pages",
                    "skipped",
                    "not imported: no app here imports pages",
                    f"“{item.title}” {self.redirects.old_path(item.link) or ''}".strip(),
                )
            elif item.post_type == "attachment":
                self.attachments.import_item(item)
            else:
                self.summary.add(
                    "other items",
                    "skipped",
                    f"of type “{item.post_type or 'none'}”, which is not imported",
                )
        except WXRError:
            raise
        except (DatabaseError, ValueError, TypeError, OSError) as error:
            raise WXRError(f"could not import it: {error}", line=item.line, item=item.label) from (
                error
            )


@transaction.atomic
def import_file(fileobj, dry_run=False, **options):
    """Import `fileobj` in one transaction; a dry run rolls it back, whatever it did."""
    importer = WordPressImporter(**options)
    summary = importer.run(fileobj)
    if dry_run:
        transaction.set_rollback(True)
    return summary
