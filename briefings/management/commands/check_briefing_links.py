from django.core.management.base import BaseCommand, CommandError

from briefings import linkcheck
from briefings.models import Briefing, Entry


class Command(BaseCommand):
    help = (
        "Check every external link in the briefings (concurrently, with timeouts) and "
        "record its HTTP status, final address and the time of the check. Editors see "
        "broken links in the admin. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--briefing", metavar="SLUG", help="Only check the links of this briefing."
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=linkcheck.DEFAULT_TIMEOUT,
            help="Seconds to wait for each request (default: %(default)s).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=linkcheck.DEFAULT_CONCURRENCY,
            help="Requests in flight at once (default: %(default)s; at most "
            f"{linkcheck.PER_HOST} per host).",
        )

    def handle(self, *args, briefing=None, timeout, concurrency, **options):
        if timeout <= 0 or concurrency < 1:
            raise CommandError("--timeout must be positive and --concurrency at least 1.")
        entries = Entry.objects.external().select_related("section__briefing")
        if briefing is not None:
            if not Briefing.objects.filter(slug=briefing).exists():
                raise CommandError(f"No briefing with the slug “{briefing}”.")
            entries = entries.filter(section__briefing__slug=briefing)
        entries = list(entries)
        results, elapsed = linkcheck.check_entries(entries, timeout, concurrency)
        broken = [entry for entry in entries if entry.is_broken]
        for entry in broken:
            problem = entry.link_error or f"HTTP {entry.link_status}"
            self.stdout.write(
                f"Broken: {entry.url} ({problem}) in {entry.section.briefing} / {entry.section}"
            )
        summary = (
            f"Checked {len(entries)} link(s), {len(results)} address(es), in {elapsed:.1f}s: "
            f"{len(broken)} broken."
        )
        self.stdout.write(self.style.WARNING(summary) if broken else self.style.SUCCESS(summary))
