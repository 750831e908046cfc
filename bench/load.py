"""Driving load: every URL once to warm up and count queries, then wrk for a while."""

import concurrent.futures
import json
import subprocess

from bench.server import ROOT, fetch, log

LUA = ROOT / "bench" / "wrk" / "rotate.lua"


def queries_made(headers):
    # Behind Varnish (which renames the app's X-Cache to X-App-Cache), a request Varnish
    # answered from its cache never reached the app: the header it kept is the fetch's.
    if "X-App-Cache" in headers and headers.get("X-Cache") == "HIT":
        return 0
    return int(headers.get("X-SQL-Queries", -1))


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
