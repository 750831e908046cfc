"""Briefings, their sections and entries."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, router
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.models import Article, Author, Tag, listing_date_of, listing_dates
from campaign4change.images import responsive_images
from campaign4change.links import cached_reverse
from campaign4change.sanitizer import sanitize_html
from campaign4change.text import excerpt_from_html, readable_slugify, unique_slug

# Only web links: a `javascript:` or `file:` URL must never reach a reader's click.
web_url_validator = URLValidator(schemes=["http", "https"])


class WebURLField(models.URLField):
    """An http(s) address; typed without a scheme ("www.gov.uk/..."), https is assumed."""

    default_validators = [web_url_validator]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class TaggedBriefing(TaggedItemBase):
    """Topic tags share the articles' Tag table, so a tag archive can point to its briefing."""

    content_object = models.ForeignKey("Briefing", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_briefings")

    class Meta:
        unique_together = [("content_object", "tag")]


class BriefingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        dates_changed = bool({"published_at", "created_at"} & set(kwargs))
        if not dates_changed and "status" not in kwargs:
            return super().update(**kwargs)
        briefing_ids = list(self.values_list("pk", flat=True))
        rows = super().update(**kwargs)
        if dates_changed:
            refresh_last_updated(briefing_ids, using=self.db)
        if "status" in kwargs:
            entries = models.QuerySet(Entry, using=self.db)
            copy_briefing_state(entries.filter(section__briefing__in=briefing_ids))
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create sends no post_save: their last updated dates, in one query.
        created = super().bulk_create(objs, *args, **kwargs)
        refresh_last_updated([briefing.pk for briefing in created], using=self.db)
        return created

    def published(self):
        """Every briefing a reader may see. The one definition of "public" for briefings."""
        return self.filter(status=Briefing.Status.PUBLISHED)

    def visible_to(self, user):
        """What `user` may open: staff preview drafts; everyone else sees published ones."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def with_entry_count(self, now=None):
        """Annotate `entry_count`: the entries a reader would see (drafts' posts are hidden).

        Counted for the briefings shown only. Each post's public state is probed by its
        key here rather than read from the entry's copy of its date (`public()`): with the
        copy, PostgreSQL scans every entry once per briefing shown (5 ms for twenty
        briefings against 2); a count over a join would count every published briefing
        and work out `last_updated` once per entry (13 ms)."""
        live = Article.objects.published(now=now).filter(pk=OuterRef("article_id"))
        count = (
            Entry.objects.filter(Q(article__isnull=True) | Exists(live))
            .filter(section__briefing=OuterRef("pk"))
            .order_by()
            .values("section__briefing")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(entry_count=Coalesce(Subquery(count), 0))

    def featuring(self, article):
        """Published briefings that list `article` among their entries."""
        return self.published().filter(
            pk__in=Entry.objects.filter(article=article).values("section__briefing")
        )


class Briefing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the briefing's address. Filled in from the title.",
    )
    introduction = models.TextField(
        blank=True, help_text="What the briefing covers and who it is for."
    )
    tags = TaggableManager(
        "topic tags",
        through=TaggedBriefing,
        blank=True,
        help_text="The tag archives for these tags link to this briefing.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    curators = models.ManyToManyField(
        Author,
        related_name="curated_briefings",
        blank=True,
        help_text="The editors who look after this briefing, named on the page.",
    )
    # Derived from the introduction at save time: lists and feeds show it.
    summary = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was first published."
    )
    # The latest notable update, else the first publication, else the creation: what
    # readers see as "Last updated", and the order of lists. Kept by `refresh_last_updated`
    # after every save of the briefing or of a change in its history.
    last_updated = models.DateTimeField(null=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitised at save time, whatever wrote it: nothing unsafe is ever stored.
        self.introduction = responsive_images(sanitize_html(self.introduction))
        self.summary = excerpt_from_html(self.introduction, words=35)
        if not self.slug:
            self.slug = unique_slug(Briefing, readable_slugify(self.title), exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("briefings:briefing", slug=self.slug)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @cached_property
    def topic_tags(self):
        """Its topic tags, by name (one query, unless the page that lists it gave them)."""
        return list(self.tags.order_by("name"))


class Section(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class EntryQuerySet(models.QuerySet):
    def public(self, now=None):
        """Entries a reader sees: every external link, and posts that are live.

        A post's entry holds a copy of its public date (`Article.listing_date`, NULL
        unless published), as tagging rows do: the rest of the rule is that it has come
        (as of `now`, for queries compiled once).
        """
        now = now or timezone.now()
        return self.filter(Q(article__isnull=True) | Q(article_publish_at__lte=now))

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(): copy the posts' public dates and the briefings'
        # published state, a query each.
        objs = list(objs)
        dates = listing_dates({obj.article_id for obj in objs if obj.article_id})
        published = published_sections({obj.section_id for obj in objs}, using=self._db)
        for obj in objs:
            obj.article_publish_at = dates.get(obj.article_id)
            obj.briefing_published = obj.section_id in published
        return super().bulk_create(objs, *args, **kwargs)

    def external(self):
        return self.filter(article__isnull=True)

    def broken(self):
        """External links whose last check failed (an error, or a 4xx/5xx answer)."""
        return self.external().filter(
            Q(link_checked_at__isnull=False) & (~Q(link_error="") | Q(link_status__gte=400))
        )


def last_updated_of(briefing_field):
    """The last updated date of the briefing that the outer row's `briefing_field` names,
    as an expression (a subquery of its history)."""
    from briefings.models.history import BriefingChange  # which imports this module

    latest_update = (
        BriefingChange.objects.filter(briefing=OuterRef(briefing_field), notable=True)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return Coalesce(Subquery(latest_update), "published_at", "created_at")


def refresh_last_updated(briefing_ids, using=None):
    """Work out `last_updated` again for these briefings, in one UPDATE (a plain one:
    what shows the date is invalidated by whoever changed it, briefings/invalidation.py)."""
    briefings = models.QuerySet(Briefing, using=using).filter(pk__in=briefing_ids)
    briefings.update(last_updated=last_updated_of("pk"))


def last_updated_on_save(sender, instance, using=None, **kwargs):
    """post_save of a briefing, however written (a form, a restored revision, loaddata)."""
    refresh_last_updated([instance.pk], using=using)
    briefings = models.QuerySet(Briefing, using=using).filter(pk=instance.pk)
    instance.last_updated = briefings.values_list("last_updated", flat=True).first()


def last_updated_on_history(sender, instance, using=None, **kwargs):
    """post_save and post_delete of a change in a briefing's history."""
    refresh_last_updated([instance.briefing_id], using=using)


def sync_entry_dates(article_ids):
    """Copy posts' public dates onto the entries that list them (after any change)."""
    entries = Entry.objects.filter(article_id__in=article_ids)
    # Most posts are in no briefing: a read then, not a write (a scheduled post coming
    # due is noticed while a reader's page is rendered).
    if entries.exists():
        entries.update(article_publish_at=listing_date_of("article_id"))


def entry_restored(sender, instance, raw=False, using=None, **kwargs):
    """pre_save of an entry written as stored (a revision restored, loaddata): its copies
    are read from its post and its briefing as they are now, not as they were when
    stored."""
    if raw:
        article_id = instance.article_id
        instance.article_publish_at = (
            listing_dates([article_id]).get(article_id) if article_id else None
        )
        instance.briefing_published = instance.section_id in published_sections(
            [instance.section_id], using=using
        )


def sections_of_published_briefings():
    return Section.objects.filter(briefing__in=Briefing.objects.published())


def published_sections(section_ids, using=None):
    """Which of these sections are in a published briefing (one query, of the database
    written to: a replica may not have seen a briefing published a moment ago)."""
    sections = sections_of_published_briefings().using(using or router.db_for_write(Section))
    return set(sections.filter(pk__in=section_ids).values_list("pk", flat=True))


def copy_briefing_state(entries):
    """Copy onto `entries` (a queryset) whether their briefing is published, in one
    UPDATE that writes only the entries whose copy is wrong."""
    published = Exists(sections_of_published_briefings().filter(pk=OuterRef("section_id")))
    entries.exclude(briefing_published=published).update(briefing_published=published)


def entries_follow_briefing(sender, instance, using=None, **kwargs):
    """post_save of a briefing, however written (a form, a restored revision)."""
    copy_briefing_state(Entry.objects.using(using).filter(section__briefing=instance.pk))


def entries_follow_section(sender, instance, created=False, raw=False, using=None, **kwargs):
    """post_save of a section, which may have moved to another briefing. A new one has no
    entries yet, unless it was written as stored (loaddata) after its entries."""
    if raw or not created:
        copy_briefing_state(Entry.objects.using(using).filter(section=instance.pk))


class Entry(models.Model):
    """One item in a section: a post on this site, or a link to somewhere else."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(default=0, db_index=True)
    # PROTECT: deleting a post that a briefing lists must be a decision, not an accident.
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefing_entries",
        verbose_name="post on this site",
        help_text="Either choose a post on this site…",
    )
    url = WebURLField(
        "external link",
        max_length=2000,
        blank=True,
        help_text="…or give the address of a page elsewhere (http or https).",
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="For an external link (a post has its own)."
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Who published it, e.g. “Cabinet Office”."
    )
    source_date = models.DateField("date", null=True, blank=True)
    note = models.CharField(
        "editor's note",
        max_length=300,
        blank=True,
        help_text="Optional: one line on why it matters.",
    )
    # Link health, written by `manage.py check_briefing_links`.
    link_status = models.PositiveSmallIntegerField("HTTP status", null=True, blank=True)
    link_final_url = WebURLField("final address", max_length=2000, blank=True)
    link_error = models.CharField("link error", max_length=300, blank=True)
    link_checked_at = models.DateTimeField("link checked", null=True, blank=True)
    # Its post's public date, kept by save() and `sync_entry_dates`: see `public()`.
    article_publish_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Whether its briefing is published, kept by save(), bulk_create(), `entry_restored`,
    # `entries_follow_briefing`, `entries_follow_section` and Briefing...update(status=):
    # a post page asks "is this post in a published briefing?" of entries alone, as a
    # join to sections and briefings was most of the time PostgreSQL took to plan it.
    briefing_published = models.BooleanField(default=False, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "entries"
        constraints = [
            models.CheckConstraint(
                condition=(Q(article__isnull=False) & Q(url="") & Q(title=""))
                | (Q(article__isnull=True) & ~Q(url="") & ~Q(title="")),
                name="entry_is_article_or_titled_link",
                violation_error_message="An entry is either a post on this site or an "
                "external link with a title.",
            )
        ]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        self.article_publish_at = self.article.listing_date if self.article_id else None
        self.briefing_published = self.section_id in published_sections(
            [self.section_id], using=kwargs.get("using")
        )
        super().save(*args, **kwargs)

    def clean(self):
        if self.article_id and not self.url:
            # A post brings its own headline, byline and date: fields meant for external
            # links would only go stale beside it.
            self.title, self.source, self.source_date = "", "", None
        # Errors are tied to fields, so the form shows them on the row that needs fixing.
        if self.article_id and self.url:
            raise ValidationError(
                {
                    "url": "An entry is either a post on this site or an external link, "
                    "not both: clear one of them."
                }
            )
        if not self.article_id and not self.url:
            raise ValidationError(
                {"article": "Choose a post on this site or give an external link."}
            )
        if self.url and not self.title.strip():
            raise ValidationError({"title": "An external link needs a title."})

    @property
    def is_external(self):
        return self.article_id is None

    @property
    def display_title(self):
        if self.article_id:
            return self.article.title
        return self.title or self.url

    @property
    def href(self):
        return self.url if self.is_external else self.article.get_absolute_url()

    @property
    def is_broken(self):
        return bool(
            self.is_external
            and self.link_checked_at
            and (self.link_error or (self.link_status or 0) >= 400)
        )

    @property
    def was_redirected(self):
        return bool(self.link_final_url) and self.link_final_url != self.url

    def snapshot(self):
        """How the change history remembers this entry, even after it is deleted."""
        return {
            "id": self.pk,
            # A post is named to readers only while it is public (changes.for_readers).
            "article_id": self.article_id,
            "title": self.display_title,
            "url": self.href,
            "section": self.section.title,
            "section_id": self.section_id,
            "position": self.position,
        }
