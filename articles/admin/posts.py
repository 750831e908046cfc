"""Posts in the admin: the article form with its bylines, related links and updates."""

from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone

from articles import publishing
from articles.forms import ArticleAdminForm, ArticleUpdateForm
from articles.models import Article, ArticleAuthor, ArticleUpdate, Author, RelatedLink
from articles.search_preview import search_preview
from campaign4change.editor import RichTextEditorWithoutUploads
from editorial.admin import (
    AutosaveAdminMixin,
    BoundedInlineMixin,
    ComparedRows,
    ConflictDetectionAdminMixin,
    KeptUploadsAdminMixin,
    OwnershipAdminMixin,
    ParentPermissionInlineMixin,
    PreviewLinksAdminMixin,
    RevisionAdminMixin,
    UnchangedSaveAdminMixin,
)


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


class ArticleAuthorInline(
    NamedAutocompleteMixin, BoundedInlineMixin, ParentPermissionInlineMixin, SortableTabularInline
):
    model = ArticleAuthor
    max_num = 10
    autocomplete_fields = ["author"]
    autocomplete_placeholders = {"author": "Choose an author"}
    extra = 0
    min_num = 1
    verbose_name_plural = "Byline (drag to reorder)"

    def get_formset(self, request, obj=None, **kwargs):
        # Every post carries a byline: refuse a save that removes the last author.
        formset = super().get_formset(request, obj, validate_min=True, **kwargs)
        if request.user.has_perm("articles.change_others_article"):
            return formset
        own_author = Author.objects.filter(user=request.user).first()

        class OwnBylineFormSet(formset):
            def clean(self):
                super().clean()
                authors = [
                    form.cleaned_data.get("author")
                    for form in self.forms
                    if form.cleaned_data and not form.cleaned_data.get("DELETE")
                ]
                # Posts belong to the people in their byline: writing one that is not
                # yours would lock you out of it.
                if own_author is None:
                    raise ValidationError(
                        "Your account is not linked to an author, so you cannot own posts "
                        "yet: ask an editor to link it."
                    )
                if own_author not in authors:
                    raise ValidationError(f"Keep yourself ({own_author}) in the byline.")

        return OwnBylineFormSet


class RelatedLinkInline(
    NamedAutocompleteMixin, BoundedInlineMixin, ParentPermissionInlineMixin, SortableTabularInline
):
    model = RelatedLink
    max_num = 20
    fk_name = "article"
    autocomplete_fields = ["related"]
    autocomplete_placeholders = {"related": "Choose a related post"}
    extra = 0
    verbose_name_plural = "Related Links (drag to reorder)"


class ArticleUpdateInline(BoundedInlineMixin, ParentPermissionInlineMixin, admin.TabularInline):
    model = ArticleUpdate
    form = ArticleUpdateForm
    extra = 0


@admin.register(Article)
class ArticleAdmin(
    OwnershipAdminMixin,
    AutosaveAdminMixin,
    KeptUploadsAdminMixin,
    ConflictDetectionAdminMixin,
    UnchangedSaveAdminMixin,
    PreviewLinksAdminMixin,
    RevisionAdminMixin,
    SortableAdminBase,
    admin.ModelAdmin,
):
    """Posts. Contributors and journalists see and edit the posts whose byline carries
    the author linked to their account; contributors only while the post is a draft,
    and they can never publish or schedule. Editors (change_others_article) see all."""

    form = ArticleAdminForm
    # Kept privately every few seconds while someone types (editorial/admin/autosave.py).
    autosave_fields = ["title", "standfirst", "body", "tags"]
    owner_lookup = "article_authors__author__user"
    revision_follow = ["article_authors", "related_links", "updates", "taggedarticle_set"]
    compared_rows = [
        ComparedRows("taggedarticle_set", "tags", lambda tagging: tagging.tag.name, ("tag",)),
        ComparedRows("article_authors", "byline", lambda link: link.author.name, ("author",)),
        ComparedRows(
            "related_links", "related links", lambda link: link.related.title, ("related",)
        ),
        ComparedRows(
            "updates", "updates and corrections", lambda update: f"{update}: {update.note}"
        ),
    ]
    # Derived from the text on every save (PostgreSQL): not something an editor changed.
    compare_exclude = ["search_vector"]
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
        # The status and publish date are set with the buttons under the form (see
        # articles/publishing.py and get_form).
        ("Home page", {"fields": ["is_sticky"]}),
        (
            "Featured image",
            {
                "fields": [
                    "featured_image",
                    "featured_image_alt",
                    "featured_image_caption",
                    "featured_image_credit",
                ]
            },
        ),
        (
            "Suggested Related Links",
            {
                "fields": ["suggested_related"],
                "description": "Posts on the same topics, best match first.",
            },
        ),
    ]

    class Media:
        js = ["articles/admin/autocomplete_names.js", "articles/admin/writing_desk.js"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the Related Links inline, so ticked suggestions go after the chosen ones.
        form.save_suggested_related()
        action = form.cleaned_data.get("publishing_action")
        if action:
            request.publishing_action = action
            request.publishing_outcome = publishing.outcome(
                form.instance, action, form.state_before
            )

    # Publishing with words (articles/publishing.py) ----------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj if obj is not None else context["adminform"].form.instance
        form = context["adminform"].form
        context["publishing"] = {
            "buttons": publishing.buttons(article, self.has_publish_permission(request)),
            "state": publishing.describe_state(article),
            "date_in_future": publishing.date_in_future(form),
        }
        context["search_preview"] = search_preview(form, article)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def skips_unchanged_saves(self, request):
        # Submitting for review is news even when the text did not change.
        submitting = request.POST.get("publishing_action") == publishing.REVIEW
        return super().skips_unchanged_saves(request) and not submitting

    def log_addition(self, request, obj, message):
        return super().log_addition(request, obj, self.history_message(request, message))

    def log_change(self, request, obj, message):
        return super().log_change(request, obj, self.history_message(request, message))

    def history_message(self, request, message):
        if getattr(request, "publishing_action", None) == publishing.REVIEW:
            return publishing.review_message(message)
        return message

    def response_add(self, request, obj, post_url_continue=None):
        return super().response_add(self.staying_on_the_form(request), obj, post_url_continue)

    def response_change(self, request, obj):
        return super().response_change(self.staying_on_the_form(request), obj)

    def staying_on_the_form(self, request):
        """After a button of the form ("Save draft", "Publish now"...), back to the form,
        as in any writing tool, with the outcome said in words (message_user)."""
        if hasattr(request, "publishing_action"):
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return request

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        outcome = getattr(request, "publishing_outcome", None)
        if outcome and level == messages.SUCCESS and not getattr(request, "saved_nothing", False):
            message = outcome
        return super().message_user(request, message, level, *args, **kwargs)

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

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def editable_rows(self, request, queryset):
        # Once published, a post is out of a contributor's hands (as in WordPress).
        if self.has_publish_permission(request):
            return queryset
        return queryset.filter(status=Article.Status.DRAFT)

    def autocomplete_rows(self, request, queryset):
        # Related Links may point to any live post, and to the user's own drafts.
        return queryset.filter(
            pk__in=Article.objects.published().values("pk")
        ) | super().autocomplete_rows(request, queryset)

    def get_form(self, request, obj=None, change=False, **kwargs):
        may_publish = self.has_publish_permission(request)
        may_upload = request.user.has_perm("articles.upload_image")
        if "fields" in kwargs and self.has_change_permission(request, obj):
            # Set with the buttons under the form, not in a fieldset; without the right
            # to publish, the date is not even part of the form (an editor's stays put).
            kwargs["fields"] = [
                *kwargs["fields"],
                *(["status", "publish_at"] if may_publish else ["status"]),
            ]
        form = super().get_form(request, obj, change, **kwargs)
        actions, refusal = (
            (publishing.PUBLISHER_ACTIONS, "Publish it, schedule it or save it as a draft.")
            if may_publish
            else (
                publishing.WRITER_ACTIONS,
                "You may not publish or schedule posts: submit it for review.",
            )
        )

        class RoleArticleForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.state_before = publishing.state(self.instance)
                action = self.fields["publishing_action"]
                action.choices = [c for c in publishing.ACTION_CHOICES if c[0] in actions]
                action.error_messages["invalid_choice"] = refusal
                if not may_publish and "status" in self.fields:
                    # A forged "published" is then a form error, never a published post.
                    self.fields["status"].choices = [Article.Status.choices[0]]
                if not may_upload and "body" in self.fields:
                    self.fields["body"].widget = RichTextEditorWithoutUploads()

        RoleArticleForm.__name__ = form.__name__
        return RoleArticleForm

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("articles.upload_image"):
            fields.append("featured_image")
        return fields

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        adding = obj is None or obj.pk is None
        if isinstance(inline, ArticleAuthorInline) and adding and request.method == "GET":
            # A new post starts with its writer in the byline.
            own_author = Author.objects.filter(user=request.user).first()
            if own_author is not None:
                kwargs["initial"] = [{"author": own_author.pk, "position": 0}]
        return kwargs

    @admin.display(description="byline")
    def byline_display(self, article):
        return article.byline

    @admin.display(description="visibility")
    def visibility(self, article):
        if article.status == Article.Status.DRAFT:
            return "Draft"
        return "Scheduled" if article.is_scheduled else "Live"

    @admin.action(description="Publish selected posts", permissions=["publish"])
    def publish(self, request, queryset):
        drafts = list(queryset.filter(status=Article.Status.DRAFT))
        for article in drafts:
            # Dated by Article.save()'s rule, as from the form: now, unless a person
            # chose a date (one in the future schedules the post).
            article.status = Article.Status.PUBLISHED
            # One save (and one revision) per post: signals such as permalinks and
            # cache invalidation see every change.
            self.save_with_revision(request, article, "Published from the list of posts.")
        scheduled = sum(article.is_scheduled for article in drafts)
        message = f"Published {len(drafts)} post(s)"
        if scheduled:
            message += f", of which {scheduled} scheduled for later (they appear by themselves)"
        self.message_user(request, f"{message}.", messages.SUCCESS)

    @admin.action(description="Unpublish selected posts (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        published = list(queryset.filter(status=Article.Status.PUBLISHED))
        for article in published:
            article.status = Article.Status.DRAFT
            self.save_with_revision(request, article, "Unpublished from the list of posts.")
        self.message_user(
            request, f"Moved {len(published)} post(s) back to draft.", messages.SUCCESS
        )
