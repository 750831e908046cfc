"""The articles app's models, one module per kind of thing: authors, tags (and taggings),
posts (with bylines, related links, updates), the listing dates copied onto tagging and
byline rows, and what imports brought in."""

from articles.models.authors import Author
from articles.models.imports import ImportedItem
from articles.models.listing_rows import (
    ListingDateMixin,
    ListingRowQuerySet,
    listing_date_of,
    listing_dates,
    sync_listing_dates,
)
from articles.models.post_parts import ArticleAuthor, ArticleUpdate, RelatedLink
from articles.models.posts import Article, ArticleQuerySet
from articles.models.tags import Tag, TaggedArticle, TagQuerySet

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "ArticleUpdate",
    "Author",
    "ImportedItem",
    "ListingDateMixin",
    "ListingRowQuerySet",
    "RelatedLink",
    "Tag",
    "TagQuerySet",
    "TaggedArticle",
    "listing_date_of",
    "listing_dates",
    "sync_listing_dates",
]
