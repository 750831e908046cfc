import copy
import importlib.util
import time
import types
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings

from tests.factories import StaffFactory

# The browser tests need the `browser` extra (make test-browser); without it, skip
# collecting them rather than failing on the import.
collect_ignore = [] if importlib.util.find_spec("playwright") else ["browser"]

# Two more database aliases on the same database, as read replicas would be: the
# read-replica router is tested with them (Django makes them mirrors of the test database).
for _alias in ("replica", "replica2"):
    django_settings.DATABASES.setdefault(
        _alias, {**django_settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    )


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_report_their_context():
    """response.context and .templates for the site's Jinja2 pages, as for Django's.

    Django's test client learns what a page rendered from the template_rendered signal,
    which only Django's own template engine sends while testing.
    """
    from django.template.backends.jinja2 import Template
    from django.test.signals import template_rendered

    render = Template.render

    def render_and_report(self, context=None, request=None):
        html = render(self, context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html

    Template.render = render_and_report
    yield
    Template.render = render


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files go to a per-test folder, never into the checkout.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def _demo_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def demo_media(settings, _demo_media_root):
    """Media shared by the tests that load the demo: its pictures (and their renditions)
    are drawn once a session, then found in place as on a second `load_demo`."""
    settings.MEDIA_ROOT = _demo_media_root


@pytest.fixture(autouse=True)
def _cache_per_test(settings, tmp_path):
    # Every test starts with an empty cache of its own, even on a Redis server shared
    # with other test processes (CI runs one pass with REDIS_URL set).
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    caches["default"]["TIMEOUT"] = 600
    settings.CACHES = caches
    settings.PAGE_CACHE_TIMEOUT = 600
    settings.PAGE_CACHE_STAMP_FILE = tmp_path / "pagecache.stamp"
    # Page fragments as in production: every test that changes content and reads a
    # list page again also checks that the summaries it shows were refreshed.
    settings.FRAGMENT_CACHE = True
    # A test's changes are never committed, so the record of them would look missed to
    # the cache's check against the database (tests/test_cache_outage.py tests that
    # check): each test starts with a cache checked for the next ten minutes.
    from campaign4change.pagecache.store import get_store

    get_store().mark_verified(time.time() + 600)


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production (the test settings leave it off)."""
    settings.PAGE_CACHE = True


@pytest.fixture
def unreachable_cache(settings):
    """The cache server down: nothing listens where the settings say it is."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def retitled_while_rendering():
    """`with retitled_while_rendering(post, title):` the next page rendered inside gets
    as far as its first template, then the post's title changes, as another request's
    save would: the page was read before the change, and ends after it."""
    from django.test.signals import template_rendered

    from articles.models import Article

    @contextmanager
    def retitled(post, title):
        def edit_during_render(**kwargs):
            template_rendered.disconnect(edit_during_render)
            Article.objects.filter(pk=post.pk).update(title=title)

        template_rendered.connect(edit_during_render)
        try:
            yield
        finally:
            template_rendered.disconnect(edit_during_render)

    return retitled


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
def site_origin(db):
    """The start of absolute links in tests ("http://" + the Site's domain)."""
    from django.contrib.sites.models import Site

    return f"http://{Site.objects.get_current().domain}"


@pytest.fixture(autouse=True)
def _site_looked_up(request):
    # pytest-django empties Django's Site cache before every test, while a running site
    # looks the Site (the domain of absolute links) up once per process. Do that lookup
    # before database tests, so their query counts are those of a running site.
    if request.node.get_closest_marker("django_db"):
        from django.contrib.sites.models import Site

        Site.objects.get_current()


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


@pytest.fixture
def smtp_port(settings):
    """Django's SMTP backend pointed at a free port on 127.0.0.1 (nothing listening yet)."""
    from tests.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return settings.EMAIL_PORT


@pytest.fixture
def smtp_server(smtp_port):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that Django sends to; `.mailbox` holds
    what it received."""
    from tests.smtp import SMTPServer

    server = SMTPServer(smtp_port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def newsroom(member, client_for):
    """Sam (contributor), Jo (journalist) and Ed (editor), each with a client."""
    from editorial.roles import CONTRIBUTOR, EDITOR, JOURNALIST

    people = types.SimpleNamespace(
        sam=member(CONTRIBUTOR, "sam"), jo=member(JOURNALIST, "jo"), ed=member(EDITOR, "ed")
    )
    people.clients = types.SimpleNamespace(
        **{name: client_for(getattr(people, name)) for name in ("sam", "jo", "ed")}
    )
    return people


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """act(client, url, data) -> the response to a POST, with on_commit callbacks run."""

    def post(client, url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **kwargs)

    return post
