from django.core.management.base import BaseCommand

from articles.derived import refresh_search_vectors
from articles.models import Article
from articles.search import uses_full_text_search


class Command(BaseCommand):
    help = (
        "Recompute every article's stored search vector (PostgreSQL). Saving through the "
        "ORM keeps them current by itself; run this after bulk_create() or raw SQL loads."
    )

    def handle(self, *args, **options):
        if not uses_full_text_search():
            self.stdout.write("SQLite: search matches text directly; nothing to index.")
            return
        count = refresh_search_vectors(Article.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Search index updated for {count} articles."))
