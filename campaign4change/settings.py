"""Settings for Campaign4Change.

Every setting that differs between machines is read from the environment here and
nowhere else; README.md documents each variable.
"""

import os
import re
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

from campaign4change import whitenoise_headers

# What no environment changes (the apps, the middleware, templates, the editor's
# toolbar, the content security policy, the renditions, login throttling) lives in
# fixed_settings.py; this module reads the rest.
from campaign4change.fixed_settings import *  # noqa: F403
from campaign4change.fixed_settings import BASE_DIR, MIDDLEWARE


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"


def _development_secret_key():
    # One random key per checkout, kept beside the code (git-ignored), so sessions
    # survive restarts without anyone committing a well-known secret.
    path = BASE_DIR / ".dev-secret-key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


if PRODUCTION:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_ENV=production.")
    DEBUG = False
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DJANGO_ENV=production.")
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _development_secret_key()
    DEBUG = env_bool("DJANGO_DEBUG", True)
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

# The public host name (and port, if not the default) used in absolute links: canonical
# URLs, feeds, the sitemap. Written to the Site row on every `migrate` (campaign4change/
# apps.py), so feeds and sitemaps never say "example.com".
SITE_DOMAIN = os.environ.get("DJANGO_SITE_DOMAIN", "").strip() or (
    ALLOWED_HOSTS[0] if PRODUCTION else "127.0.0.1:8000"
)

# The scheme of absolute links made without a request (links in notification emails).
SITE_SCHEME = os.environ.get("DJANGO_SITE_SCHEME", "https" if PRODUCTION else "http")

ROOT_URLCONF = "campaign4change.urls"
WSGI_APPLICATION = "campaign4change.wsgi.application"

DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
# PgBouncer in transaction mode between the app and PostgreSQL (docs/deployment.md): each
# transaction may run on another server connection, so nothing may outlive one. Django's
# server-side cursors (QuerySet.iterator() outside a transaction) do: they are turned off.
# The site keeps no other session state (its only SET is SET LOCAL, in a transaction).
DATABASE_TRANSACTION_POOLING = env_bool("DATABASE_TRANSACTION_POOLING", False)
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))


def _database(url):
    # Persistent connections, checked at the start of each request that reuses one: after
    # a restart of PostgreSQL (or of PgBouncer) the first query reconnects instead of
    # failing, and the app servers need no restart.
    database = dj_database_url.parse(
        url, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
    )
    if DATABASE_TRANSACTION_POOLING:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        # A database host that does not answer (down, failing over) costs a request a
        # few seconds and the site's 503 page, not a worker held for minutes.
        options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        # PostgreSQL's JIT compiles any query whose estimated cost is high, ~50 ms each
        # time: the ranking of related posts (estimated high, run in 2 ms) took 670 ms
        # with it at 100k posts. No query of this site runs long enough to gain from it.
        # PgBouncer passes no startup options: behind it, the database turns JIT off
        # itself (ALTER DATABASE ... SET jit = off; docs/deployment.md).
        if not DATABASE_TRANSACTION_POOLING:
            options.setdefault("options", "-c jit=off")
    return database


DATABASES = {
    "default": _database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Read replicas (comma-separated URLs): public reads go to them, writes and everything
# inside a transaction to the primary (campaign4change/db_router.py).
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica{number}"
    DATABASES[alias] = _database(url)
    # Tests run against the primary's test database: a replica has no test copy.
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(alias)
# After a request that wrote (a save), the same browser reads from the primary for this
# long (a cookie), so it sees its own change even on a replica that has not caught up.
DATABASE_REPLICA_PIN_SECONDS = float(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "5"))
DATABASE_ROUTERS = ["campaign4change.db_router.PrimaryReplicaRouter"] if DATABASE_REPLICAS else []
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# The apps' static files, less editor samples and server scripts (campaign4change/
# staticfiles.py; SECURITY.md).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "campaign4change.staticfiles.SafeAppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded media and their renditions: local files under MEDIA_ROOT, or an S3-compatible
# bucket (DJANGO_MEDIA_STORAGE=s3://bucket or s3://bucket/folder; optional extra: pip
# install '.[s3]') that any number of app servers share. DJANGO_S3_BUCKET is the older
# spelling of s3://bucket. Without DJANGO_S3_ACCESS_KEY_ID, boto3 finds credentials
# itself (AWS_* variables, an instance role).
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "").strip() or (
    f"s3://{os.environ['DJANGO_S3_BUCKET']}" if os.environ.get("DJANGO_S3_BUCKET") else "file"
)
_s3 = re.fullmatch(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:/(.*?))?/?", MEDIA_STORAGE)
if MEDIA_STORAGE != "file" and not _s3:
    raise ImproperlyConfigured(
        f"DJANGO_MEDIA_STORAGE: {MEDIA_STORAGE!r} is neither 'file' nor s3://bucket[/folder]."
    )
S3_BUCKET = _s3.group(1) if _s3 else ""
S3_STORAGE_OPTIONS = {
    "bucket_name": S3_BUCKET,
    "location": (_s3.group(2) or "") if _s3 else "",
    "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
    "region_name": os.environ.get("DJANGO_S3_REGION") or None,
    "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
    "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
    # Media served from a CDN host (or the bucket's own) instead of the endpoint's URL.
    "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
    # Public files by plain URL: pages are cached, signed URLs would expire in them.
    "querystring_auth": False,
    "default_acl": None,
    # Never replace a stored file: a second upload of council.jpg gets a name of its own.
    "file_overwrite": False,
    # A name is used again only after its file was deleted: browsers keep files a day.
    "object_parameters": {"CacheControl": "public, max-age=86400"},
}
# Development and tests serve static files straight from the apps (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
# Files browsers ask for at fixed addresses (/favicon.ico), with long cache headers.
WHITENOISE_ROOT = whitenoise_headers.ROOT_FILES
WHITENOISE_ADD_HEADERS_FUNCTION = whitenoise_headers.add_headers
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": S3_STORAGE_OPTIONS,
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("DJANGO_CACHE_KEY_PREFIX", "c4c")
# An unreachable Redis must not hang requests: after this many seconds pages are served
# uncached and saves go on without it (campaign4change/pagecache/).
CACHE_SOCKET_TIMEOUT = float(os.environ.get("DJANGO_CACHE_SOCKET_TIMEOUT", "1"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "campaign4change.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
                "socket_timeout": CACHE_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Room for the hot pages of a worker (~40 KB each) without growing past
            # ~50 MB; least recently used pages go first.
            "OPTIONS": {"MAX_ENTRIES": 1200},
        }
    }

# Whole-page cache for anonymous readers, invalidated precisely when content changes
# (campaign4change/pagecache/). On by default in production; off in development,
# where templates change under the developer's feet.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", PRODUCTION)
PAGE_CACHE_ALIAS = "default"
# Pieces of pages (each post's summary in lists) kept in the same cache under the same
# invalidation, so that a page the page cache must rebuild (the home page after a post
# is published) reuses what did not change. Off in development for the same reason.
FRAGMENT_CACHE = env_bool("DJANGO_FRAGMENT_CACHE", PRODUCTION)
# A page is kept at most this long (seconds) to bound memory; freshness never depends
# on it: every change invalidates the pages that show it at once.
PAGE_CACHE_TIMEOUT = int(os.environ.get("DJANGO_PAGE_CACHE_TIMEOUT", str(60 * 60 * 24)))
# After the cache failed, this process leaves it alone for this long (seconds).
PAGE_CACHE_RETRY_SECONDS = float(os.environ.get("DJANGO_PAGE_CACHE_RETRY_SECONDS", "5"))
# How long readers trust the cache after it was checked against the database's record
# of changes. Never longer than the socket timeout: see pagecache/invalidation.py.
PAGE_CACHE_VERIFY_SECONDS = CACHE_SOCKET_TIMEOUT
# With replicas, a page whose content changed this recently may have been read from a
# replica that had not caught up yet: it is served but not stored.
PAGE_CACHE_SETTLE_SECONDS = float(
    os.environ.get("DJANGO_PAGE_CACHE_SETTLE_SECONDS", "2" if DATABASE_REPLICAS else "0")
)

# The edge in front of the app servers (Varnish, a CDN), purged by dependency key after
# every change (campaign4change/pagecache/edge.py, docs/caching.md): comma-separated
# varnish://host:port and fastly://SERVICE_ID (with DJANGO_FASTLY_API_TOKEN). None: no
# edge, and public pages tell no shared cache to keep them.
EDGE_PURGE = env_list("DJANGO_EDGE_PURGE")
FASTLY_API_TOKEN = os.environ.get("DJANGO_FASTLY_API_TOKEN", "")
FASTLY_API_URL = "https://api.fastly.com"
for _edge in EDGE_PURGE:
    if not re.fullmatch(r"varnish://[\w.-]+(:\d+)?|fastly://\w+", _edge):
        raise ImproperlyConfigured(
            f"DJANGO_EDGE_PURGE: {_edge!r} is neither varnish://host:port nor fastly://SERVICE_ID."
        )
    if _edge.startswith("fastly://") and not FASTLY_API_TOKEN:
        raise ImproperlyConfigured(f"DJANGO_EDGE_PURGE: {_edge} needs DJANGO_FASTLY_API_TOKEN.")
# Every process retries the purges the edge has not acknowledged this often (seconds),
# and purges each change's keys a second time this long after the first (a page rendered
# before the change may reach the edge just after the first purge).
EDGE_PURGE_RETRY_SECONDS = 5.0
EDGE_PURGE_REPEAT_SECONDS = 5.0

# Benchmark mode (`make bench` only): adds a fixed 20 KB "ceiling" page and an
# X-SQL-Queries header on every response. Never set it on a real site.
BENCH_MODE = env_bool("DJANGO_BENCH", False)

SITE_NAME = "Campaign4Change"
SITE_TAGLINE = "Campaigning journalism on public-sector IT and public-service reform"
ARTICLES_PER_PAGE = 10
# A search query still running after this long is stopped and the reader asked for a
# narrower search (PostgreSQL): a handful of expensive searches must not hold every
# worker. Per query: the two that can be slow (ranking, extracts) get this much each.
# 0: no limit.
SEARCH_TIMEOUT_MS = int(os.environ.get("DJANGO_SEARCH_TIMEOUT_MS", "2000"))

# Tags are one tag whatever their case: "NHS" and "nhs" are the same.
TAGGIT_CASE_INSENSITIVE = True

LOGIN_URL = "admin:login"

# Email to staff (the pipeline's notifications): DJANGO_EMAIL_URL
# ("submission://user:password@smtp.example.org:587" for STARTTLS, "smtp://host:25",
# "console://"; dj-email-url's schemes) or Django's usual EMAIL_HOST,
# EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL;
# with neither, mail is printed to the console (development).
if os.environ.get("DJANGO_EMAIL_URL"):
    _email = dj_email_url.parse(os.environ["DJANGO_EMAIL_URL"])
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST, EMAIL_PORT = _email["EMAIL_HOST"] or "localhost", _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email["EMAIL_USE_TLS"], _email["EMAIL_USE_SSL"]
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A save waits at most this long (seconds) for the mail server before going on.
EMAIL_TIMEOUT = float(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Campaign4Change newsroom <newsroom@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox (pipeline/mail.py): a failing mail is retried with back-off (1, 2, 4...
# minutes, at most 6 hours apart) up to this many attempts, then given up and logged.
MAIL_MAX_ATTEMPTS = int(os.environ.get("DJANGO_MAIL_MAX_ATTEMPTS", "10"))
# After a failure, saves leave sending to the retries for this many seconds.
MAIL_PAUSE_AFTER_FAILURE = 60
# How many mails a save sends after its commit (its own first, then older ones due).
MAIL_BATCH_ON_SAVE = 20

# The briefing inbox: posts published this many days ago or less are offered to the
# editors of briefings whose topic tags they share.
BRIEFING_INBOX_DAYS = int(os.environ.get("DJANGO_BRIEFING_INBOX_DAYS", "30"))

# Revisions (django-reversion): each post or briefing keeps its newest N revisions;
# older ones are pruned on save and by `manage.py prune_revisions`.
REVISIONS_KEEP = int(os.environ.get("DJANGO_REVISIONS_KEEP", "50"))

# Preview links for reviewers without an account: how long one may last (days).
PREVIEW_LINK_LIFETIMES_DAYS = [1, 3, 7, 14, 30]

# Autosave (editorial/admin/autosave.py): the largest private copy of a form kept. A
# post of 100,000 words fits; a body with pasted-in images inlined as data may not.
AUTOSAVE_MAX_BYTES = 1024 * 1024

# Uploads: real images only (campaign4change/uploads.py). Big enough for a photo straight
# from a 61-megapixel camera (some 25 MB as a JPEG); renditions of a JPEG are decoded at
# a reduced scale, so a 50-megapixel JPEG upload peaks well under 100 MB of memory
# (scripts/measure_upload_memory.py; docs/newsroom.md has the figures).
MAX_IMAGE_UPLOAD_BYTES = int(os.environ.get("DJANGO_MAX_IMAGE_UPLOAD_BYTES", str(30 * 1024 * 1024)))
MAX_IMAGE_PIXELS = 64_000_000
# PNG, GIF and WebP images are decoded whole (a 50-megapixel WebP takes some 800 MB):
# 16 megapixels is more than any screenshot or chart (a 5K screen is 14.7).
MAX_IMAGE_PIXELS_DECODED_WHOLE = 16_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Behind the TLS proxy the client address is the last one the proxy appended.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1" if PRODUCTION else "0"))
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": "INFO" if DEBUG else "WARNING",
            "propagate": False,
        },
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if BENCH_MODE:
    # Outermost, so it counts every query a request makes, cached or not.
    MIDDLEWARE = ["bench.middleware.QueryCountHeaderMiddleware", *MIDDLEWARE]
