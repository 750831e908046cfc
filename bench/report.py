"""The benchmark's report: the machine and versions it ran on, and the numbers as Markdown."""

import datetime
import os
import platform
import subprocess
from pathlib import Path

from bench.server import ROOT


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
            "cache (post pages' own parts cached, as when "
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
