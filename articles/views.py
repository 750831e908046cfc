from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from articles import invalidation
from articles.listing import Listing
from articles.models import Article, Author, RelatedLink, Tag
from campaign4change import pagecache


class PublishedArticlesMixin:
    """What every article list shares: public articles, newest first, paginated."""

    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().with_listing_relations()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        pagecache.depends_on(invalidation.ARTICLE_LIST)
        return Listing.of(Article.objects.published(), list_key=invalidation.ARTICLE_LIST)


class TagArchiveView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_archive.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        pagecache.depends_on(invalidation.tag_articles(self.tag.pk))
        return Listing.for_tag(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorArchiveView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_archive.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        pagecache.depends_on(invalidation.author_articles(self.author.pk))
        return Listing.for_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleView(DetailView):
    """A post at /YYYY/MM/DD/slug/; any other date in the URL redirects to the right one.

    Staff may open drafts and scheduled posts (the admin's "View on site" is their
    preview); everyone else gets a 404 for them.
    """

    template_name = "articles/article.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        articles = Article.objects.visible_to(self.request.user).with_listing_relations()
        return get_object_or_404(articles, slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        day = self.object.local_publish_date
        if (day.year, day.month, day.day) != (kwargs["year"], kwargs["month"], kwargs["day"]):
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        article = self.object
        # Hidden (draft, scheduled) targets are loaded and left out here rather than in
        # SQL, so that the cached page depends on them and shows them once published.
        related_links = (
            RelatedLink.objects.filter(article=article)
            .select_related("related")
            .order_by("position")
        )
        return super().get_context_data(
            related_articles=[link.related for link in related_links if link.related.is_published],
            updates=list(article.updates.all()),
            **kwargs,
        )
