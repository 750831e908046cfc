from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`: synthetic content (bench_populate) and what the load driver needs."""

    name = "bench"
    verbose_name = "Benchmark"
