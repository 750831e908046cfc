"""Scale-out settings: page cache defaults, S3 media, shared cache (docs/deployment.md)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "k3y" * 20,
    "DJANGO_ALLOWED_HOSTS": "campaign4change.example",
}


def settings_in(code, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_REPLICA"))
    }
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_page_cache_is_on_in_production_and_off_in_development():
    code = "import json; from django.conf import settings as s; print(json.dumps(s.PAGE_CACHE))"
    assert settings_in(code, **PRODUCTION) is True
    assert settings_in(code) is False
    assert settings_in(code, DJANGO_PAGE_CACHE="on") is True
    assert settings_in(code, DJANGO_PAGE_CACHE="off", **PRODUCTION) is False


def test_redis_url_makes_the_cache_shared():
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']]))"
    )
    backend, location = settings_in(code, REDIS_URL="redis://cache.internal:6379/2")
    assert backend == "campaign4change.cache.RedisCache"
    assert location == "redis://cache.internal:6379/2"


def test_s3_bucket_moves_uploaded_media_to_s3_storage():
    code = "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES))"
    storages = settings_in(
        code,
        DJANGO_S3_BUCKET="c4c-media",
        DJANGO_S3_ENDPOINT_URL="https://s3.example.net",
        **PRODUCTION,
    )
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storages["default"]["OPTIONS"]
    assert options["bucket_name"] == "c4c-media"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["file_overwrite"] is False
    # Static files stay with WhiteNoise on each server.
    assert "whitenoise" in storages["staticfiles"]["BACKEND"]
    local = settings_in(code)
    assert local["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_production_with_redis_replicas_and_s3_passes_check_deploy():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        PRODUCTION,
        REDIS_URL="redis://cache.internal:6379/0",
        DATABASE_REPLICA_URLS="postgres://app@replica.internal:5432/c4c",
        DJANGO_S3_BUCKET="c4c-media",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
