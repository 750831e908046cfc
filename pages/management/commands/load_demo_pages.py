"""`manage.py load_demo_pages`: the demo pages (About, Contact, Corrections policy,
Privacy) from pages/demo_content/: pages.json lists them in menu order, each body in
pages/<slug>.html, one block a line for reading."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from pages.models import Page

DEMO_CONTENT = Path(__file__).resolve().parents[2] / "demo_content"


def demo_pages():
    pages = json.loads((DEMO_CONTENT / "pages.json").read_text(encoding="utf-8"))
    for page in pages:
        html = (DEMO_CONTENT / "pages" / f"{page['slug']}.html").read_text(encoding="utf-8")
        page["body"] = "".join(line.strip() for line in html.splitlines())
    return pages


class Command(BaseCommand):
    help = (
        "Create (or bring up to date) the demo pages, published and in their menus. Safe "
        "to run again: pages are matched by slug, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when pages already exist (used by `make run`).",
        )

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and Page.objects.exists():
            self.stdout.write("Pages already exist: demo pages not loaded.")
            return
        pages = demo_pages()
        if any(data.get("is_corrections_policy") for data in pages):
            # One page at most is the policy: the demo's takes the mark.
            demo_slugs = [data["slug"] for data in pages]
            for page in Page.objects.filter(is_corrections_policy=True).exclude(
                slug__in=demo_slugs
            ):
                page.is_corrections_policy = False
                page.save()
        for order, data in enumerate(pages):
            Page.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "title": data["title"],
                    "body": data["body"],
                    "status": Page.Status.PUBLISHED,
                    "menu": data.get("menu", Page.Menu.NONE),
                    "menu_order": order,
                    "is_corrections_policy": data.get("is_corrections_policy", False),
                },
            )
        self.stdout.write(self.style.SUCCESS(f"Demo pages ready: {len(pages)} pages."))
