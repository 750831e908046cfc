"""Pages: About, Contact, Corrections policy... Text that is not news, at a top-level
address (`/about/`), written with the same editor and sanitiser as posts.

`Page.objects.published()` is the one definition of a public page.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from campaign4change.images import responsive_images
from campaign4change.links import cached_reverse
from campaign4change.sanitizer import sanitize_html
from campaign4change.text import excerpt_from_html
from pages import reserved


def validate_page_slug(slug):
    problem = reserved.clashes(slug)
    if problem:
        raise ValidationError(problem, code="reserved")


class PageQuerySet(models.QuerySet):
    def published(self):
        """Every page a reader may see: every view, menu and sitemap starts here."""
        return self.filter(status=Page.Status.PUBLISHED)

    def visible_to(self, user):
        """Editors preview drafts ("View on site"); everyone else sees published pages."""
        if user.is_active and user.is_staff and user.has_perm("pages.view_page"):
            return self.all()
        return self.published()

    def in_menus(self):
        """Published pages in the header or footer menu, in the order editors set."""
        return self.published().exclude(menu=Page.Menu.NONE).order_by("menu_order", "title")


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Menu(models.TextChoices):
        HEADER = "header", "Header menu"
        FOOTER = "footer", "Footer menu"
        NONE = "none", "Not in a menu"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        validators=[validate_page_slug],
        help_text="The page's address: /slug/. Change it and the old address redirects "
        "to the new one.",
    )
    body = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    menu = models.CharField(
        "menu placement", max_length=10, choices=Menu.choices, default=Menu.NONE
    )
    # Set by dragging the rows of the admin's list of pages.
    menu_order = models.PositiveIntegerField("order", default=0, db_index=True)
    is_corrections_policy = models.BooleanField(
        "is the corrections policy",
        default=False,
        help_text="Linked from /corrections/ and from every corrected post. One page at most.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The start of the body as plain text, for the meta description (save()).
    excerpt = models.TextField(blank=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_corrections_policy"],
                condition=Q(is_corrections_policy=True),
                name="one_corrections_policy_page",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitised at save time whatever wrote it (admin, import, shell), as posts are.
        self.body = responsive_images(sanitize_html(self.body))
        self.excerpt = excerpt_from_html(self.body, words=30)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("pages:page", slug=self.slug)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class ImportedPage(models.Model):
    """A page brought in from WordPress (pages/wordpress.py): a second import of the same
    site updates it in place, and leaves it alone when it was edited here since."""

    source = models.CharField(max_length=200, help_text="The old site, e.g. example.org/blog.")
    source_id = models.CharField(max_length=200, help_text="wp:post_id")
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    old_url = models.TextField(blank=True)
    source_hash = models.CharField(max_length=64)
    local_hash = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported page"
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="imported_page_once")
        ]

    def __str__(self):
        return f"Page {self.source_id} from {self.source}"
