"""`make bench`: build a large synthetic site in PostgreSQL, serve it, drive load, report.

    python -m bench.run [--posts 20000 | --sizes 1000,20000,100000] [--duration 10]

For each size: a database c4c_bench_<size> is created and filled once (bench_populate;
later runs reuse it), the site is served by gunicorn (2 sync workers, production
settings, DEBUG off) on 127.0.0.1, and wrk drives every page kind (bench/pages.py) with
rotating URLs (bench/wrk/rotate.lua), in each mode (MODES: cold, off, on, edge; edge
puts Varnish in front and also measures how long an edit takes to show through it).
Query counts come from the X-SQL-Queries header that bench mode adds; peak RSS from
/proc/<worker>/status. Results go to stdout and bench/results/ (Markdown and JSON).
The parts: bench/server.py (gunicorn, wrk, PostgreSQL, Redis), bench/varnish.py,
bench/load.py (warming up, counting queries, wrk) and bench/report.py (machine facts,
the Markdown report).

Load only ever goes to 127.0.0.1, is bounded in time, and stops by itself.
"""

import argparse
import contextlib
import datetime
import json
import os
import secrets
import tempfile
import time
from pathlib import Path

from bench.load import run_wrk, warm_and_count
from bench.report import machine_facts, markdown
from bench.server import (
    HOST,
    ROOT,
    Server,
    edge_purges_settled,
    ensure_database,
    ensure_packages,
    log,
    manage,
    redis_available,
)
from bench.varnish import Varnish

RESULTS = ROOT / "bench" / "results"

# What each mode turns off. "off" is the site as a reader meets it when the page cache
# must rebuild a page (after a change): a post page's own part, while its post is
# unchanged, still comes from the cache. "cold" is the first
# render after a deployment: nothing comes from the cache but archive counts and the
# footer's month list.
MODES = {
    "cold": {"DJANGO_PAGE_CACHE": "off", "DJANGO_FRAGMENT_CACHE": "off"},
    "off": {"DJANGO_PAGE_CACHE": "off", "DJANGO_FRAGMENT_CACHE": "on"},
    "on": {"DJANGO_PAGE_CACHE": "on", "DJANGO_FRAGMENT_CACHE": "on"},
    "edge": {"DJANGO_PAGE_CACHE": "on", "DJANGO_FRAGMENT_CACHE": "on"},
}
# Modes whose load goes to a Varnish in front of gunicorn, purged by key by the app.
BEHIND_VARNISH = {"edge"}


def label(posts):
    return f"{posts // 1000}k" if posts >= 1000 and posts % 1000 == 0 else str(posts)


def bench_size(posts, args):
    name = args.database or f"c4c_bench_{label(posts)}"
    ensure_database(args.pg, name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env["DATABASE_URL"] = f"{args.pg}/{name}"
    env.pop("REDIS_URL", None)
    manage("migrate", "--no-input", "-v", "0", env=env)
    started = time.perf_counter()
    manage("bench_populate", "--posts", str(posts), "--if-needed", env=env)
    build_seconds = round(time.perf_counter() - started, 1)
    pages = json.loads(manage("bench_urls", env=env, capture=True))
    if args.only:
        pages = {k: v for k, v in pages.items() if k == "ceiling" or k in args.only}

    server_env = dict(env)
    server_env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_BENCH="1",
        DATABASE_CONN_MAX_AGE="600",
    )
    manage("collectstatic", "--no-input", "-v", "0", env=server_env)
    cache_backend = "local memory"
    if redis_available(args.redis):
        server_env["REDIS_URL"] = args.redis
        cache_backend = "Redis"
    results = {"posts": posts, "database": name, "build_seconds": build_seconds, "modes": {}}
    results["cache_backend"] = cache_backend
    with tempfile.TemporaryDirectory() as tmp:
        for mode in args.modes:
            mode_env = {**server_env, **MODES[mode]}
            mode_env["DJANGO_CACHE_KEY_PREFIX"] = f"bench-{secrets.token_hex(4)}"
            server = Server(mode_env)
            varnish = Varnish(server.port) if mode in BEHIND_VARNISH else None
            if varnish:
                mode_env["DJANGO_EDGE_PURGE"] = varnish.purge_url
            log(f"[{label(posts)}] mode {mode}: gunicorn{' behind Varnish' if varnish else ''}")
            with varnish or contextlib.nullcontext(), server:
                front = varnish or server
                if varnish:
                    edge_purges_settled(env["DATABASE_URL"])
                queries = warm_and_count(front, pages)
                rows = {}
                for kind, paths in pages.items():
                    log(f"[{label(posts)}] mode {mode}: {kind} ({len(paths)} URLs)")
                    rows[kind] = run_wrk(
                        front, paths, args.duration, args.threads, args.connections, Path(tmp)
                    )
                    rows[kind]["queries"] = queries[kind]
                memory = server.worker_memory()
                if varnish:
                    log(f"[{label(posts)}] mode {mode}: purge latency ({args.edits} posts)")
                    latency = manage(
                        "bench_purge_latency",
                        "--edge-url",
                        varnish.url(""),
                        "--edits",
                        str(args.edits),
                        env=mode_env,
                        capture=True,
                    )
            ceiling = rows["ceiling"]["rps"]
            for row in rows.values():
                row["ratio_to_ceiling"] = round(row["rps"] / ceiling, 3) if ceiling else None
            results["modes"][mode] = {"pages": rows, "workers": memory}
            if varnish:
                results["modes"][mode]["purge_latency"] = json.loads(latency)
    # With the page cache on, even the ceiling pays a cache lookup (the middleware cannot
    # know the view is exempt before it runs). The cache-off ceiling is the bare server:
    # report against it too, so "x ceiling" cannot flatter cached pages.
    bare_server = results["modes"].get("off") or results["modes"].get("cold")
    bare = bare_server["pages"]["ceiling"]["rps"] if bare_server else None
    for data in results["modes"].values():
        for row in data["pages"].values():
            row["ratio_to_bare_ceiling"] = round(row["rps"] / bare, 3) if bare else None
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--sizes", help="comma-separated post counts, e.g. 1000,20000,100000")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--modes",
        default="cold,off,on,edge",
        help="cold: no page or fragment cache; off: no page cache; on: both; edge: both, "
        "with Varnish in front (default: all)",
    )
    parser.add_argument(
        "--edits", type=int, default=10, help="posts edited to measure purge latency (edge)"
    )
    parser.add_argument("--only", help="comma-separated page kinds (default: all)")
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_POSTGRES", "postgres://root@127.0.0.1:5432"),
        help="PostgreSQL server URL without database name",
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--database", help="database name (default: c4c_bench_<size>)")
    args = parser.parse_args(argv)
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if unknown := set(args.modes) - MODES.keys():
        parser.error(f"unknown mode {', '.join(sorted(unknown))}: choose from {', '.join(MODES)}")
    args.only = {k.strip() for k in args.only.split(",")} if args.only else None
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.posts]

    ensure_packages("wrk", ["wrk"])
    if BEHIND_VARNISH & set(args.modes):
        ensure_packages("varnishd", ["varnish", "varnish-modules"])
    report = machine_facts(args)
    report["sizes"] = []
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    stem = datetime.datetime.now().strftime("%Y-%m-%d-%H%M") + "-" + "-".join(map(label, sizes))
    for posts in sizes:
        report["sizes"].append(bench_size(posts, args))
        # Written after each size, so a long run keeps what it measured.
        report["machine"]["load_average_at_end"] = os.getloadavg()
        text = markdown(report)
        (output / f"{stem}.md").write_text(text)
        (output / f"{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(text)
    log(f"results: {output / stem}.md and .json")


if __name__ == "__main__":
    main()
