import json

from django.core.management.base import BaseCommand

from bench.pages import page_urls


class Command(BaseCommand):
    help = "Print, as JSON, the URLs `make bench` drives for each kind of page."

    def add_arguments(self, parser):
        parser.add_argument("--posts-sample", type=int, default=1000)

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(page_urls(posts_sample=options["posts_sample"]), indent=1))
