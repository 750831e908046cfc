"""PostgreSQL restarts while the site serves: readers get the site's 503 page (never a
traceback) while it is down, and the site recovers by itself, with no restart of the
app servers.

Two gunicorns (two sync workers each, persistent connections, no page cache) serve the
tests' own primary: one connected to it directly, one through PgBouncer. Readers keep
asking both for pages while the primary is stopped for a second and a half ("fast":
connections in use are cut), then started again.
"""

import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.db import connections

from bench.app_server import AppServer
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.infra, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
DOWN_SECONDS = 1.5
# From PostgreSQL accepting connections again until every request succeeds: a direct
# connection reconnects at its next request (CONN_HEALTH_CHECKS); PgBouncer logs in again
# after server_login_retry (1 s in deploy/pgbouncer/pgbouncer.ini).
RECOVERY_SECONDS = 2.5
BACK_IN_A_MOMENT = '<h1 class="page-title">Back in a moment</h1>'


class Reader(threading.Thread):
    """Reads `paths` from `app` in turn until stopped (at most a minute): (sent at,
    status or the error, body) for each."""

    def __init__(self, app, paths):
        super().__init__(daemon=True)
        self.app, self.paths = app, paths
        self.answers = []
        self.seconds = []
        self.stopping = threading.Event()

    def run(self):
        deadline = time.monotonic() + 60
        with httpx.Client(timeout=15) as client:
            while not self.stopping.is_set() and time.monotonic() < deadline:
                path = self.paths[len(self.answers) % len(self.paths)]
                sent_at = time.monotonic()
                try:
                    response = client.get(self.app.url(path))
                    answer = (sent_at, response.status_code, response.text)
                except httpx.HTTPError as error:
                    answer = (sent_at, repr(error), "")
                self.answers.append(answer)
                self.seconds.append(time.monotonic() - sent_at)
                time.sleep(0.02)

    def stop(self):
        self.stopping.set()
        self.join(30)


def report_recovery(readers, stopping_at, starting_at, up_at):
    """artifacts/infra-restart.json: what readers got, and how soon all was well again."""
    report = {"down_seconds": round(starting_at - stopping_at, 2)}
    for name, reader in readers.items():
        failed = [t for t, status, _ in reader.answers if status != 200 and t > stopping_at]
        report[name] = {
            "requests": len(reader.answers),
            "503 pages": sum(status == 503 for _, status, _ in reader.answers),
            "slowest answer (s)": round(max(reader.seconds), 2),
            "last failure after PostgreSQL was up (s)": (
                round(max(failed) - up_at, 2) if failed and max(failed) > up_at else None
            ),
        }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "infra-restart.json").write_text(json.dumps(report, indent=2) + "\n")


def test_a_restart_of_postgresql_under_a_serving_site(infra, tmp_path):
    post = ArticleFactory(title="Mutual pathfinder opens", tags=["Mutuals"])
    paths = ["/", post.get_absolute_url(), "/tag/mutuals/", "/search/?q=pathfinder"]
    database = connections["default"].settings_dict["NAME"]
    direct = AppServer(tmp_path / "direct.log", DATABASE_URL=infra.primary.url(database))
    pooled = AppServer(
        tmp_path / "pooled.log",
        DATABASE_URL=infra.pgbouncer.url(database),
        DATABASE_TRANSACTION_POOLING="true",
    )
    with AppServer.together(direct, pooled):
        apps = {"direct": direct, "through PgBouncer": pooled}
        for app in apps.values():
            for path in paths * 4:  # every worker holds a connection
                assert httpx.get(app.url(path), timeout=15).status_code == 200, path
        workers = {name: app.worker_pids() for name, app in apps.items()}
        readers = {name: Reader(app, paths) for name, app in apps.items()}
        for reader in readers.values():
            reader.start()
        time.sleep(0.5)
        stopping_at = time.monotonic()
        infra.primary.stop("fast")
        down_at = time.monotonic()
        time.sleep(DOWN_SECONDS)
        starting_at = time.monotonic()
        infra.primary.start()
        up_at = time.monotonic()
        time.sleep(RECOVERY_SECONDS + 2)
        for reader in readers.values():
            reader.stop()

        for name, reader in readers.items():
            answers = reader.answers
            statuses = {status for _, status, _ in answers}
            assert statuses <= {200, 503}, f"{name}: {statuses}"
            for _, status, body in answers:
                assert "Traceback" not in body and "OperationalError" not in body, name
                if status == 503:
                    assert BACK_IN_A_MOMENT in body, name
            after = [status for sent_at, status, _ in answers if sent_at > up_at + RECOVERY_SECONDS]
            assert len(after) > 10 and set(after) == {200}, f"{name} did not recover: {after}"
            before = {status for sent_at, status, _ in answers if sent_at < stopping_at - 0.2}
            assert before == {200}, name
        # While PostgreSQL was down, readers of the direct app got the 503 page.
        # (A request sent just before the start may be answered just after it.)
        downtime = [s for t, s, _ in readers["direct"].answers if down_at < t < starting_at - 0.3]
        assert 503 in downtime and 200 not in downtime
        # Nothing was restarted: the same workers served throughout.
        assert {name: app.worker_pids() for name, app in apps.items()} == workers
        for app in apps.values():
            for path in paths:
                assert httpx.get(app.url(path), timeout=15).status_code == 200
    report_recovery(readers, stopping_at, starting_at, up_at)
    # The operators, not the readers, get the details.
    assert "OperationalError" in (tmp_path / "direct.log").read_text()
    # This test process's own connections went down with the server.
    connections.close_all()
