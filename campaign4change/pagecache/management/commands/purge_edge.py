"""Send the edge (Varnish, a CDN) the purges it has not acknowledged: for cron.

Every process that serves the site does this by itself every EDGE_PURGE_RETRY_SECONDS;
this command covers the time when none is running, and `--all` purges every page at the
edge (after a release, whose templates change pages that no content change purges).
"""

from django.core.management.base import BaseCommand, CommandError

from campaign4change import pagecache
from campaign4change.pagecache import edge


class Command(BaseCommand):
    help = "Send due edge purges now; --all first records a purge of every page."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="purge every page at the edge (and in the page cache), then send every "
            "pending purge without waiting for it to be due",
        )

    def handle(self, *args, **options):
        if not edge.enabled():
            raise CommandError("DJANGO_EDGE_PURGE is not set: there is no edge to purge.")
        if options["all"]:
            pagecache.invalidate_all()
        sent = edge.deliver_due(everything=options["all"])
        self.stdout.write(f"{sent} change(s) purged at the edge.")
        if left := edge.count_due():
            raise CommandError(f"{left} change(s) still due: the edge did not take them.")
