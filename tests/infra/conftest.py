"""The tests in this folder run the site on PostgreSQL clusters of their own.

`make test-infra` runs them (one process: they share the clusters). The test database
is made on a primary reached through PgBouncer in transaction mode, with the settings
campaign4change/settings.py makes from DATABASE_URL, DATABASE_REPLICA_URLS and
DATABASE_TRANSACTION_POOLING; the "replica" alias is a real hot standby streaming from
that primary. Without Debian's postgresql and pgbouncer packages they are skipped.
"""

import contextlib
import json

import pytest

from bench.infra import Infra, Unavailable
from tests.test_deployment import settings_in

DATABASE = "c4c_infra"


@pytest.fixture(scope="session")
def infra():
    try:
        services = Infra()
    except Unavailable as missing:
        pytest.skip(str(missing))
    with services:
        yield services


def databases_from_settings(infra):
    """DATABASES as the settings make them for this topology (the test database, with
    its "test_" prefix, is what the tests use)."""
    code = "import json; from django.conf import settings as s; print(json.dumps(s.DATABASES))"
    made = settings_in(
        code,
        DATABASE_URL=infra.pgbouncer.url(DATABASE),
        DATABASE_REPLICA_URLS=infra.replica.url(DATABASE),
        DATABASE_TRANSACTION_POOLING="true",
    )
    primary, replica = made["default"], made["replica1"]
    assert primary["DISABLE_SERVER_SIDE_CURSORS"] and primary["CONN_HEALTH_CHECKS"]
    return {
        "default": primary,
        "replica": replica,
        "replica2": replica,
        # The same PgBouncer with Django's server-side cursors left on: what goes wrong
        # without DATABASE_TRANSACTION_POOLING (test_pgbouncer.py).
        "cursors": {**primary, "DISABLE_SERVER_SIDE_CURSORS": False, "TEST": {"MIRROR": "default"}},
    }


@pytest.fixture(scope="session")
def django_db_modify_db_settings(infra):
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    for alias in list(connections.settings):
        with contextlib.suppress(AttributeError):
            del connections[alias]
    settings.DATABASES = json.loads(json.dumps(databases_from_settings(infra)))
    # The connection handler read DATABASES once: read them again.
    connections.__dict__.pop("settings", None)
    connections._settings = None


@pytest.fixture(autouse=True)
def _on_the_infra_databases(request, infra, django_db_setup):
    """Tests of other folders in the same run set the databases up first, and for good:
    these must run in a pytest process of their own (make test-infra does)."""
    if request.node.get_closest_marker("django_db"):
        from django.db import connections

        port = int(connections["default"].settings_dict["PORT"] or 0)
        if port != infra.pgbouncer.port:
            pytest.fail("run tests/infra/ in a pytest process of its own (make test-infra)")


@pytest.fixture(scope="session")
def django_db_keepdb():
    # The clusters are deleted whole afterwards. (Dropping the test database through
    # PgBouncer would fail anyway: its pool holds connections to it.)
    return True
