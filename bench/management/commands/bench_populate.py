from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from articles.derived import refresh_derived_fields
from articles.models import Article, Author, Tag
from bench.synthetic import Builder, Plan, vacuum_analyze


class Command(BaseCommand):
    help = (
        "Fill an empty database with a large synthetic site for the benchmark: posts with "
        "~800-word bodies over ten years, authors, Zipf-distributed tags, related links, "
        "updates and briefings. Uses bulk inserts; prints a progress bar and timings."
    )

    def add_arguments(self, parser):
        plan = Plan()
        parser.add_argument("--posts", type=int, default=plan.posts)
        parser.add_argument("--authors", type=int, default=plan.authors)
        parser.add_argument("--tags", type=int, default=plan.tags)
        parser.add_argument("--briefings", type=int, default=plan.briefings)
        parser.add_argument("--entries", type=int, default=plan.entries_per_briefing)
        parser.add_argument("--seed", type=int, default=plan.seed)
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="Do nothing when the database already holds this many posts; otherwise "
            "replace its content (used by `make bench` to reuse a built database).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete ALL posts, authors, tags and briefings first.",
        )

    def handle(self, *args, **options):
        for name in ("posts", "authors", "tags"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        if options["if_needed"] and Article.objects.count() == options["posts"]:
            # A site built by an older version may lack what later versions derive.
            refreshed = refresh_derived_fields(
                progress_bar(options, self.stderr, "derived fields"), only_missing=True
            )
            if refreshed:
                vacuum_analyze()
            self.stdout.write(
                f"Already built: {options['posts']} posts"
                + (f" (derived fields computed for {refreshed})." if refreshed else ".")
            )
            return
        if any(model.objects.exists() for model in (Article, Author, Tag)):
            if not (options["reset"] or options["if_needed"]):
                raise CommandError(
                    "This database already has content. Use a fresh database, or --reset to "
                    "delete all content first."
                )
            self.reset()
        plan = Plan(
            posts=options["posts"],
            authors=options["authors"],
            tags=options["tags"],
            briefings=options["briefings"],
            entries_per_briefing=options["entries"],
            seed=options["seed"],
        )

        timings = Builder(plan, progress=progress_bar(options, self.stderr)).build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {plan.posts} posts, {plan.authors} authors, {plan.tags} tags, "
                f"{plan.briefings} briefings in {timings['total']} s."
            )
        )
        for phase, seconds in timings.items():
            if phase != "total":
                self.stdout.write(f"  {phase}: {seconds} s")

    def reset(self):
        from bench.synthetic import content_tables

        with connection.cursor() as cursor:
            # TRUNCATE is fastest, but not inside a transaction that has just written
            # rows with deferred constraints (the test suite's).
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute(f"TRUNCATE {', '.join(content_tables())} RESTART IDENTITY CASCADE")
            else:
                for table in content_tables():
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names


def progress_bar(options, stderr, desc="posts"):
    """A factory of tqdm bars on the command's stderr, silent at verbosity 0."""

    def progress(total):
        return tqdm(
            total=total,
            unit="post",
            desc=desc,
            file=stderr._out,
            disable=options["verbosity"] == 0,
            mininterval=0.5,
        )

    return progress
