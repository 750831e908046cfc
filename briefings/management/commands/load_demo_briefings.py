"""`manage.py load_demo_briefings`: the demo briefings, from briefings/demo_content/.

In briefings.json, entries name a demo post by its slug (`post`) or give an external
link. `added_in` is the index of the update (in `updates` order, oldest first) that
brought the entry in; the loader rebuilds the change history from it, so the page's
update history says what each update added or removed.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author
from briefings.models import Briefing, BriefingChange, Entry, Section

DEMO_BRIEFINGS = Path(__file__).resolve().parents[2] / "demo_content" / "briefings.json"


class Command(BaseCommand):
    help = (
        "Create (or bring up to date) the demo briefings, with sections, entries and an "
        "update history. Needs the demo posts: run `manage.py load_demo` first. Safe to "
        "run again: briefings are matched by slug and rebuilt, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when briefings already exist (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Briefing.objects.exists():
            self.stdout.write("Briefings already exist: demo briefings not loaded.")
            return
        briefings = json.loads(DEMO_BRIEFINGS.read_text(encoding="utf-8"))
        wanted = {
            entry["post"]
            for briefing in briefings
            for section in briefing["sections"]
            for entry in section["entries"]
            if "post" in entry
        }
        posts = {article.slug: article for article in Article.objects.filter(slug__in=wanted)}
        missing = sorted(wanted - posts.keys())
        if missing:
            message = (
                f"The demo posts are missing ({', '.join(missing[:3])}...): "
                "run `manage.py load_demo` first."
            )
            if if_empty:
                # `make run` on a site with its own content: leave it alone, say why.
                self.stdout.write(self.style.WARNING(message + " Demo briefings not loaded."))
                return
            raise CommandError(message)
        with transaction.atomic():
            for data in briefings:
                self.load(data, posts)
        slugs = [data["slug"] for data in briefings]
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo briefings ready: {len(briefings)} briefings, "
                f"{Entry.objects.filter(section__briefing__slug__in=slugs).count()} entries."
            )
        )

    def load(self, data, posts):
        # A fixed time of day, relative to today: the demo always looks current, and
        # re-running does not move updates between days.
        today = timezone.localtime().replace(hour=10, minute=15, second=0, microsecond=0)
        updates = data["updates"]
        first_published = today - timedelta(days=updates[0]["days_ago"])
        briefing, _ = Briefing.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "introduction": data["introduction"],
                "status": Briefing.Status.PUBLISHED,
            },
        )
        Briefing.objects.filter(pk=briefing.pk).update(published_at=first_published)
        briefing.tags.set(data["tags"])
        briefing.curators.set(Author.objects.filter(slug__in=data["curators"]))
        briefing.sections.all().delete()
        briefing.changes.all().delete()
        added = [[] for _ in updates]
        for position, section_data in enumerate(data["sections"]):
            section = Section.objects.create(
                briefing=briefing, title=section_data["title"], position=position
            )
            for entry_position, entry_data in enumerate(section_data["entries"]):
                entry = self.make_entry(section, entry_position, entry_data, posts, today)
                added[entry_data["added_in"]].append(entry.snapshot())
        for index, update in enumerate(updates):
            BriefingChange.objects.create(
                briefing=briefing,
                created_at=today - timedelta(days=update["days_ago"]),
                notable=True,
                note=update["note"],
                added=added[index],
                removed=update.get("removed", []),
            )
        # An unannounced tidy-up, as editors make: recorded, but not in the public history.
        BriefingChange.objects.create(
            briefing=briefing,
            created_at=today - timedelta(days=max(updates[-1]["days_ago"] - 5, 0)),
            changed_fields=["introduction"],
            note="Tightened the introduction",
        )

    @staticmethod
    def make_entry(section, position, data, posts, today):
        if "post" in data:
            return Entry.objects.create(
                section=section,
                position=position,
                article=posts[data["post"]],
                note=data.get("note", ""),
            )
        days_ago = data.get("days_ago")
        return Entry.objects.create(
            section=section,
            position=position,
            url=data["url"],
            title=data["title"],
            source=data["source"],
            source_date=(today - timedelta(days=days_ago)).date() if days_ago else None,
            note=data.get("note", ""),
        )
