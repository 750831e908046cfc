"""Writing a WordPress export into the site: authors, tags, posts, files and old URLs.

`WordPressImporter.run(file)` reads the export as a stream and writes as it goes, in the
caller's transaction (the management command makes it one, so a file that breaks
half-way changes nothing). Every object it makes is recorded in `ImportedItem` with a
hash of how the import left it, so a second run updates in place, and a post someone
has edited here since is not overwritten without saying so.
"""

import hashlib
import html
import json
import posixpath
from collections import Counter, defaultdict, namedtuple
from datetime import UTC
from urllib.parse import parse_qsl, unquote, urlsplit

from django.db import DatabaseError, reset_queries, transaction
from django.db.models.signals import m2m_changed
from django.utils import timezone

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    ImportedItem,
    Tag,
    TaggedArticle,
)
from articles.signals import byline_replaced
from articles.wordpress.content import convert_body
from articles.wordpress.media import IMAGE_EXTENSIONS, MediaFetcher, bare_host
from articles.wordpress.wxr import Site, WPAuthor, WPItem, WPTerm, WXRError, WXRReader
from campaign4change.permalinks import LEGACY_QUERY_KEYS, record_moves
from campaign4change.sanitizer import strip_tags
from campaign4change.text import readable_slugify, unique_slug

# Part of every post's source hash: a new converter version re-imports unchanged posts.
CONVERTER_VERSION = "1"
SLUG_LENGTH = 180  # leaves room for /YYYY/MM/DD/ within a redirect's 200 characters
MAX_REDIRECT_PATH = 200
TITLE_LENGTH = Article._meta.get_field("title").max_length
TAG_LENGTH = Tag._meta.get_field("name").max_length

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # a future date: scheduled, appears by itself
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
NOT_IMPORTED_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "an empty auto-draft",
    "inherit": "a revision",
}
# WordPress files every post without a category under this one; as a tag it says nothing.
DEFAULT_CATEGORY = "uncategorized"


class Summary:
    """What the import did, per kind of thing, with the reason for everything skipped."""

    KINDS = [
        "authors",
        "tags",
        "posts",
        "pages",
        "attachments",
        "files in posts",
        "other items",
        "comments",
        "old addresses",
    ]
    OUTCOMES = ["created", "updated", "unchanged", "skipped"]
    MAX_EXAMPLES = 50

    def __init__(self):
        self.counts = defaultdict(Counter)
        self.reasons = {}  # (kind, reason) -> [count, a few examples]
        self.notes = []

    def add(self, kind, outcome, reason=None, example=None, count=1):
        self.counts[kind][outcome] += count
        if reason:
            entry = self.reasons.setdefault((kind, reason), [0, []])
            entry[0] += count
            if example and len(entry[1]) < self.MAX_EXAMPLES:
                entry[1].append(example)

    def count(self, kind, outcome):
        return self.counts[kind][outcome]

    def lines(self, examples=3):
        width = max(len(kind) for kind in self.KINDS)
        header = f"{'':<{width}}  " + "  ".join(f"{o:>9}" for o in self.OUTCOMES)
        lines = [header]
        for kind in self.KINDS:
            if not sum(self.counts[kind].values()):
                continue
            row = "  ".join(f"{self.counts[kind][o]:>9}" for o in self.OUTCOMES)
            lines.append(f"{kind:<{width}}  {row}")
        if self.reasons:
            lines.append("")
            lines.append("Skipped:")
        for (kind, reason), (count, named) in self.reasons.items():
            line = f"  {kind}: {count} {reason}"
            if named and examples:
                shown = "; ".join(named[:examples])
                more = f"; and {count - examples} more" if count > examples else ""
                line += f" — {shown}{more}"
            lines.append(line)
        if self.notes:
            lines.append("")
            lines.extend(self.notes)
        return lines


PostRecord = namedtuple("PostRecord", "pk article_id source_hash local_hash")


def digest(data):
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def plain_text(value):
    """WordPress titles and names may carry markup and entities; this site stores text."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def site_source(site):
    """The old site as a stable key: host and path, without scheme or www."""
    url = site.base_blog_url or site.base_site_url or site.link
    parts = urlsplit(url)
    host = bare_host(url) or "unknown-site"
    return f"{host}{parts.path.rstrip('/')}"[:200]


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
        self.fetcher = None
        self.site = None
        self.moves = []  # (old path, new path) for old URLs, written at the end
        self.terms = {}  # (taxonomy, slug) -> WPTerm
        self.wp_authors = {}  # login -> WPAuthor
        self.authors = {}  # login -> Author, resolved on first use
        self.tags = {}  # lower-case name -> Tag
        self.term_tags = {}  # (taxonomy, slug) -> Tag, once resolved in this run
        self.images = {}  # attachment wp:post_id -> (stored name, alt text)
        self.thumbnails = {}  # article pk -> its featured image's attachment wp:post_id

    # --- The run -----------------------------------------------------------------------

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
            if self.fetcher is not None:
                self.fetcher.discard()
            raise
        dropped = getattr(fileobj, "dropped", 0)
        if dropped:
            self.summary.notes.append(
                f"Removed {dropped} control character(s) that XML does not allow."
            )
        return self.summary

    def start(self, site):
        self.site = site
        self.source = site_source(site)
        base = site.base_blog_url or site.base_site_url or site.link or "/"
        self.base_path = unquote(urlsplit(base).path or "/")
        if not self.base_path.endswith("/"):
            self.base_path += "/"
        self.site_hosts = {bare_host(url) for url in (site.base_site_url, site.base_blog_url)}
        self.site_hosts |= {bare_host(site.link)}
        self.site_hosts.discard("")
        imported = ImportedItem.objects.filter(source=self.source)
        # Posts can number tens of thousands: keep four small values each, not models.
        self.post_records = {
            source_id: PostRecord(pk, article_id, source_hash, local_hash)
            for pk, source_id, article_id, source_hash, local_hash in imported.filter(
                kind=ImportedItem.Kind.POST
            ).values_list("pk", "source_id", "article_id", "source_hash", "local_hash")
        }
        self.records = {
            (record.kind, record.source_id): record
            for record in imported.exclude(kind=ImportedItem.Kind.POST)
        }
        self.seen_posts = set()
        self.tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
        self.tags_by_id = {tag.pk: tag for tag in self.tags.values()}
        if not self.skip_media:
            known = {
                source_id: record.file
                for (kind, source_id), record in self.records.items()
                if kind == ImportedItem.Kind.FILE and record.file
            }
            self.fetcher = MediaFetcher(
                self.storage,
                base_url=site.base_site_url or site.base_blog_url or site.link,
                known=known,
                timeout=self.media_timeout,
                on_result=lambda url, outcome, detail: self._count_file(
                    "files in posts", url, outcome, detail
                ),
            )
            for url in (site.base_blog_url, site.link):
                self.fetcher.add_site_url(url)

    def finish(self):
        if self.site is None:
            raise WXRError("the export has no channel: nothing to import")
        created, updated = record_moves(self.moves)
        total = len({old for old, new in self.moves if old != new})
        self.summary.add("old addresses", "created", count=created)
        self.summary.add("old addresses", "updated", count=updated)
        self.summary.add("old addresses", "unchanged", count=max(total - created - updated, 0))
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
        for (taxonomy, slug), term in self.terms.items():
            if taxonomy not in {"category", "post_tag"} or (taxonomy, slug) in self.term_tags:
                continue
            if taxonomy == "category" and slug == DEFAULT_CATEGORY:
                reason = "WordPress's default category, which says nothing as a tag"
            else:
                reason = "not used by any imported post"
            self.summary.add("tags", "skipped", reason, f"“{plain_text(term.name)}”")
        for login in self.wp_authors.keys() - self.authors.keys():
            self.summary.add("authors", "skipped", "with no imported post", login)

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

    # --- Items -------------------------------------------------------------------------

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
                self.import_post(item)
            elif item.post_type == "page":
                self.summary.add(
                    "pages",
                    "skipped",
                    "not imported: the site has posts, not pages (recreate them by hand)",
                    f"“{item.title}” {self.old_path(item.link) or ''}".strip(),
                )
            elif item.post_type == "attachment":
                self.import_attachment(item)
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

    def import_post(self, item):
        if item.status in NOT_IMPORTED_STATUSES:
            self.summary.add("posts", "skipped", NOT_IMPORTED_STATUSES[item.status], item.title)
            return
        status = STATUSES.get(item.status, Article.Status.DRAFT)
        if item.post_password and status == Article.Status.PUBLISHED:
            status = Article.Status.DRAFT
            self.summary.notes.append(
                f"“{item.title}” was password-protected in WordPress: imported as a draft."
            )
        if item.post_id in self.seen_posts:
            self.summary.add("posts", "skipped", "appearing twice in the file", item.title)
            return
        self.seen_posts.add(item.post_id)
        record = self.post_records.get(item.post_id)
        if record is not None and record.article_id is None:
            self.summary.add("posts", "skipped", "deleted here since the last import", item.title)
            return

        authors = [self.author_for(item.creator)] if item.creator else []
        tags = self.tags_for(item)
        desired_slug = readable_slugify(
            unquote(item.post_name) or item.title or f"post-{item.post_id}", SLUG_LENGTH
        )
        body = convert_body(item.content)
        if self.fetcher is not None:
            body = self.fetcher.rewrite(body)
        values = {
            "title": self.title_for(item),
            "standfirst": plain_text(item.excerpt),
            "body": body,
            "status": status,
            "publish_at": self.publish_time(item),
            "is_sticky": item.is_sticky,
        }
        source_hash = digest(
            [
                CONVERTER_VERSION,
                values,
                desired_slug,
                sorted(tag.pk for tag in tags),
                [author.pk for author in authors],
            ]
        )
        if record is None:
            article = Article(**values)
            article.slug = self.free_slug(desired_slug)
            outcome = "created"
        else:
            if record.source_hash == source_hash and not self.overwrite_local_edits:
                self.summary.add("posts", "unchanged")
                return
            article = Article.objects.get(pk=record.article_id)
            if self.local_hash(article) != record.local_hash and not self.overwrite_local_edits:
                self.summary.add(
                    "posts",
                    "skipped",
                    "edited here since the last import (--overwrite-local-edits replaces them)",
                    item.title,
                )
                return
            for field, value in values.items():
                setattr(article, field, value)
            article.slug = self.slug_for_update(article, desired_slug)
            outcome = "updated"

        article.save()
        self.set_authors(article, authors, created=record is None)
        self.set_tags(article, tags, created=record is None)
        local_hash = self.local_hash(article, tags, authors)
        fields = {
            "article_id": article.pk,
            "old_url": item.link,
            "source_hash": source_hash,
            "local_hash": local_hash,
        }
        if record is None:
            ImportedItem.objects.create(
                source=self.source, kind=ImportedItem.Kind.POST, source_id=item.post_id, **fields
            )
        else:
            ImportedItem.objects.filter(pk=record.pk).update(imported_at=timezone.now(), **fields)
            if record.local_hash == local_hash:
                # The export changed in ways that do not show here (a new converter, say).
                outcome = "unchanged"
        self.summary.add("posts", outcome)
        if item.meta.get("_thumbnail_id") and not article.featured_image:
            self.thumbnails[article.pk] = item.meta["_thumbnail_id"][0].strip()
        if status == Article.Status.PUBLISHED:
            self.redirect_old_urls(item, article.get_absolute_url())

    def title_for(self, item):
        title = plain_text(item.title)
        if not title:
            words = plain_text(item.content).split()[:8]
            title = " ".join(words) + ("…" if words else "Untitled")
        return title[:TITLE_LENGTH]

    @staticmethod
    def publish_time(item):
        if item.post_date_gmt is not None:
            return item.post_date_gmt.replace(tzinfo=UTC)
        if item.post_date is not None:
            # No GMT date (drafts): WordPress's local time, taken as the site's time zone.
            return timezone.make_aware(item.post_date)
        return timezone.now()

    @staticmethod
    def free_slug(desired, exclude_pk=None):
        # The exact slug is usually free: one indexed lookup instead of a LIKE scan.
        if not Article.objects.filter(slug=desired).exclude(pk=exclude_pk).exists():
            return desired
        return unique_slug(Article, desired, exclude_pk=exclude_pk, max_length=SLUG_LENGTH + 6)

    def slug_for_update(self, article, desired):
        current = article.slug
        suffix = current[len(desired) + 1 :]
        if current == desired or (current.startswith(desired + "-") and suffix.isdigit()):
            return current
        return self.free_slug(desired, exclude_pk=article.pk)

    @staticmethod
    def set_authors(article, authors, created):
        wanted = [author.pk for author in authors]
        if not created:
            current = list(
                article.article_authors.order_by("position").values_list("author_id", flat=True)
            )
            if current == wanted:
                return
            article.article_authors.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author_id=pk, position=position)
            for position, pk in enumerate(wanted)
        )
        # bulk_create sends no signals: say what changed.
        byline_replaced.send(sender=Article, article_id=article.pk)

    @staticmethod
    def set_tags(article, tags, created):
        """Tag rows written directly (taggit's manager costs a query per tag), with the
        m2m_changed signals taggit would send, so listeners still hear of it."""
        wanted = {tag.pk for tag in tags}
        rows = TaggedArticle.objects.filter(content_object=article)
        current = set() if created else set(rows.values_list("tag_id", flat=True))
        signal = {
            "sender": TaggedArticle,
            "instance": article,
            "reverse": False,
            "model": Tag,
            "using": article._state.db,
        }
        if removed := current - wanted:
            m2m_changed.send(action="pre_remove", pk_set=removed, **signal)
            rows.filter(tag_id__in=removed).delete()
            m2m_changed.send(action="post_remove", pk_set=removed, **signal)
        if added := wanted - current:
            m2m_changed.send(action="pre_add", pk_set=added, **signal)
            TaggedArticle.objects.bulk_create(
                TaggedArticle(content_object=article, tag_id=pk) for pk in sorted(added)
            )
            m2m_changed.send(action="post_add", pk_set=added, **signal)

    @staticmethod
    def local_hash(article, tags=None, authors=None):
        """How the post looks here: differs from the record's when someone edited it."""
        if tags is None:
            tag_ids = list(article.tags.values_list("pk", flat=True))
        else:
            tag_ids = [tag.pk for tag in tags]
        if authors is None:
            author_ids = list(
                article.article_authors.order_by("position").values_list("author_id", flat=True)
            )
        else:
            author_ids = [author.pk for author in authors]
        return digest(
            [
                article.title,
                article.slug,
                article.standfirst,
                article.body,
                article.status,
                article.publish_at.astimezone(UTC).isoformat(),
                article.is_sticky,
                sorted(tag_ids),
                author_ids,
            ]
        )

    # --- Authors -------------------------------------------------------------------------

    def author_for(self, login):
        if login in self.authors:
            return self.authors[login]
        if login in self.author_map:
            author = self.author_map[login]
            self.summary.add("authors", "unchanged")
            self.summary.notes.append(f"WordPress user {login} → {author.name} (--author-map).")
            self.authors[login] = author
            return author
        wp = self.wp_authors.get(login) or WPAuthor(login=login)
        name = plain_text(wp.display_name) or plain_text(f"{wp.first_name} {wp.last_name}")
        name = (name or login)[:200]
        record = self.records.get((ImportedItem.Kind.AUTHOR, login))
        author = None
        if record is not None and record.author_id:
            author = Author.objects.filter(pk=record.author_id).first()
        if author is not None:
            if author.name != name and record.local_hash == digest([author.name]):
                author.name = name
                author.save()
                self.summary.add("authors", "updated")
            else:
                self.summary.add("authors", "unchanged")
        else:
            # WordPress's author URLs use the login with dots as hyphens; so do ours.
            slug = readable_slugify(login.replace(".", "-"), max_length=200)
            author = Author.objects.filter(slug=slug).first()
            if author is None:
                author = Author.objects.create(name=name, slug=slug)
                self.summary.add("authors", "created")
            else:
                self.summary.add("authors", "unchanged")
                self.summary.notes.append(
                    f"WordPress user {login} → existing author {author.name} (same slug)."
                )
        ImportedItem.objects.update_or_create(
            source=self.source,
            kind=ImportedItem.Kind.AUTHOR,
            source_id=login[:200],
            defaults={"author": author, "local_hash": digest([author.name])},
        )
        self.authors[login] = author
        author_url = author.get_absolute_url()
        wp_slug = unquote(login).lower().replace(" ", "-").replace(".", "-")
        self.add_move(f"{self.base_path}author/{wp_slug}/", author_url)
        if wp.wp_id:
            self.add_move(f"{self.base_path}?author={wp.wp_id}", author_url)
        return author

    # --- Tags ----------------------------------------------------------------------------

    def tags_for(self, item):
        """Tags for a post: its tags, its categories and those categories' parents."""
        names = {}
        slugged = {c.name.lower() for c in item.categories if c.slug}
        for category in item.categories:
            if category.taxonomy not in {"category", "post_tag"}:
                continue
            if category.taxonomy == "category" and DEFAULT_CATEGORY in {
                category.slug,
                category.name.lower(),
            }:
                continue
            if not category.slug and category.name.lower() in slugged:
                continue  # WXR 1.0 writes each term twice, once without its slug.
            chain = [(category.taxonomy, category.slug, category.name)]
            parent = self.terms.get((category.taxonomy, category.slug))
            seen = set()
            while parent is not None and parent.parent and parent.parent not in seen:
                seen.add(parent.parent)
                parent = self.terms.get((category.taxonomy, parent.parent))
                if parent is not None and parent.slug != DEFAULT_CATEGORY:
                    chain.append((parent.taxonomy, parent.slug, parent.name))
            for taxonomy, slug, name in chain:
                tag = self.tag_for(taxonomy, slug, name)
                if tag is not None:
                    names.setdefault(tag.name.lower(), tag)
        return list(names.values())

    def tag_for(self, taxonomy, slug, name):
        """The tag for a WordPress term: the one it became last time (even if renamed
        here since), else the tag of that name (any case), else a new one."""
        if slug and (taxonomy, slug) in self.term_tags:
            return self.term_tags[(taxonomy, slug)]
        term = self.terms.get((taxonomy, slug))
        name = plain_text(term.name if term and term.name else name)[:TAG_LENGTH]
        if not name:
            return None
        source_id = f"{taxonomy}:{slug}"[:200]
        record = self.records.get((ImportedItem.Kind.TERM, source_id)) if slug else None
        tag = self.tags_by_id.get(record.tag_id) if record is not None else None
        tag = tag or self.tags.get(name.lower())
        if tag is None:
            tag = Tag(name=name, description=plain_text(term.description) if term else "")
            tag.save()
            self.tags[name.lower()] = self.tags_by_id[tag.pk] = tag
            self.summary.add("tags", "created")
        elif slug:
            self.summary.add("tags", "unchanged")
        if slug:
            self.term_tags[(taxonomy, slug)] = tag
            if record is None or record.tag_id != tag.pk:
                self.records[(ImportedItem.Kind.TERM, source_id)] = (
                    ImportedItem.objects.update_or_create(
                        source=self.source,
                        kind=ImportedItem.Kind.TERM,
                        source_id=source_id,
                        defaults={"tag": tag},
                    )[0]
                )
            self.redirect_term(taxonomy, slug, term, tag)
        return tag

    def redirect_term(self, taxonomy, slug, term, tag):
        new_url = tag.get_absolute_url()
        if taxonomy == "post_tag":
            self.add_move(f"{self.base_path}tag/{unquote(slug)}/", new_url)
            self.add_move(f"{self.base_path}?tag={unquote(slug)}", new_url)
        else:
            chain, parent, seen = [unquote(slug)], term, set()
            while parent is not None and parent.parent and parent.parent not in seen:
                seen.add(parent.parent)
                chain.insert(0, unquote(parent.parent))
                parent = self.terms.get(("category", parent.parent))
            self.add_move(f"{self.base_path}category/{'/'.join(chain)}/", new_url)
            if term is not None and term.term_id:
                self.add_move(f"{self.base_path}?cat={term.term_id}", new_url)

    # --- Attachments -----------------------------------------------------------------------

    def import_attachment(self, item):
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
        self.add_move(self.old_path(url), local)
        self.add_move(f"{self.base_path}?attachment_id={item.post_id}", local)
        self.add_move(self.old_path(item.link), local)

    def _count_file(self, kind, url, outcome, detail):
        if outcome == "skipped":
            self.summary.add(kind, "skipped", detail, url)
        else:
            self.summary.add(kind, outcome)

    # --- Old addresses ---------------------------------------------------------------------

    def old_path(self, url):
        """The path (and WordPress query key) of an old-site URL, as a request sees it."""
        if not url:
            return None
        parts = urlsplit(url.strip())
        if parts.netloc and bare_host(url) not in self.site_hosts:
            return None
        path = unquote(parts.path) or "/"
        if parts.query:
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            for key in LEGACY_QUERY_KEYS:
                if key in query:
                    return f"{path}?{key}={query[key]}"
            return f"{path}?{unquote(parts.query)}"
        return path

    def add_move(self, old, new):
        if not old or not new or old == new:
            return
        if len(old) > MAX_REDIRECT_PATH or len(new) > MAX_REDIRECT_PATH:
            self.summary.add(
                "old addresses", "skipped", "longer than 200 characters: not redirected", old
            )
            return
        self.moves.append((old, new))

    def redirect_old_urls(self, item, new_url):
        self.add_move(f"{self.base_path}?p={item.post_id}", new_url)
        link_path = self.old_path(item.link)
        self.add_move(link_path, new_url)
        if item.guid and item.guid != item.link:
            self.add_move(self.old_path(item.guid), new_url)
        # Slugs the post had before in WordPress, which WordPress itself still redirected.
        current = unquote(item.post_name)
        if link_path and current and f"/{current}" in link_path:
            for old_slug in item.meta.get("_wp_old_slug", []):
                old_slug = unquote(old_slug.strip())
                if old_slug and old_slug != current:
                    head, _, tail = link_path.rpartition(f"/{current}")
                    self.add_move(f"{head}/{old_slug}{tail}", new_url)


@transaction.atomic
def import_file(fileobj, dry_run=False, **options):
    """Import `fileobj` in one transaction; a dry run rolls it back, whatever it did."""
    importer = WordPressImporter(**options)
    summary = importer.run(fileobj)
    if dry_run:
        transaction.set_rollback(True)
    return summary
