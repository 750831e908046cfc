import taggit.models
from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count, Prefetch
from django.utils import timezone

from articles.forms import ArticleAdminForm
from articles.models import Article, ArticleAuthor, ArticleUpdate, Author, RelatedLink, Tag


class VisibilityFilter(admin.SimpleListFilter):
    """Draft / scheduled / live: the three states a journalist thinks in."""

    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("live", "Live")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "live":
            return queryset.published()
        return queryset


class NamedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose empty state reads "Choose an author", not nothing.

    Select2 names its combobox after the text it shows; in a table row with no label of
    its own, an empty one has no accessible name (axe: aria-input-field-name).
    """

    def __init__(self, *args, placeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = self.placeholder
        attrs["aria-label"] = self.placeholder
        return attrs


class NamedAutocompleteMixin:
    """Autocomplete fields of an inline, each with a placeholder naming it."""

    autocomplete_placeholders = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        placeholder = self.autocomplete_placeholders.get(db_field.name)
        if placeholder:
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"), placeholder=placeholder
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ArticleAuthorInline(NamedAutocompleteMixin, SortableTabularInline):
    model = ArticleAuthor
    autocomplete_fields = ["author"]
    autocomplete_placeholders = {"author": "Choose an author"}
    extra = 0
    min_num = 1
    verbose_name_plural = "Byline (drag to reorder)"

    def get_formset(self, request, obj=None, **kwargs):
        # Every post carries a byline: refuse a save that removes the last author.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class RelatedLinkInline(NamedAutocompleteMixin, SortableTabularInline):
    model = RelatedLink
    fk_name = "article"
    autocomplete_fields = ["related"]
    autocomplete_placeholders = {"related": "Choose a related post"}
    extra = 0
    verbose_name_plural = "Related Links (drag to reorder)"


class ArticleUpdateInline(admin.TabularInline):
    model = ArticleUpdate
    extra = 0
    fields = ["posted_at", "kind", "note"]


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline, RelatedLinkInline, ArticleUpdateInline]
    prepopulated_fields = {"slug": ["title"]}
    list_display = ["title", "byline_display", "visibility", "publish_at", "updated_at"]
    list_filter = [VisibilityFilter, "status", "authors", "tags", "publish_at"]
    search_fields = ["title", "slug", "standfirst", "body"]
    date_hierarchy = "publish_at"
    actions = ["publish", "unpublish"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "tags"]}),
        ("Publishing", {"fields": ["status", "publish_at", "is_sticky"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt"]}),
        (
            "Suggested Related Links",
            {
                "fields": ["suggested_related"],
                "description": "Posts on the same topics, best match first.",
            },
        ),
    ]

    class Media:
        js = ["articles/admin/autocomplete_names.js"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the Related Links inline, so ticked suggestions go after the chosen ones.
        form.save_suggested_related()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
                )
            )
        )

    @admin.display(description="byline")
    def byline_display(self, article):
        return article.byline

    @admin.display(description="visibility")
    def visibility(self, article):
        if article.status == Article.Status.DRAFT:
            return "Draft"
        return "Scheduled" if article.is_scheduled else "Live"

    @admin.action(description="Publish selected posts", permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        drafts = queryset.filter(status=Article.Status.DRAFT)
        # A draft published now appears as new; a post with a future date stays scheduled.
        drafts.filter(publish_at__lt=now).update(publish_at=now)
        count = drafts.update(status=Article.Status.PUBLISHED)
        self.message_user(request, f"Published {count} post(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected posts (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(status=Article.Status.DRAFT)
        self.message_user(request, f"Moved {count} post(s) back to draft.", messages.SUCCESS)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        # Explicit order: a GROUP BY query ignores Meta.ordering, and the autocomplete
        # paginates this queryset.
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count("article_links"))
            .order_by("name")
        )

    @admin.display(description="posts", ordering="article_total")
    def article_count(self, author):
        return author.article_total


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=Count("tagged_articles"))
            .order_by("name")
        )

    @admin.display(description="posts", ordering="article_total")
    def article_count(self, tag):
        return tag.article_total


# taggit registers an admin for its own default Tag model, which this site does not use:
# hide it so editors see one "Tags" screen, the one above.
if admin.site.is_registered(taggit.models.Tag):
    admin.site.unregister(taggit.models.Tag)
