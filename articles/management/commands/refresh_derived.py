from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.derived import refresh_derived_fields


class Command(BaseCommand):
    help = (
        "Compute what saves derive for posts (excerpts, names of bylines and tags, related "
        "and suggested posts, search vectors: articles/derived.py). Saves keep them "
        "current by themselves; run this after bulk loads, or once after an upgrade that "
        "adds one (--missing: only posts that lack some)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only posts that lack some.")

    def handle(self, *args, missing=False, **options):
        def progress(total):
            return tqdm(
                total=total, unit="post", file=self.stderr, disable=options["verbosity"] < 1
            )

        count = refresh_derived_fields(progress, only_missing=missing)
        self.stdout.write(self.style.SUCCESS(f"Derived fields computed for {count} posts."))
