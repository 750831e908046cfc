import cProfile
import io
import pstats
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings

from bench.pages import page_urls


class Command(BaseCommand):
    help = (
        "Time page kinds in this process, with nothing cached (the benchmark's cold mode): "
        "mean and p50 per page, queries, and with --profile where the time goes. Run it "
        "against a benchmark database (DATABASE_URL=.../c4c_bench_20k); see "
        "docs/benchmark.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="Page kinds, comma-separated.")
        parser.add_argument("--requests", type=int, default=200, help="Per page kind.")
        parser.add_argument("--profile", action="store_true", help="Print cProfile's top.")
        parser.add_argument("--top", type=int, default=25)

    def handle(self, *args, only, requests, profile, top, **options):
        wanted = {name.strip() for name in only.split(",") if name.strip()}
        pages = {
            k: v for k, v in page_urls().items() if k != "ceiling" and (not wanted or k in wanted)
        }
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "testserver"
        with override_settings(
            PAGE_CACHE=False, FRAGMENT_CACHE=False, DEBUG=False, ALLOWED_HOSTS=["*"]
        ):
            client = Client(HTTP_HOST=host)
            for kind, urls in pages.items():
                self.time_kind(client, kind, urls, requests, profile, top)

    def time_kind(self, client, kind, urls, requests, profile, top):
        for url in urls[:20]:  # warm the process: imports, templates, connections
            client.get(url)
        profiler = cProfile.Profile() if profile else None
        times, cpu, queries = [], [], []

        def count(execute, sql, params, many, context):
            queries[-1] += 1
            return execute(sql, params, many, context)

        for n in range(requests):
            url = urls[n % len(urls)]
            queries.append(0)
            if profiler:
                profiler.enable()
            started, started_cpu = time.perf_counter(), time.process_time()
            with connection.execute_wrapper(count):
                response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if profiler:
                profiler.disable()
            if response.status_code != 200:
                self.stderr.write(f"{url}: {response.status_code}")
        # This process's CPU time is what the machine's other load cannot inflate; the
        # database's share is in the wall-clock times only.
        self.stdout.write(
            f"{kind:24} mean {statistics.mean(times):6.2f} ms  p50 "
            f"{statistics.median(times):6.2f} ms  cpu p50 {statistics.median(cpu):6.2f} ms"
            f"  queries {max(queries)}"
        )
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
            self.stdout.write(out.getvalue())
