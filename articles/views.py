from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateformat import format as date_format
from django.views.generic import DetailView, ListView

from articles import invalidation, sharing, structured_data
from articles.forms import SearchForm
from articles.listing import SUMMARY_FIELDS, Listing
from articles.models import Article, Author, Tag
from articles.related import related_posts
from articles.search import (
    SearchTimedOut,
    search_articles,
    time_limit,
    uses_full_text_search,
)
from campaign4change import pagecache
from campaign4change.compiled import compiled
from campaign4change.context_processors import site_origin


class PublishedArticlesMixin:
    """What every article list shares: public articles, newest first, paginated.

    Also gives templates their breadcrumbs (shown, and as schema.org BreadcrumbList)
    and the feeds to advertise with <link rel="alternate">.
    """

    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().only(*SUMMARY_FIELDS)

    def get_breadcrumbs(self, context):
        """[(name, path)] from below the home page to this page (the last has no link)."""
        return []

    def get_feeds(self):
        """[(title, rss path, atom path)] of feeds specific to this page."""
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = self.get_breadcrumbs(context)
        if breadcrumbs:
            breadcrumbs = [("Home", reverse("articles:home")), *breadcrumbs]
        context.update(breadcrumbs=breadcrumbs, page_feeds=self.get_feeds())
        return context


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        pagecache.depends_on(invalidation.ARTICLE_LIST)
        return Listing.home()


class TagArchiveView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_archive.html"

    def get_queryset(self):
        self.tag = found_or_404(tag_by_slug(slug=self.kwargs["slug"]))
        # Its own key too (loading tags only adds the key of all tags): the briefings
        # that this archive links to bump it.
        pagecache.depends_on(self.tag, invalidation.tag_articles(self.tag.pk))
        return Listing.for_tag(self.tag)

    def get_breadcrumbs(self, context):
        return [(f"Tag: {self.tag.name}", None)]

    def get_feeds(self):
        slug = self.tag.slug
        return [
            (
                f"posts tagged {self.tag.name}",
                reverse("articles:tag_feed", args=[slug]),
                reverse("articles:tag_feed_atom", args=[slug]),
            )
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorArchiveView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_archive.html"

    def get_queryset(self):
        self.author = found_or_404(author_by_slug(slug=self.kwargs["slug"]))
        pagecache.depends_on(self.author, invalidation.author_articles(self.author.pk))
        return Listing.for_author(self.author)

    def get_breadcrumbs(self, context):
        return [(self.author.name, None)]

    def get_feeds(self):
        slug = self.author.slug
        return [
            (
                f"posts by {self.author.name}",
                reverse("articles:author_feed", args=[slug]),
                reverse("articles:author_feed_atom", args=[slug]),
            )
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


TOO_SLOW = (
    "That search took too long: most posts contain those words. Add a more specific word or phrase."
)


class SearchView(PublishedArticlesMixin, ListView):
    """/search/?q=...: ranked full-text search on PostgreSQL, a text match on SQLite.

    An invalid query (too long, NUL characters) gets the form back with a 400; a search
    stopped by its time limit (SEARCH_TIMEOUT_MS) with a 503 and advice.
    """

    template_name = "articles/search.html"
    database = None  # the alias the search runs on, under its time limit

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        if not self.form.is_valid():
            return self.answer_without_results(status=400)
        if not self.get_query():
            return super().get(request, *args, **kwargs)
        try:
            with time_limit() as self.database:
                # Rendered here: the queries run while the template asks for results.
                return super().get(request, *args, **kwargs).render()
        except SearchTimedOut:
            self.form.add_error("q", TOO_SLOW)
            response = self.answer_without_results(status=503)
            # Whether it would finish next time depends on the load: nobody keeps this.
            patch_cache_control(response, no_store=True)
            return response

    def answer_without_results(self, status):
        self.database = None
        self.object_list = Article.objects.none()
        return self.render_to_response(self.get_context_data(), status=status)

    def get_query(self):
        return self.form.cleaned_data["q"] if self.form.is_valid() else ""

    def get_queryset(self):
        query = self.get_query()
        if not query:
            return Article.objects.none()
        # Results depend on any post's text and any tag's name: any change to either.
        pagecache.depends_on(pagecache.kind_key(Article), pagecache.kind_key(Tag))
        return search_articles(query, using=self.database)

    def get_breadcrumbs(self, context):
        return [("Search", None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, query=self.get_query(), **kwargs)
        context["canonical_query"] = {"q": context["query"]}
        results = context["paginator"].object_list if context.get("paginator") else None
        context["ranked"] = uses_full_text_search()
        context["truncated"] = getattr(results, "truncated", False)
        return context


class ArticleView(DetailView):
    """A post at /YYYY/MM/DD/slug/; any other date in the URL redirects to the right one.

    Staff may open drafts and scheduled posts (the admin's "View on site" is their
    preview); everyone else gets a 404 for them.

    A public post's own part of the page (`render_post`: its head tags, body, tags,
    updates, related posts, "Featured in") is kept in the cache until anything it shows
    changes (`pagecache.collected`). A page rebuilt for another reason (the footer's
    month list, a query string, a logged-in reader, whom the page cache never serves)
    then costs no query for the post.
    """

    template_name = "articles/article.html"
    context_object_name = "article"

    # What other apps show of a post on its page, as annotations of the post's own query
    # (name -> a function returning the expression), registered in their ready(): so
    # they can tell without a query of their own, and articles/ need not know them.
    annotations = {}

    @classmethod
    def posts(cls, articles):
        extra = {name: expression() for name, expression in cls.annotations.items()}
        return articles.defer("search_vector").annotate(**extra)

    def get_object(self, queryset=None):
        articles = self.posts(Article.objects.visible_to(self.request.user))
        return get_object_or_404(articles, slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        post = self.public_post()
        if post is None:  # a draft or scheduled post that staff may preview, or a 404
            self.object = self.get_object()
            post = self.render_post()
        if post["date"] != (kwargs["year"], kwargs["month"], kwargs["day"]):
            return redirect(post["url"], permanent=True)
        return self.render_to_response(self.get_context_data(post=post))

    def public_post(self):
        """The parts of the public post at this slug, from the cache, or None."""
        slug = self.kwargs["slug"]

        def build():
            found = public_post_by_slug(slug=slug, now=timezone.now())
            self.object = found[0] if found else None
            return self.render_post() if self.object else None

        # Absolute links in the head start with the origin: one copy per origin served.
        return pagecache.collected(f"post:{site_origin(self.request)}:{slug}", build)

    def render_post(self):
        """The post's own parts of its page (the `post` that articles/article.html
        places): plain values and autoescaped HTML, as kept in the cache."""
        article = self.object
        context = self.get_post_context(article)
        origin = site_origin(self.request)
        canonical = f"{origin}{article.get_absolute_url()}"
        head = {**context, "canonical": canonical}
        if article.is_published:  # a preview is not for sharing
            context["share_links"] = sharing.share_links(article.title, canonical)
            context["share_url"] = canonical
            context["follow_links"] = sharing.follow_links(article)
        day = article.local_publish_date
        return {
            "title": article.title,
            "description": article.excerpt,
            "is_published": article.is_published,
            "url": article.get_absolute_url(),
            "date": (day.year, day.month, day.day),
            "breadcrumbs": [
                ("Home", reverse("articles:home")),
                (str(day.year), reverse("articles:year", kwargs={"year": day.year})),
                (
                    date_format(day, "F Y"),
                    reverse("articles:month", kwargs={"year": day.year, "month": day.month}),
                ),
                (article.title, None),
            ],
            "head": render_to_string("articles/includes/post_head.html", head, self.request),
            "json_ld": structured_data.json_ld(
                structured_data.news_article(
                    article, context["tags"], origin, corrections=context["corrections"]
                )
            ),
            "body": render_to_string("articles/includes/post.html", context, self.request),
        }

    def get_post_context(self, article):
        related, curated = related_posts(article)
        # Chosen or suggested but hidden (draft, scheduled) posts are left out: the page
        # depends on them all, so that one shows once published.
        wanted = [*article.related_ids, *(article.suggested_ids or ())]
        pagecache.depends_on(*(pagecache.key(Article, pk) for pk in wanted))
        # Most posts have none, and say so without a query.
        updates = list(article.updates.all()) if article.last_update_at else []
        return {
            "article": article,
            "related_articles": related,
            "related_are_curated": curated,
            "tags": article.tag_links,
            "updates": updates,
            "corrections": [update for update in updates if update.is_correction],
        }

    def get_context_data(self, **kwargs):
        """The page's context: the post's parts and breadcrumbs (previews pass only the
        object, whose parts are rendered here)."""
        post = kwargs.pop("post", None) or self.render_post()
        return {"view": self, "post": post, "breadcrumbs": post["breadcrumbs"], **kwargs}


@compiled(Article, slug=str, now=datetime)
def public_post_by_slug(slug, now):
    """[the public post at `slug`] or [], with what other apps annotate on it: the query
    every cold post page makes, compiled once (campaign4change/compiled.py)."""
    posts = ArticleView.posts(Article.objects.published(now=now))
    return posts.filter(slug=slug).order_by("pk")[:1]


@compiled(Tag, slug=str)
def tag_by_slug(slug):
    return Tag.objects.filter(slug=slug).order_by("pk")[:1]


@compiled(Author, slug=str)
def author_by_slug(slug):
    return Author.objects.filter(slug=slug).order_by("pk")[:1]


def found_or_404(found):
    """The one object a compiled query found, or a 404."""
    if not found:
        raise Http404("Nothing at that address.")
    return found[0]
