from django.core.management.base import BaseCommand, CommandError

from articles.management.commands.rename_tag import find_tag
from articles.tags import merge_tags


class Command(BaseCommand):
    help = (
        "Merge duplicate tags into one: posts tagged with any SOURCE get TARGET, the "
        "sources are deleted and their addresses redirect to TARGET's."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", help="slugs or names of the duplicates")
        parser.add_argument("--into", required=True, help="slug or name of the tag to keep")

    def handle(self, sources, into, **options):
        target = find_tag(into)
        tags = [find_tag(source) for source in sources]
        if any(tag.pk == target.pk for tag in tags):
            raise CommandError("A tag cannot be merged into itself.")
        count = merge_tags(tags, target)
        url = target.get_absolute_url()
        self.stdout.write(f"Merged {count} tag(s) into “{target.name}” ({url}).")
