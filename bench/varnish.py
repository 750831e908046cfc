"""A varnishd of our own in front of an app server: deploy/varnish/site.vcl, a free port on
127.0.0.1, a private work folder. For `make bench` (edge mode) and tests/test_edge_varnish.py;
never the system's Varnish service.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.server import HOST, ROOT, free_port

SITE_VCL = ROOT / "deploy" / "varnish" / "site.vcl"


class VarnishUnavailable(RuntimeError):
    pass


class Varnish:
    """`with Varnish(backend_port) as varnish:` serves the site at varnish.url(path)."""

    def __init__(self, backend_port, memory="256m"):
        self.backend_port = backend_port
        self.memory = memory
        self.port = free_port()
        self.folder = None
        self.process = None

    def __enter__(self):
        varnishd = shutil.which("varnishd")
        if not varnishd:
            raise VarnishUnavailable(
                "varnishd is missing: apt-get install -y varnish varnish-modules"
            )
        # varnishd drops its privileges: its folder must be readable by the varnish users.
        self.folder = Path(tempfile.mkdtemp(prefix="c4c-varnish-"))
        self.folder.chmod(0o755)
        # site.vcl includes ./backends.vcl: this one points at our app server.
        (self.folder / "site.vcl").write_text(SITE_VCL.read_text())
        (self.folder / "backends.vcl").write_text(
            f'backend default {{ .host = "{HOST}"; .port = "{self.backend_port}"; }}\n'
            f'acl purgers {{ "{HOST}"; }}\n'
        )
        log = self.folder / "varnishd.log"
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [
                    varnishd,
                    "-F",
                    "-a",
                    f"{HOST}:{self.port}",
                    "-f",
                    str(self.folder / "site.vcl"),
                    "-n",
                    str(self.folder / "work"),
                    "-s",
                    f"malloc,{self.memory}",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                text = log.read_text()
                self.stop()
                raise VarnishUnavailable(f"varnishd did not start:\n{text}")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        self.stop()

    def _answers(self):
        try:
            with urllib.request.urlopen(self.url("/robots.txt"), timeout=5):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    @property
    def purge_url(self):
        """The app's DJANGO_EDGE_PURGE for this Varnish."""
        return f"varnish://{HOST}:{self.port}"

    def pids(self):
        """The manager process and its cache child."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [self.process.pid, *map(int, children.read_text().split())]

    def pause(self):
        """Stop answering (connections still queue), as a stalled server would."""
        for pid in self.pids():
            os.kill(pid, signal.SIGSTOP)

    def resume(self):
        for pid in self.pids():
            os.kill(pid, signal.SIGCONT)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
