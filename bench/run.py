"""`make bench`: build a large synthetic site in PostgreSQL, serve it, drive load, report.

    python -m bench.run [--posts 20000 | --sizes 1000,20000,100000] [--duration 10]

For each size: a database c4c_bench_<size> is created and filled once (bench_populate;
later runs reuse it), the site is served by gunicorn (2 sync workers, production
settings, DEBUG off) on 127.0.0.1, and wrk drives every page kind (bench/pages.py) with
rotating URLs (bench/wrk/rotate.lua), first with the page cache off, then on, then with
Varnish in front (bench/varnish.py), where it also measures how long an edit takes to
show through Varnish. Query counts come from the X-SQL-Queries header that bench mode
adds; peak RSS from /proc/<worker>/status. Results go to stdout and bench/results/
(Markdown and JSON).

Load only ever goes to 127.0.0.1, is bounded in time, and stops by itself.
"""

import argparse
import concurrent.futures
import contextlib
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.varnish import Varnish

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "wrk" / "rotate.lua"
PYTHON = sys.executable
HOST = "127.0.0.1"


# What each mode turns off. "off" is the site as a reader meets it when the page cache
# must rebuild a page (after a change): summaries of unchanged posts, and a post page's
# own part while its post is unchanged, still come from the cache. "cold" is the first
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


def log(message):
    print(message, file=sys.stderr, flush=True)


def label(posts):
    return f"{posts // 1000}k" if posts >= 1000 and posts % 1000 == 0 else str(posts)


# Tools and services -----------------------------------------------------------------------


def ensure_packages(command, packages):
    """Install Debian's `packages` when `command` is missing (as root), or say how to."""
    if shutil.which(command):
        return
    names = " ".join(packages)
    log(f"{command} not found: installing it from Debian's packages (apt-get install -y {names})")
    if os.geteuid() != 0:
        sys.exit(f"{command} is missing: run `sudo apt-get install -y {names}` and try again.")
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True)


def redis_available(url):
    try:
        import redis

        return redis.Redis.from_url(url, socket_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means "no Redis"
        return False


def ensure_database(base_url, name):
    import psycopg2

    connection = psycopg2.connect(f"{base_url}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def manage(*args, env, capture=False):
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    if capture:
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    subprocess.run(command, env=env, check=True)
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# The server ---------------------------------------------------------------------------------


class Server:
    def __init__(self, env, workers=2):
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.process = None

    def __enter__(self):
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "campaign4change.wsgi",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{self.port}",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                fetch(self.url("/__bench__/ceiling/"))
                return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def worker_pids(self):
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def worker_memory(self):
        """Peak (VmHWM) and current (VmRSS) resident memory of each worker, in MB."""
        memory = []
        for pid in self.worker_pids():
            fields = {}
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                name, _, value = line.partition(":")
                if name in ("VmHWM", "VmRSS"):
                    fields[name] = round(int(value.split()[0]) / 1024, 1)
            memory.append({"pid": pid, "peak_mb": fields["VmHWM"], "rss_mb": fields["VmRSS"]})
        return memory


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def queries_made(headers):
    # Behind Varnish (which renames the app's X-Cache to X-App-Cache), a request Varnish
    # answered from its cache never reached the app: the header it kept is the fetch's.
    if "X-App-Cache" in headers and headers.get("X-Cache") == "HIT":
        return 0
    return int(headers.get("X-SQL-Queries", -1))


def edge_purges_settled(database_url, timeout=60):
    """Wait until the edge has taken every purge, the second one too: a purge arriving
    during the run (the first read of a new cache drops every page) would make misses."""
    import psycopg2

    deadline = time.monotonic() + timeout
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pagecache_invalidation WHERE edge_due_at IS NOT NULL"
                )
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.5)
    finally:
        connection.close()
    raise RuntimeError("the edge did not take the site's purges")


def warm_and_count(server, pages, sample=10):
    """Request every URL once (fills the page cache), then read query counts."""
    counts = {}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for kind, paths in pages.items():
            statuses = list(pool.map(lambda p: fetch(server.url(p))[0], paths))
            bad = [p for p, s in zip(paths, statuses, strict=True) if s != 200]
            # A search stopped by its time limit (503) on a database whose pages are
            # not in memory yet, right after it was built: ask again once it is warm.
            for _attempt in range(3):
                if not bad:
                    break
                log(f"{kind}: {len(bad)} URLs did not answer 200 (cold database?), asking again")
                bad = [p for p in bad if fetch(server.url(p))[0] != 200]
            if bad:
                raise RuntimeError(f"{kind}: non-200 for {bad[:3]}")
    for kind, paths in pages.items():
        numbers = [queries_made(fetch(server.url(p))[1]) for p in paths[:sample]]
        counts[kind] = {"max": max(numbers), "mean": round(sum(numbers) / len(numbers), 1)}
    return counts


def run_wrk(server, paths, duration, threads, connections, folder):
    paths_file = folder / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        server.url("/"),
        "--",
        str(paths_file),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith('{"requests"'))
    data = json.loads(line)
    seconds = data["duration_us"] / 1e6
    errors = sum(data["errors"].values())
    return {
        "requests": data["requests"],
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p90_ms": round(data["p90_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "errors": errors,
        "urls": len(paths),
        "kb_per_response": round(data["bytes"] / max(1, data["requests"]) / 1024, 1),
    }


# One size -------------------------------------------------------------------------------------


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


# Report ----------------------------------------------------------------------------------------


def machine_facts(args):
    def version(command):
        try:
            out = subprocess.run(command, capture_output=True, text=True, check=False)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "unknown"

    import django
    import gunicorn

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    facts = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu": cpu,
            "cores": os.cpu_count(),
            "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "kernel": platform.release(),
            "load_average_at_start": os.getloadavg(),
        },
        "versions": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "gunicorn": gunicorn.__version__,
            "postgresql": version(["psql", "--version"]),
            "redis": version(["redis-server", "--version"]),
            "wrk": version(["wrk", "--version"]),
            "varnish": version(["varnishd", "-V"]),
        },
        "method": {
            "server": "gunicorn, 2 sync workers, DJANGO_ENV=production, DEBUG off, 127.0.0.1",
            "load": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
            "rotating URLs per page kind",
            "queries": "X-SQL-Queries header (bench mode), max over the first 10 URLs",
            "memory": "VmHWM (peak RSS) of each gunicorn worker after its run",
            "modes": "cold = no page cache and no cached pieces of pages, off = no page "
            "cache (summaries of unchanged posts and post pages' own parts cached, as when "
            "a change elsewhere makes a page stale), "
            "on = page cache, edge = page cache with Varnish 7.1 in front "
            "(deploy/varnish/site.vcl, purged by key; load and the ceiling go through it); "
            "x bare ceiling = against the off server's bare 20 KB view",
        },
    }
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        facts["versions"]["campaign4change"] = commit.stdout.strip() or "unknown"
    except OSError:
        pass
    return facts


def markdown(report):
    lines = [f"# Benchmark, {report['date']}", ""]
    machine = report["machine"]
    lines.append(
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, "
        f"Linux {machine['kernel']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in machine['load_average_at_start'])}."
    )
    lines.append("Versions: " + ", ".join(f"{k} {v}" for k, v in report["versions"].items()) + ".")
    lines.append("Method: " + "; ".join(report["method"].values()) + ".")
    for size in report["sizes"]:
        lines += [
            "",
            f"## {size['posts']:,} posts (page cache on {size['cache_backend']}; "
            f"database ready in {size['build_seconds']} s: built, or reused if already built)",
            "",
            "| page | URLs | mode | req/s | p50 ms | p99 ms | SQL/req | × ceiling | × bare "
            "ceiling | errors |",
            "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        kinds = list(next(iter(size["modes"].values()))["pages"])
        for kind in kinds:
            for mode, data in size["modes"].items():
                row = data["pages"][kind]
                bare = row.get("ratio_to_bare_ceiling")
                lines.append(
                    f"| {kind} | {row['urls']} | {mode} | {row['rps']:.0f} | {row['p50_ms']} | "
                    f"{row['p99_ms']} | {row['queries']['max']} | "
                    f"{row['ratio_to_ceiling']:.2f} | "
                    f"{'' if bare is None else f'{bare:.2f}'} | {row['errors']} |"
                )
        lines.append("")
        for mode, data in size["modes"].items():
            workers = ", ".join(
                f"{w['peak_mb']} MB peak ({w['rss_mb']} MB now)" for w in data["workers"]
            )
            lines.append(f"Worker memory, mode {mode}: {workers}.")
        for mode, data in size["modes"].items():
            if latency := data.get("purge_latency"):
                lines.append(
                    f"Purge latency, mode {mode} (a post's title saved, until its page shows "
                    f"it through Varnish; {latency['edits']} saves, the page a Varnish hit "
                    f"before {latency['cached_before']} of them): median "
                    f"{latency['median_ms']} ms, p90 {latency['p90_ms']} ms, "
                    f"max {latency['max_ms']} ms."
                )
    return "\n".join(lines) + "\n"


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
