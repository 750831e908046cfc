"""What the database tiers hold on this machine: gunicorn straight to PostgreSQL, through
PgBouncer, and with a streaming replica for reads (docs/deployment.md quotes the result).

    python -m bench.tiers [--posts 2000] [--duration 8]

Everything runs on clusters of its own (bench/infra.py: a primary, its hot standby and
PgBouncer with deploy/pgbouncer/pgbouncer.ini, on free ports, deleted afterwards): a
synthetic site of --posts posts (bench_populate), served by gunicorn (2 sync workers,
production settings) with no page cache and no cached pieces ("cold": every request
reads the database, the load these tiers carry), driven by wrk with rotating URLs; and
pgbench's select-only load straight to PostgreSQL and through PgBouncer, with
persistent connections and with a new connection per transaction. Results go to stdout
and bench/results/<time>-tiers.md (and .json).

Load only ever goes to 127.0.0.1, is bounded in time, and stops by itself.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import subprocess
import tempfile
from pathlib import Path

from bench.infra import Infra
from bench.load import run_wrk, warm_and_count
from bench.run import MODES, RESULTS
from bench.server import HOST, Server, ensure_packages, log, manage

DATABASE = "c4c_tiers"
KINDS = ("post", "home", "tag archive")


def app_setups(infra):
    primary, pooled = infra.primary.url(DATABASE), infra.pgbouncer.url(DATABASE)
    pooling = {"DATABASE_TRANSACTION_POOLING": "true"}
    return {
        "straight to PostgreSQL, persistent connections": {"DATABASE_URL": primary},
        "through PgBouncer, persistent connections": {"DATABASE_URL": pooled, **pooling},
        "straight to PostgreSQL, a connection per request": {
            "DATABASE_URL": primary,
            "DATABASE_CONN_MAX_AGE": "0",
        },
        "through PgBouncer, a connection per request": {
            "DATABASE_URL": pooled,
            "DATABASE_CONN_MAX_AGE": "0",
            **pooling,
        },
        "through PgBouncer, reads from the replica": {
            "DATABASE_URL": pooled,
            "DATABASE_REPLICA_URLS": infra.replica.url(DATABASE),
            **pooling,
        },
    }


def measure_app(infra, args, tmp):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.pop("REDIS_URL", None)
    env["DATABASE_URL"] = infra.primary.url(DATABASE)
    infra.primary.sql(f"CREATE DATABASE {DATABASE}")
    log(f"building a site of {args.posts} posts")
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("bench_populate", "--posts", str(args.posts), env=env)
    pages = json.loads(manage("bench_urls", env=env, capture=True))
    pages = {kind: pages[kind] for kind in KINDS}
    server_env = {
        **env,
        **MODES["cold"],
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_BENCH": "1",
    }
    manage("collectstatic", "--no-input", "-v", "0", env=server_env)
    infra.replica_caught_up(timeout=60)
    results = {}
    for name, setup in app_setups(infra).items():
        log(f"gunicorn {name}")
        with Server({**server_env, **setup}) as server:
            warm_and_count(server, pages)
            results[name] = {
                kind: run_wrk(server, paths, args.duration, 1, 4, tmp)
                for kind, paths in pages.items()
            }
    return results


def pgbench(infra, port, *options, duration):
    command = [str(infra.primary.bin / "pgbench"), "-h", HOST, "-p", str(port), "-U", "postgres"]
    output = subprocess.run(
        [*command, *options, "-T", str(duration), "pgbench"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    tps = re.search(r"tps = ([\d.]+)", output).group(1)
    latency = re.search(r"latency average = ([\d.]+) ms", output).group(1)
    return {"tps": round(float(tps)), "latency_ms": float(latency)}


def measure_pgbench(infra, args):
    infra.primary.sql("CREATE DATABASE pgbench")
    subprocess.run(
        [str(infra.primary.bin / "pgbench"), "-h", HOST, "-p", str(infra.primary.port)]
        + ["-U", "postgres", "-i", "-q", "-s", "5", "pgbench"],
        check=True,
        capture_output=True,
    )
    runs = {}
    for connections in ("persistent", "new per transaction"):
        options = ["-S", "-c", "8", "-j", "2"] + (["-C"] if connections != "persistent" else [])
        for name, port in (
            ("straight to PostgreSQL", infra.primary.port),
            ("through PgBouncer", infra.pgbouncer.port),
        ):
            log(f"pgbench select-only, {connections} connections, {name}")
            runs[f"{name}, {connections} connections"] = pgbench(
                infra, port, *options, duration=args.duration
            )
    return runs


def machine():
    cores, load = os.cpu_count(), os.getloadavg()[0]
    return f"Machine: {cores} cores; load average at the start {load:.2f} (other work included)"


def markdown(results):
    lines = [
        f"# Database tiers, {results['date']}",
        "",
        results["machine"],
        "",
        f"Method: {results['method']}",
        "",
        f"## The site ({results['posts']:,} posts, no page cache: every request reads "
        "the database)",
        "",
        "| set-up | page | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for setup, rows in results["app"].items():
        for kind, row in rows.items():
            lines.append(
                f"| {setup} | {kind} | {row['rps']:,.0f} | {row['p50_ms']} | {row['p99_ms']} "
                f"| {row['errors']} |"
            )
    lines += [
        "",
        "## PostgreSQL and PgBouncer alone (pgbench select-only, 8 clients, scale 5)",
        "",
        "| set-up | transactions/s | latency ms |",
        "|---|---:|---:|",
    ]
    for setup, row in results["pgbench"].items():
        lines.append(f"| {setup} | {row['tps']:,} | {row['latency_ms']} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per run")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    ensure_packages("wrk", ["wrk"])
    started = datetime.datetime.now(datetime.UTC)
    results = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "posts": args.posts,
        "method": (
            "gunicorn, 2 sync workers, DJANGO_ENV=production, no page cache or cached "
            f"pieces; wrk -t1 -c4 -d{args.duration}s, rotating URLs; PgBouncer with "
            "deploy/pgbouncer/pgbouncer.ini (transaction mode, pool of 10); PostgreSQL 15 "
            "clusters made for the run (fsync off), the replica streaming from the primary."
        ),
    }
    with Infra() as infra, tempfile.TemporaryDirectory() as tmp:
        results["app"] = measure_app(infra, args, Path(tmp))
        results["pgbench"] = measure_pgbench(infra, args)
    results["machine"] += f"; load average at the end {os.getloadavg()[0]:.2f}."
    report = markdown(results)
    print(report)
    args.output.mkdir(parents=True, exist_ok=True)
    stem = args.output / f"{started:%Y-%m-%d-%H%M}-tiers"
    stem.with_suffix(".md").write_text(report)
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n")
    log(f"written: {stem}.md")


if __name__ == "__main__":
    main()
