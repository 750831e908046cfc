"""A Redis server of a test's own, on its own port: to pause, snapshot and restart."""

import os
import signal
import socket
import subprocess
import time

import redis


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """redis-server in `folder`, which keeps its snapshot (dump.rdb) across restarts."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def caches(self, prefix, **options):
        """A CACHES setting whose default cache is this server, as the site uses Redis."""
        location = {"BACKEND": "campaign4change.cache.RedisCache", "LOCATION": self.url}
        return {"default": {**location, "KEY_PREFIX": prefix, "OPTIONS": options}}

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        for _ in range(100):
            try:
                if client.ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)  # a paused server cannot stop
            self.process.kill()
            self.process.wait()

    def pause(self):
        """Unreachable, with its data kept: it answers nothing until resume()."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def snapshot(self):
        """Write dump.rdb now: what a restart brings back."""
        redis.Redis.from_url(self.url).save()

    def restart_from_snapshot(self):
        """Stop without saving, start again: the server holds the last snapshot."""
        self.process.kill()
        self.process.wait()
        return self.start()
