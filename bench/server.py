"""The site under load and the tools around it: gunicorn, wrk, PostgreSQL, Redis
(and Varnish in front: bench/varnish.py).

Everything listens on 127.0.0.1 only.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def log(message):
    print(message, file=sys.stderr, flush=True)


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
