"""The site under gunicorn of its own, for tests/infra/ (a restart under load, through
PgBouncer or not): a free port of 127.0.0.1, a clean environment, its log in a file."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.infra import HOST, ROOT, free_port, wait_for_port


class AppServer:
    """The site under gunicorn (`workers` sync workers) with `env` added to a clean
    environment; its log (Django's error logging included) goes to `log`."""

    def __init__(self, log, workers=2, **env):
        self.port = free_port()
        self.log = log
        self.workers = workers
        self.env = {
            **{
                name: value
                for name, value in os.environ.items()
                if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
            },
            "DJANGO_ENV": "development",
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": HOST,
            # Every request reads the database: nothing is served from a cache.
            "DJANGO_PAGE_CACHE": "off",
            "DJANGO_FRAGMENT_CACHE": "off",
            **env,
        }
        self.process = None

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    @classmethod
    @contextmanager
    def together(cls, *servers):
        """Start `servers` side by side (their workers load at the same time)."""
        try:
            for server in servers:
                server.start()
            for server in servers:
                server.wait_until_serving()
            yield servers
        finally:
            for server in servers:
                server.__exit__()

    def __enter__(self):
        self.start()
        self.wait_until_serving()
        return self

    def start(self):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    str(gunicorn),
                    "campaign4change.wsgi",
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_serving(self):
        wait_for_port(self.port, self.process, timeout=60, log=self.log)
        # Listening is not serving: each worker loads the site first (seconds, on a
        # busy machine).
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("/robots.txt"), timeout=30):  # noqa: S310
                    return self
            except urllib.error.HTTPError:
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not serve:\n{self.log.read_text()}")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self):
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return sorted(int(pid) for pid in children.read_text().split())
