"""`manage.py load_demo`: the demo site, from the data files in articles/demo_content/.

authors.json lists the authors; posts.json the posts in order, without their bodies
(a post has no `days_ago` while it is a draft: it gets its date when it goes live);
posts/<slug>.html holds each body, one block a line for reading; stories.json names the
tags marked as running stories ("The story so far"). The lines are joined
without their breaks and indentation, so the body is stored as an editor's would be.

Pictures are drawn when the demo is loaded (articles/demo_images.py: free of rights):
an illustration for each post but those marked `"image": false`, a portrait for each
author. They are stored once, under demo/ on the media storage, and kept after that.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import demo_images
from articles.models import Article, ArticleAuthor, ArticleUpdate, Author, RelatedLink, Tag
from articles.signals import byline_replaced

DEMO_CONTENT = Path(__file__).resolve().parents[2] / "demo_content"


def read_json(name):
    return json.loads((DEMO_CONTENT / name).read_text(encoding="utf-8"))


def stored_picture(name, draw):
    """The storage name of the demo picture `name`, drawn by `draw()` (its bytes) the
    first time: loading the demo again, or on another database, reuses the file."""
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(draw()))
        assert saved == name, f"{name} stored as {saved}"
    return name


def post_picture(data):
    """The featured image fields of the demo post `data`: an illustration, or none."""
    if data.get("image") is False:
        return {"featured_image": "", "featured_image_alt": "", "featured_image_credit": ""}
    slug, theme = data["slug"], data["tags"][0] if data["tags"] else ""
    name = stored_picture(
        f"demo/illustrations/{slug}.jpg", lambda: demo_images.illustration(slug, theme)
    )
    return {
        "featured_image": name,
        "featured_image_alt": demo_images.describe(slug, theme),
        "featured_image_caption": data.get("caption", ""),
        "featured_image_credit": demo_images.CREDIT,
    }


def main_tag(names):
    """The Tag the post's first tag names (made if need be, as tags.set() would)."""
    if not names:
        return None
    found = Tag.objects.filter(name__iexact=names[0]).first()
    return found or Tag.objects.create(name=names[0])


def demo_posts():
    posts = read_json("posts.json")
    for post in posts:
        html = (DEMO_CONTENT / "posts" / f"{post['slug']}.html").read_text(encoding="utf-8")
        post["body"] = "".join(line.strip() for line in html.splitlines())
    return posts


class Command(BaseCommand):
    help = (
        "Create (or bring up to date) the demo site: authors, posts, tags, related links, "
        "updates. Safe to run again: content is matched by slug, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has posts (used by `make run`).",
        )

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("Posts already exist: demo content not loaded.")
            return
        # Dates are relative to today, so the demo site always looks current. Posts go
        # out at 09:30, except that today's post cannot be in the future (before 09:30 it
        # is dated now), so re-running never moves a post to another day.
        now = timezone.localtime().replace(second=0, microsecond=0)
        today = min(now.replace(hour=9, minute=30), now)
        authors = {
            data["slug"]: Author.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "bio": data["bio"],
                    "photo": stored_picture(
                        f"demo/authors/{data['slug']}.jpg",
                        lambda data=data: demo_images.portrait(data["name"]),
                    ),
                },
            )[0]
            for data in read_json("authors.json")
        }
        posts = demo_posts()
        articles = {}
        for data in posts:
            draft = data["status"] == "draft"
            # Drafts have no date yet: they are dated when they go live (Article.save).
            publish_at = None if draft else today - timedelta(days=data["days_ago"])
            article, _ = Article.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "title": data["title"],
                    "standfirst": data["standfirst"],
                    "body": data["body"],
                    "status": Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
                    "publish_at": publish_at,
                    "main_tag": main_tag(data["tags"]),
                    **post_picture(data),
                },
            )
            article.tags.set(data["tags"])
            ArticleAuthor.objects.filter(article=article).delete()
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article=article, author=authors[slug], position=position)
                for position, slug in enumerate(data["authors"])
            )
            # bulk_create sends no signals: say what changed (the post's byline names).
            byline_replaced.send(sender=Article, article_id=article.pk)
            article.updates.all().delete()
            for update in data.get("updates", []):
                ArticleUpdate.objects.create(
                    article=article,
                    kind=update["kind"],
                    note=update["note"],
                    posted_at=article.publish_at + timedelta(days=update["days_after"]),
                )
            articles[article.slug] = article
        for data in posts:
            article = articles[data["slug"]]
            article.related_links.all().delete()
            for position, slug in enumerate(data.get("related", [])):
                RelatedLink.objects.create(
                    article=article, related=articles[slug], position=position
                )
        Tag.objects.filter(name__in=read_json("stories.json")).update(is_story=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(authors)} authors, {len(articles)} posts "
                f"({Article.objects.published().count()} live)."
            )
        )
