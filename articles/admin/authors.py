"""Authors in the admin: the people in bylines, with the number of posts each signs."""

from django.contrib import admin
from django.db.models import Count

from articles.models import Author


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
