import csv
import sys
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from articles.models import Author
from articles.wordpress.importer import import_file
from articles.wordpress.media import TemporaryStorage
from articles.wordpress.wxr import CleanReader, WXRError

PROGRESS_MIN_BYTES = 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2, from Tools → Export): authors, tags and "
        "categories, posts with their dates, status and slugs, files, and redirects from "
        "every old address. All or nothing; safe to run again (updates in place)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xml file WordPress exported.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything and print the summary, then roll it all back.",
        )
        parser.add_argument(
            "--author-map",
            metavar="CSV",
            help="A CSV file of 'wordpress_login,author' rows: posts by that login get "
            "that existing author (by slug or name) instead of a new one.",
        )
        parser.add_argument(
            "--skip-media",
            action="store_true",
            help="Do not download attachments: posts keep pointing at the old site's files.",
        )
        parser.add_argument(
            "--overwrite-local-edits",
            action="store_true",
            help="Replace posts edited here since the last import (they are skipped "
            "otherwise, and listed).",
        )
        parser.add_argument(
            "--media-timeout",
            type=float,
            default=10,
            help="Seconds to wait for the old site for each file (default 10).",
        )
        progress = parser.add_mutually_exclusive_group()
        progress.add_argument(
            "--progress", action="store_true", help="Always show the progress bar."
        )
        progress.add_argument(
            "--no-progress", action="store_true", help="Never show the progress bar."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            size = path.stat().st_size
            raw = path.open("rb")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        author_map = self.read_author_map(options["author_map"])
        show_progress = options["progress"] or (
            not options["no_progress"] and size >= PROGRESS_MIN_BYTES and sys.stderr.isatty()
        )
        bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=path.name[:30],
            file=self.stderr,
            disable=not show_progress,
            mininterval=0.5,
            dynamic_ncols=True,
        )
        importer_options = {
            "author_map": author_map,
            "skip_media": options["skip_media"],
            "overwrite_local_edits": options["overwrite_local_edits"],
            "media_timeout": options["media_timeout"],
        }
        try:
            with raw, bar, TemporaryStorage() as scratch:
                reader = CleanReader(raw, on_read=bar.update)
                storage = scratch if options["dry_run"] else default_storage
                summary = import_file(
                    reader, dry_run=options["dry_run"], storage=storage, **importer_options
                )
        except WXRError as error:
            raise CommandError(f"{path}, {error}. Nothing was imported.") from None
        verbosity = options["verbosity"]
        for line in summary.lines(examples=0 if verbosity == 0 else 3 if verbosity == 1 else 50):
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}."))

    def read_author_map(self, csv_path):
        """{wordpress login: Author} from 'login,author' rows; the author must exist."""
        if not csv_path:
            return {}
        try:
            handle = open(csv_path, newline="", encoding="utf-8-sig")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {csv_path}: {error.strerror}.") from None
        mapping = {}
        with handle:
            for line_number, row in enumerate(csv.reader(handle), start=1):
                cells = [cell.strip() for cell in row]
                if not any(cells) or cells[0].startswith("#"):
                    continue
                if len(cells) < 2 or not cells[0] or not cells[1]:
                    raise CommandError(
                        f"{csv_path}, line {line_number}: expected 'wordpress_login,author'."
                    )
                login, wanted = cells[0], cells[1]
                if line_number == 1 and wanted.lower() in {"author", "slug", "name"}:
                    continue  # a header row
                matches = list(Author.objects.filter(Q(slug=wanted) | Q(name__iexact=wanted))[:2])
                exact = [author for author in matches if author.slug == wanted]
                if exact:
                    matches = exact
                if not matches:
                    raise CommandError(
                        f"{csv_path}, line {line_number}: no author with slug or name "
                        f"“{wanted}”. Create the author first, or remove the line."
                    )
                if len(matches) > 1:
                    raise CommandError(
                        f"{csv_path}, line {line_number}: several authors are called "
                        f"“{wanted}”; use the slug."
                    )
                mapping[login] = matches[0]
        return mapping
