"""What an import brought in, from where (the WordPress importer's memory)."""

from django.db import models

from articles.models.authors import Author
from articles.models.posts import Article
from articles.models.tags import Tag


class ImportedItem(models.Model):
    """What an import brought in, from where, and what it looked like then.

    One row per WordPress post, author, term or file: a re-import finds its own work
    here (and updates in place instead of duplicating), and `local_hash` — a hash of the
    fields as the import left them — tells whether someone has edited the post here since.
    """

    class Kind(models.TextChoices):
        POST = "post", "Post"
        AUTHOR = "author", "Author"
        TERM = "term", "Category or tag"
        FILE = "file", "File"

    source = models.CharField(
        max_length=200, help_text="The old site, e.g. example.org/blog (scheme and www. dropped)."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_id = models.CharField(
        max_length=200, help_text="wp:post_id, author login, taxonomy:slug, or a file URL's hash."
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.CharField(max_length=300, blank=True, help_text="The stored file's name.")
    old_url = models.TextField(blank=True)
    source_hash = models.CharField(max_length=64, blank=True)
    local_hash = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported item"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="imported_item_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.source_id} from {self.source}"
