"""The articles admin: posts, authors, tags."""

from articles.admin import authors, posts, tags  # noqa: F401 (they register)
from articles.admin.posts import ArticleAdmin

__all__ = ["ArticleAdmin"]
