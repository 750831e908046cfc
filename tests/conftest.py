import pytest

from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files go to a per-test folder, never into the checkout.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 is slow by design; tests only need passwords that work, not ones that are
    # expensive to crack.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(db):
    return StaffFactory(username="staff")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def member(db):
    """member(role) -> a staff user holding `role`, who writes as an author of their own."""
    from editorial.roles import assign_role
    from tests.factories import AuthorFactory

    def make(role, username=None):
        user = StaffFactory(username=username or role.lower())
        assign_role(user, role)
        AuthorFactory(name=f"{user.username.title()} Writer", user=user)
        return user

    return make


@pytest.fixture
def client_for():
    """client_for(user) -> a new test client signed in as `user` (one per person)."""
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
