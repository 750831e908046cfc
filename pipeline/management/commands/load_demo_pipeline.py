from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author
from editorial.roles import assign_role
from pipeline import demo_content
from pipeline.models import Assignment, Note, Stage


class Command(BaseCommand):
    help = (
        "Give the demo site a believable pipeline: newsroom accounts (helen, an editor; tom "
        "and ruth, journalists; priya, a contributor), pitches, assignments with due dates, "
        "a post in review, notes. Needs the demo posts (`manage.py load_demo`). Safe to run "
        "again. The accounts share the demo admin's password, when there is one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the pipeline already has posts (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Assignment.objects.exists():
            self.stdout.write("The pipeline already has posts: demo pipeline not loaded.")
            return
        slugs = [data["slug"] for data in demo_content.STAGED]
        posts = {a.slug: a for a in Article.objects.filter(slug__in=slugs)}
        if len(posts) < len(slugs):
            message = "The demo posts are missing: run `manage.py load_demo` first."
            if if_empty:
                self.stdout.write(self.style.WARNING(message + " Demo pipeline not loaded."))
                return
            raise CommandError(message)
        with transaction.atomic():
            people = self.people()
            for data in demo_content.STAGED:
                self.stage(posts[data["slug"]], data, people)
            for data in demo_content.NEW:
                self.stage(self.new_post(data, people), data, people)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo pipeline ready: {Assignment.objects.count()} posts in the pipeline."
            )
        )
        password = settings.BASE_DIR / ".demo-admin-password"
        if password.exists():
            names = ", ".join(f"{u} ({role.lower()})" for u, _, _, role, _ in demo_content.PEOPLE)
            self.stdout.write(f"  newsroom logins: {names}; same password as admin\n")

    def people(self):
        User = get_user_model()
        password_file = settings.BASE_DIR / ".demo-admin-password"
        password = password_file.read_text().strip() if password_file.exists() else None
        people = {}
        for username, first, last, role, author_slug in demo_content.PEOPLE:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@newsroom.example",
                },
            )
            if created or password:
                if password:
                    user.set_password(password)
                else:
                    user.set_unusable_password()
                user.save()
            assign_role(user, role)
            author = (
                Author.objects.get(slug=author_slug)
                if author_slug
                else Author.objects.update_or_create(
                    slug=username + "-" + last.lower(),
                    defaults={"name": f"{first} {last}", "bio": demo_content.PRIYA_BIO},
                )[0]
            )
            Author.objects.filter(user=user).exclude(pk=author.pk).update(user=None)
            author.user = user
            author.save(update_fields=["user"])
            people[username] = user
        return people

    def new_post(self, data, people):
        now = timezone.localtime().replace(second=0, microsecond=0)
        published = "published" in data
        article, _ = Article.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "standfirst": data.get("standfirst", ""),
                "body": data.get("body", ""),
                "status": Article.Status.PUBLISHED if published else Article.Status.DRAFT,
                "publish_at": now + timedelta(days=data["published"]) if published else None,
            },
        )
        article.tags.set(data.get("tags", []))
        byline = [data["pitched_by"], *([data["assignee"]] if "assignee" in data else [])]
        ArticleAuthor.objects.filter(article=article).delete()
        for position, username in enumerate(dict.fromkeys(byline)):
            ArticleAuthor.objects.create(
                article=article, author=people[username].author, position=position
            )
        return article

    def stage(self, article, data, people):
        now = timezone.now()
        today = timezone.localdate()
        Assignment.objects.update_or_create(
            article=article,
            defaults={
                "stage": Stage.objects.get(kind=data["stage"]),
                "assignee": people.get(data.get("assignee")),
                "editor": people.get(data.get("editor")),
                "pitched_by": people.get(data.get("pitched_by")),
                "pitch": data.get("pitch", ""),
                "due_date": today + timedelta(days=data["due"]) if "due" in data else None,
                "stage_changed_at": now + timedelta(days=data.get("changed", 0), hours=-2),
                "stage_changed_by": people.get(data.get("assignee") or data.get("pitched_by")),
            },
        )
        article.notes.all().delete()
        for position, note in enumerate(data.get("notes", [])):
            at = now + timedelta(days=note["days"], hours=-3 + position)
            thread = Note.objects.create(
                article=article,
                author=people[note["author"]],
                kind=note.get("kind", Note.Kind.NOTE),
                quote=note.get("quote", ""),
                body=note["body"],
                created_at=at,
                resolved_at=at + timedelta(hours=1) if "resolved_by" in note else None,
                resolved_by=people.get(note.get("resolved_by")),
            )
            thread.mentions.set(user for name, user in people.items() if f"@{name}" in note["body"])
            for reply in note.get("replies", []):
                Note.objects.create(
                    article=article,
                    thread=thread,
                    author=people[reply["author"]],
                    body=reply["body"],
                    created_at=now + timedelta(days=reply["days"], hours=-1),
                )
