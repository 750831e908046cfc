"""WordPress users to authors here: the one given by --author-map, the one an earlier
import made (renamed only if nobody renamed it here), one with the same slug, or a new
one. Only users with an imported post become authors."""

from articles.models import Author, ImportedItem
from articles.wordpress.content import plain_text
from articles.wordpress.imported import digest
from articles.wordpress.wxr import WPAuthor
from campaign4change.text import readable_slugify


class Authors:
    def __init__(self, source, records, declared, author_map, summary, redirects):
        self.source = source
        self.records = records  # earlier imports' records, by (kind, source id)
        self.declared = declared  # login -> WPAuthor, as the export's header lists them
        self.author_map = author_map  # login -> Author, from --author-map
        self.summary = summary
        self.redirects = redirects
        self.resolved = {}  # login -> Author, on first use

    def get(self, login):
        if login in self.resolved:
            return self.resolved[login]
        if login in self.author_map:
            author = self.author_map[login]
            self.summary.add("authors", "unchanged")
            self.summary.notes.append(f"WordPress user {login} → {author.name} (--author-map).")
            self.resolved[login] = author
            return author
        wp = self.declared.get(login) or WPAuthor(login=login)
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
        self.resolved[login] = author
        self.redirects.for_author(login, wp.wp_id, author.get_absolute_url())
        return author

    def report_unused(self):
        for login in self.declared.keys() - self.resolved.keys():
            self.summary.add("authors", "skipped", "with no imported post", login)
