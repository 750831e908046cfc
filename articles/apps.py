from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import derived, invalidation
        from articles.models import Article, ArticleAuthor, Author, RelatedLink, Tag
        from articles.tags import tagged_item_models
        from articles.template_globals import MONTH_LIST_PIECE
        from articles.views import ArticleView
        from campaign4change import pagecache
        from campaign4change.permalinks import track_moves
        from editorial import history, previews

        derived.connect()
        invalidation.connect()
        pagecache.on_every_page(*MONTH_LIST_PIECE)
        track_moves(
            Article,
            is_public=lambda article: article.is_published,
            fields=["slug", "status", "publish_at"],
        )
        track_moves(Tag, is_public=lambda tag: True, fields=["slug"])
        track_moves(Author, is_public=lambda author: True, fields=["slug"])

        previews.register(
            Article,
            ArticleView,
            is_public=lambda article: article.is_published,
            queryset=lambda: Article.objects.all(),
        )
        # Old revisions stay restorable when an author, tag or linked post is deleted.
        history.keep_references_restorable(Author, ArticleAuthor, "author")
        history.keep_references_restorable(Article, RelatedLink, "related")
        for through in tagged_item_models():
            history.keep_references_restorable(Tag, through, "tag")
