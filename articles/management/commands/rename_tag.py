from django.core.management.base import BaseCommand, CommandError

from articles.models import Tag
from articles.tags import TagClash, rename_tag


class Command(BaseCommand):
    help = (
        "Rename a tag (given by slug or name). Its slug follows the new name unless "
        "--keep-slug; the old address redirects. Posts keep the tag."
    )

    def add_arguments(self, parser):
        parser.add_argument("tag", help="slug or name of the tag to rename")
        parser.add_argument("new_name")
        parser.add_argument("--keep-slug", action="store_true", help="keep the old address")

    def handle(self, tag, new_name, keep_slug=False, **options):
        found = find_tag(tag)
        old_url = found.get_absolute_url()
        try:
            rename_tag(found, new_name, reslug=not keep_slug)
        except TagClash as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Renamed to “{found.name}” at {found.get_absolute_url()}")
        if old_url != found.get_absolute_url():
            self.stdout.write(f"{old_url} now redirects there.")


def find_tag(slug_or_name):
    tag = (
        Tag.objects.filter(slug=slug_or_name).first()
        or Tag.objects.filter(name__iexact=slug_or_name).first()
    )
    if tag is None:
        raise CommandError(f"No tag with the slug or name {slug_or_name!r}.")
    return tag
