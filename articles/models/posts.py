"""Posts, their bylines, related links and updates.

`Article.objects.published()` is the one definition of public.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.utils import timezone
from taggit.managers import TaggableManager

from articles.models.authors import Author
from articles.models.listing_rows import sync_listing_dates
from articles.models.named import Named
from articles.models.post_parts import ArticleAuthor
from articles.models.tags import Tag, TaggedArticle
from articles.signals import posts_updated
from campaign4change import pagecache
from campaign4change.images import rendition_set, responsive_images
from campaign4change.links import cached_reverse
from campaign4change.sanitizer import sanitize_html
from campaign4change.text import (
    excerpt_from_html,
    join_names,
    plain_words,
    readable_slugify,
    unique_slug,
)
from campaign4change.uploads import ImageField, ImageUploadTo


def is_public(status, publish_at, now=None):
    """The rule of what a reader may see: published, with a publish time that has come.

    `ArticleQuerySet.published()` is this rule in SQL; tagging and byline rows hold its
    first half in their copy of the date (`Article.listing_date`). A scheduled post
    (published with a future time) appears by itself when its time comes.
    """
    return (
        status == Article.Status.PUBLISHED
        and publish_at is not None
        and publish_at <= (now or timezone.now())
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Everything a reader may see (`is_public`): every page, feed and sitemap. As
        of `now` (for queries compiled once, campaign4change/compiled.py)."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now())

    def visible_to(self, user):
        """What `user` may open: editors see every draft and scheduled post as a
        preview, other staff their own (row-level, like the admin); readers see what
        is published."""
        if not (user.is_active and user.is_staff):
            return self.published()
        if user.has_perm("articles.change_others_article"):
            return self.all()
        own = ArticleAuthor.objects.filter(author__user=user).values("article")
        return self.published() | self.filter(pk__in=own)

    def month_counts(self):
        """[(first day of month, number of posts)], newest first, in one aggregate query.

        Months are those of the site's time zone, like the dates in post URLs.
        """
        rows = (
            self.annotate(month=TruncMonth("publish_at"))
            .order_by()
            .values("month")
            .annotate(total=Count("id"))
            .order_by("-month")
        )
        return [(timezone.localdate(row["month"]), row["total"]) for row in rows]

    def with_last_modified(self):
        """Annotate `last_modified`: the latest of publication, edit and appended update.

        The one definition used by feeds' updated times, sitemaps' lastmod and the
        post page's dateModified (`Article.modified_at` is the same, in Python).
        """
        return self.annotate(
            last_modified=Greatest(
                "publish_at", "updated_at", Coalesce("last_update_at", "publish_at")
            )
        )

    def update(self, **kwargs):
        # A bulk update sends no signals and skips save(): keep the archives' copies of
        # the publish date in step, and tell who keeps derived data and cached pages.
        if kwargs.get("status") == Article.Status.PUBLISHED and "publish_at" not in kwargs:
            # save()'s rule for posts published without a date, in SQL.
            kwargs["publish_at"] = Coalesce("publish_at", Value(timezone.now()))
        ids = pagecache.pks_to_update(self)
        rows = super().update(**kwargs)
        if {"status", "publish_at"} & set(kwargs):
            sync_listing_dates(ids)
        posts_updated.send(sender=Article, article_ids=ids, fields=frozenset(kwargs))
        return rows

    def derived_update(self, **kwargs):
        """update() for fields derived from others (search vectors, names): the change
        that made them stale has already told everyone, so this tells no one."""
        return super().update(**kwargs)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        allow_unicode=False,
        help_text="The last part of the post's address. Filled in from the title.",
    )
    standfirst = models.TextField(
        blank=True,
        help_text="One or two sentences under the headline. Left empty, the start of the "
        "body is used.",
    )
    body = models.TextField(blank=True)
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Empty until a person chooses a date or the post goes public (see save()).
    publish_at = models.DateTimeField(
        "publish date",
        null=True,
        blank=True,
        db_index=True,
        help_text="Leave empty to date the post when it is published. A time in the future "
        "schedules it: it appears by itself then.",
    )
    is_sticky = models.BooleanField(
        "sticky",
        default=False,
        help_text="Keep this post at the top of the home page, above newer posts.",
    )
    featured_image = ImageField(upload_to=ImageUploadTo("featured/%Y/%m/"), blank=True)
    # Its renditions (campaign4change/images.py), made when the post is saved: the page
    # lists them without asking the storage or the renditions' store.
    featured_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    featured_image_alt = models.CharField(
        "featured image alt text",
        max_length=300,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )
    featured_image_caption = models.CharField(
        "caption",
        max_length=300,
        blank=True,
        help_text="Shown under the image: what it shows, for everyone.",
    )
    featured_image_credit = models.CharField(
        "credit",
        max_length=200,
        blank=True,
        help_text="Who made it: “Photo: Jo Marsh”, “Illustration: Campaign4Change”.",
    )
    # The first tag given (the form keeps them in the order typed): shown above the
    # headline as the post's kicker, and its feed offered to follow (`kicker`).
    main_tag = models.ForeignKey(
        Tag,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Derived, at save time, from the post and what hangs off it (articles/derived.py):
    # pages read them instead of computing them, or querying for them, per request.
    excerpt = models.TextField(
        blank=True, editable=False, help_text="The standfirst, or the start of the body."
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    # [[name, slug, id], ...] in byline order / in name order.
    byline_names = models.JSONField(default=list, blank=True, editable=False)
    tag_names = models.JSONField(default=list, blank=True, editable=False)
    # [[author id, their portrait's renditions], ...] in byline order: the post page's
    # byline shows the photos without a query (list pages do not read it).
    byline_photos = models.JSONField(default=list, blank=True, editable=False)
    # The chosen Related Links' post ids, in order; the newest update's date.
    related_ids = models.JSONField(default=list, blank=True, editable=False)
    # Posts sharing its rarest tags, best first (articles/related.py), a few more than
    # are shown in case some stop being public; None until first computed.
    suggested_ids = models.JSONField(null=True, blank=True, editable=False)
    last_update_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Title (A), tags and standfirst (B), body (C). Only PostgreSQL fills it; SQLite
    # search matches text instead. Pages never read it (several KB a post).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        get_latest_by = "publish_at"
        # What the newsroom roles are made of (editorial/roles.py); the usual
        # add/change/delete permissions apply to a user's own posts only.
        permissions = [
            ("publish_article", "Can publish and schedule posts"),
            ("change_others_article", "Can edit and delete anyone's posts"),
            ("upload_image", "Can upload images"),
        ]
        # The first matches published() and the listing order; with the id it covers the
        # id-first pagination of the home page and date archives (articles/listing.py).
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="article_listing_idx"),
            # The home page puts sticky posts first: without this, its page 1 sorted
            # every public post.
            models.Index(
                fields=["status", "-is_sticky", "-publish_at", "-id"], name="article_home_idx"
            ),
            # Created on PostgreSQL only (see migration 0002_search).
            GinIndex(fields=["search_vector"], name="article_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(featured_image="") | ~Q(featured_image_alt=""),
                name="article_image_has_alt_text",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False),
                name="published_article_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitised at save time, in one place, whatever wrote the body (admin, import,
        # shell): nothing unsafe is ever stored. Its images then get their renditions.
        self.body = responsive_images(sanitize_html(self.body))
        self.update_featured_image_renditions()
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            # The one rule for dating posts, whichever way they are published (the
            # form, the list's action, an import, a shell): a post that goes public
            # without a date chosen by a person is dated the moment it does. A date a
            # person chose is kept; one in the future schedules the post.
            self.publish_at = timezone.now()
        if not self.slug:
            self.slug = unique_slug(Article, readable_slugify(self.title), exclude_pk=self.pk)
        self.excerpt = self.standfirst or excerpt_from_html(self.body)
        self.reading_minutes = reading_minutes(self.body)
        if self.pk is not None:
            # Before the save's signals: what they compute (suggested posts) reads these.
            TaggedArticle.objects.filter(content_object=self).update(
                article_publish_at=self.listing_date
            )
            ArticleAuthor.objects.filter(article=self).update(article_publish_at=self.listing_date)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        day = self.local_publish_date
        return cached_reverse(
            "articles:article",
            year=f"{day.year:04d}",
            month=f"{day.month:02d}",
            day=f"{day.day:02d}",
            slug=self.slug,
        )

    def update_featured_image_renditions(self):
        image = self.featured_image
        if image and not image._committed:
            # Stored now rather than by Model.save(), so that its renditions can be made.
            image.save(image.name, image.file, save=False)
        name = image.name if image else ""
        if self.featured_image_renditions.get("name") != name:
            self.featured_image_renditions = {"name": name, **rendition_set(name)} if name else {}

    def validate_constraints(self, exclude=None):
        if self.publish_at is None:
            # Not a mistake to report: save() dates a post published without a date.
            exclude = {*(exclude or ()), "publish_at"}
        super().validate_constraints(exclude)

    def clean(self):
        if self.featured_image and not self.featured_image_alt.strip():
            raise ValidationError(
                {"featured_image_alt": "Describe the image: alt text is required with an image."}
            )

    @property
    def listing_date(self):
        """What tag and author archives sort by: the publish date, unless a draft."""
        return self.publish_at if self.status == self.Status.PUBLISHED else None

    @property
    def local_publish_date(self):
        """The day in the post's address: a draft not yet dated would go out today."""
        return timezone.localdate(self.publish_at or timezone.now())

    @property
    def is_published(self):
        """Public now: `is_public`, the rule published() selects by."""
        return is_public(self.status, self.publish_at)

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_published

    @property
    def modified_at(self):
        """The latest of publication, edit and appended update (see with_last_modified)."""
        dates = [self.publish_at, self.updated_at, self.last_update_at]
        return max(date for date in dates if date is not None)

    @property
    def byline_links(self):
        """The byline as pages show it: names and addresses, in order (derived.py)."""
        # What shows an author's name depends on every author's, as if it loaded them.
        pagecache.depends_on(pagecache.kind_key(Author))
        return [
            Named(name, cached_reverse("articles:author", slug=slug), pk, slug)
            for name, slug, pk, *_ in self.byline_names
        ]

    @property
    def tag_links(self):
        """The tags as pages show them: names and addresses, by name (derived.py)."""
        pagecache.depends_on(pagecache.kind_key(Tag))
        return [
            Named(name, cached_reverse("articles:tag", slug=slug), pk, slug)
            for name, slug, pk in self.tag_names
        ]

    @property
    def kicker(self):
        """The main tag as pages show it above the headline: the one given first, or
        (when that one was removed, or never chosen) the first by name; None untagged."""
        pagecache.depends_on(pagecache.kind_key(Tag))
        tags = self.tag_names
        chosen = [tag for tag in tags if tag[2] == self.main_tag_id]
        if not (chosen or tags):
            return None
        name, slug, pk = (chosen or tags)[0]
        # Only the one shown gets its address: every listed post has a kicker.
        return Named(name, cached_reverse("articles:tag", slug=slug), pk, slug)

    @property
    def byline_portraits(self):
        """[(author link, photo renditions)] of the byline's authors who have a photo, in
        byline order: the portraits the post page shows beside its byline."""
        photos = dict(self.byline_photos or ())
        return [
            (author, photos[author.pk]) for author in self.byline_links if photos.get(author.pk)
        ]

    @property
    def byline(self):
        return join_names(author.name for author in self.byline_links)

    @property
    def byline_authors(self):
        """The byline's Author objects, in order (one query)."""
        return [link.author for link in self.article_authors.select_related("author")]


def reading_minutes(body, words_per_minute=230):
    """Minutes to read a body, rounded up: at least one."""
    return max(1, -(-len(plain_words(body)) // words_per_minute))
