"""The pages `make bench` drives, each with the URLs it rotates over."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Tag
from briefings.models import Briefing
from pages.models import Page

SEARCH_QUERIES = [
    "outsourcing",
    "shared services",
    "mutual pathfinder",
    "council contract delay",
    "cloud migration",
    "NHS procurement",
    "Northmoor",
    "pensions payroll platform",
]


def page_urls(posts_sample=1000, tags_sample=200):
    """{kind: [path, ...]} for every page kind that this site has."""
    pages = {"ceiling": ["/__bench__/ceiling/"], "home": ["/"]}
    public = Article.objects.published().order_by("-publish_at")
    total = public.count()
    per_page = 10
    deep = min(500, max(1, total // per_page))
    pages["home, deep page"] = [f"/?page={deep}"]
    step = max(1, total // posts_sample)
    pages["post"] = [a.get_absolute_url() for a in public.only("slug", "publish_at")[::step]][
        :posts_sample
    ]
    live = Q(tagged_articles__article_publish_at__lte=timezone.now())
    tags = list(
        Tag.objects.annotate(n=Count("tagged_articles", filter=live))
        .filter(n__gt=0)
        .order_by("-n")[:tags_sample]
    )
    pages["tag archive"] = [tag.get_absolute_url() for tag in tags]
    pages["tag archive, deep page"] = [
        f"{tag.get_absolute_url()}?page={min(500, (tag.n + per_page - 1) // per_page)}"
        for tag in tags[:20]
    ]
    pages["author archive"] = [author.get_absolute_url() for author in Author.objects.all()]
    months = public.dates("publish_at", "month", order="DESC")
    pages["date archive"] = [
        reverse("articles:month", kwargs={"year": f"{m.year:04d}", "month": f"{m.month:02d}"})
        for m in months
    ]
    search = reverse("articles:search")
    pages["search"] = [f"{search}?q={query.replace(' ', '+')}" for query in SEARCH_QUERIES]
    pages["site feed"] = [reverse("articles:feed")]
    briefings = [b.get_absolute_url() for b in Briefing.objects.published()]
    if briefings:
        pages["briefings index"] = [reverse("briefings:index")]
        pages["briefing"] = briefings
    pages["corrections"] = [reverse("articles:corrections")]
    stories = [tag.get_story_url() for tag in tags if tag.is_story]
    if stories:
        pages["story so far"] = stories
    site_pages = [page.get_absolute_url() for page in Page.objects.published().only("slug")]
    if site_pages:
        pages["page"] = site_pages
    return pages
