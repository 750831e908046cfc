from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import (
            invalidation,
            signals,  # noqa: F401  (connects the search-vector receivers)
        )
        from articles.models import Article, Author, Tag
        from campaign4change.permalinks import track_moves

        invalidation.connect()
        track_moves(Article, is_public=lambda article: article.is_published)
        track_moves(Tag, is_public=lambda tag: True)
        track_moves(Author, is_public=lambda author: True)
