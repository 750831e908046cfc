"""PostgreSQL clusters, a streaming replica, PgBouncer and gunicorn of our own, for
tests/infra/ and the tiers' measurements (bench/tiers.py).

Everything lives in one temporary folder and listens on free ports of 127.0.0.1: a
primary made with initdb, a hot standby copied from it with pg_basebackup and kept up
to date by streaming replication, and PgBouncer in transaction mode in front of the
primary, with the [pgbouncer] settings of deploy/pgbouncer/pgbouncer.ini. Nothing is
registered with the system (no pg_createcluster entry, no service), so nothing outlives
the tests, even when they are killed: the folder goes and the processes with it.

PostgreSQL and PgBouncer refuse to run as root: as root, they run as `postgres`.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PGBOUNCER_INI = ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini"
HOST = "127.0.0.1"


class Unavailable(RuntimeError):
    """What is missing to run these tests here."""


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def postgres_bin():
    """Debian's PostgreSQL programs (/usr/lib/postgresql/VERSION/bin), newest version."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name),
    )
    if not versions:
        raise Unavailable("PostgreSQL's server programs are missing: apt-get install postgresql")
    return versions[-1].parent


def pgbouncer_bin():
    found = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
    )
    if not found:
        raise Unavailable("pgbouncer is missing: apt-get install pgbouncer")
    return found


def as_service_user(command):
    """`command` as the postgres user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return command
    try:
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        raise Unavailable("running as root, and there is no postgres user") from None
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", "postgres", "--", *command]


def run(command, **kwargs):
    result = subprocess.run(
        as_service_user(command), capture_output=True, text=True, check=False, **kwargs
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def wait_for_port(port, process=None, timeout=60, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    detail = log.read_text() if log and log.exists() else ""
    raise RuntimeError(f"nothing listens on port {port}:\n{detail}")


class Cluster:
    """A PostgreSQL cluster in `folder`, on `port`, trusting local connections."""

    def __init__(self, folder, name, port=None):
        self.bin = postgres_bin()
        self.data = folder / name
        self.log = folder / f"{name}.log"
        self.port = port or free_port()
        self.sockets = folder

    def url(self, database="postgres"):
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def initdb(self):
        run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host all all {HOST}/32 trust\n"
            f"host replication all {HOST}/32 trust\n"
        )
        self.configure(
            wal_level="replica",
            max_wal_senders=4,
            hot_standby="on",
            # Test data: losing it in a crash costs nothing, waiting for disks does.
            fsync="off",
            synchronous_commit="off",
            full_page_writes="off",
            max_connections=60,
            shared_buffers="64MB",
            # As docs/deployment.md asks of a database behind PgBouncer.
            jit="off",
        )
        return self

    def copy_of(self, primary):
        """Make this cluster a hot standby of `primary` (streaming replication)."""
        run(
            [
                str(self.bin / "pg_basebackup"),
                "-h",
                HOST,
                "-p",
                str(primary.port),
                "-U",
                "postgres",
                "-D",
                str(self.data),
                "-R",  # standby.signal, and primary_conninfo to stream from
                "-X",
                "stream",
                "--no-sync",
            ]
        )
        return self

    def configure(self, **values):
        lines = [f"{name} = '{value}'" for name, value in values.items()]
        common = [f"port = {self.port}", f"listen_addresses = '{HOST}'"]
        common.append(f"unix_socket_directories = '{self.sockets}'")
        with (self.data / "postgresql.auto.conf").open("a") as conf:
            conf.write("\n".join([*common, *lines]) + "\n")
        chown_to_service_user(self.data)

    def start(self):
        run(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        return self

    def stop(self, mode="fast"):
        run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def running(self):
        pid_file = self.data / "postmaster.pid"
        return pid_file.exists()

    def sql(self, statement, database="postgres"):
        return run(
            [
                str(self.bin / "psql"),
                "-h",
                HOST,
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-At",
                "-c",
                statement,
            ]
        ).strip()


class PgBouncer:
    """PgBouncer with the shipped [pgbouncer] settings, in front of `cluster`, on a port
    of its own, letting any user in (as postgres) for the tests."""

    def __init__(self, folder, cluster):
        self.folder = folder
        self.cluster = cluster
        self.port = free_port()
        self.ini = folder / "pgbouncer.ini"
        self.log = folder / "pgbouncer.log"
        self.process = None

    def url(self, database):
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def settings(self):
        shipped = shipped_pgbouncer_settings()
        shipped.update(
            listen_addr=HOST,
            listen_port=str(self.port),
            auth_type="any",
            logfile=str(self.log),
            unix_socket_dir="",
            admin_users="postgres",
        )
        for name in ("auth_file", "pidfile"):
            shipped.pop(name, None)
        return shipped

    def __enter__(self):
        cluster = self.cluster
        lines = [
            "[databases]",
            # Any database name, on the test's own primary, logged in as postgres.
            f"* = host={HOST} port={cluster.port} user=postgres",
            "[pgbouncer]",
            *(f"{name} = {value}" for name, value in self.settings().items()),
        ]
        self.ini.write_text("\n".join(lines) + "\n")
        chown_to_service_user(self.folder)
        self.process = subprocess.Popen(
            as_service_user([pgbouncer_bin(), str(self.ini)]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process, timeout=20, log=self.log)
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # at once, clients or not
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def shipped_pgbouncer_settings():
    """The [pgbouncer] section of deploy/pgbouncer/pgbouncer.ini, as {name: value}."""
    section, found = None, {}
    for line in PGBOUNCER_INI.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith((";", "#")):
            continue
        if match := re.fullmatch(r"\[(\w+)\]", line):
            section = match.group(1)
        elif section == "pgbouncer":
            name, _, value = line.partition("=")
            found[name.strip()] = value.strip()
    return found


def chown_to_service_user(path):
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "postgres:postgres", str(path)], check=True)


class Infra:
    """`with Infra() as infra:` a primary, its streaming replica and PgBouncer."""

    def __init__(self):
        postgres_bin()
        pgbouncer_bin()
        as_service_user(["true"])
        self.folder = None
        self.primary = self.replica = self.pgbouncer = None

    def __enter__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="c4c-infra-"))
        self.folder.chmod(0o755)
        chown_to_service_user(self.folder)
        try:
            self.primary = Cluster(self.folder, "primary").initdb().start()
            self.replica = Cluster(self.folder, "replica")
            self.replica.copy_of(self.primary)
            self.replica.configure(hot_standby_feedback="on", wal_retrieve_retry_interval="500ms")
            self.replica.start()
            self.pgbouncer = PgBouncer(self.folder, self.primary).__enter__()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self.pgbouncer is not None:
            self.pgbouncer.stop()
        for cluster in (self.replica, self.primary):
            if cluster is not None and cluster.running():
                with contextlib.suppress(RuntimeError):
                    cluster.stop("immediate")
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def replica_caught_up(self, timeout=10):
        """Wait until the replica has replayed everything the primary has written."""
        # Everything written so far (asynchronous commits reach the replica once the WAL
        # writer has flushed them, within a fraction of a second).
        target = self.primary.sql("SELECT pg_current_wal_insert_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            behind = self.replica.sql(
                f"SELECT pg_wal_lsn_diff('{target}', pg_last_wal_replay_lsn()) > 0"
            )
            if behind == "f":
                return
            time.sleep(0.05)
        raise AssertionError("the replica did not catch up")
