"""Tags in the admin: suggestions as one types, post counts, and merging."""

import taggit.models
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path

from articles.forms import TagAdminForm, TagMergeForm
from articles.models import Tag
from articles.tag_input import suggest_tags
from articles.tags import merge_tags


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags. Rename one by editing it (change its slug too and the old address
    redirects); merge duplicates with the "Merge" action on the list; mark a running
    story ("The story so far"). Editors only (editorial/roles.py)."""

    form = TagAdminForm
    list_display = ["name", "slug", "is_story", "article_count"]
    list_filter = ["is_story"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def get_urls(self):
        suggest = self.admin_site.admin_view(self.suggest_view)
        return [path("suggest/", suggest, name="articles_tag_suggest"), *super().get_urls()]

    def suggest_view(self, request):
        # For anyone who tags posts or briefings, not only for those who manage tags.
        if not any(
            request.user.has_perm(permission)
            for permission in (
                "articles.add_article",
                "articles.change_article",
                "briefings.change_briefing",
            )
        ):
            raise PermissionDenied
        return suggest_tags(request)

    @admin.action(description="Merge selected tags into one", permissions=["change", "delete"])
    def merge(self, request, queryset):
        tags = list(queryset.order_by("name"))
        if len(tags) < 2:
            self.message_user(request, "Select at least two tags to merge.", messages.WARNING)
            return None
        form = TagMergeForm(tags, request.POST if "merge_into" in request.POST else None)
        if form.is_valid():
            target = form.cleaned_data["merge_into"]
            merged = merge_tags([t for t in tags if t != target], target)
            self.message_user(
                request,
                f"Merged {merged} tag(s) into “{target}”; their old addresses redirect to it.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge tags",
            "opts": self.model._meta,
            "form": form,
            "tags": tags,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/tag/merge.html", context)

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
