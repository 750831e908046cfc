import importlib.util

import pytest

from tests.factories import StaffFactory

# The browser tests need the `browser` extra (make test-browser); without it, skip
# collecting them rather than failing on the import.
collect_ignore = [] if importlib.util.find_spec("playwright") else ["browser"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files go to a per-test folder, never into the checkout.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_user(db):
    return StaffFactory(username="staff")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def site_origin(db):
    """The start of absolute links in tests ("http://" + the Site's domain)."""
    from django.contrib.sites.models import Site

    return f"http://{Site.objects.get_current().domain}"


@pytest.fixture
def on_postgresql():
    from django.db import connection

    return connection.vendor == "postgresql"
