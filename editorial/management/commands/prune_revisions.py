from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from editorial import history


class Command(BaseCommand):
    help = (
        "Delete old revisions, keeping the newest N per post or briefing "
        "(N = --keep, default settings.REVISIONS_KEEP). Deleted objects keep theirs too, "
        "so they stay recoverable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, default=None)

    def handle(self, keep=None, **options):
        keep = settings.REVISIONS_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be at least 1: the newest revision is never pruned.")
        for label, count in history.prune_all(keep).items():
            self.stdout.write(f"{label}: deleted {count} old revision(s), kept the newest {keep}.")
