"""Scale-out settings: page cache defaults, S3 media, shared cache (docs/deployment.md)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


STORAGES_CODE = "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES))"


def test_media_storage_s3_moves_uploaded_media_to_s3_storage():
    storages = settings_in(
        STORAGES_CODE,
        DJANGO_MEDIA_STORAGE="s3://c4c-media/site-a",
        DJANGO_S3_ENDPOINT_URL="https://s3.example.net",
        DJANGO_S3_REGION="eu-west-2",
        DJANGO_S3_ACCESS_KEY_ID="AKIDEXAMPLE",
        DJANGO_S3_SECRET_ACCESS_KEY="secret-example",
        **PRODUCTION,
    )
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storages["default"]["OPTIONS"]
    assert options["bucket_name"] == "c4c-media"
    assert options["location"] == "site-a"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["region_name"] == "eu-west-2"
    assert (options["access_key"], options["secret_key"]) == ("AKIDEXAMPLE", "secret-example")
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is False
    # Static files stay with WhiteNoise on each server.
    assert "whitenoise" in storages["staticfiles"]["BACKEND"]


def test_local_files_are_the_default_and_the_older_bucket_setting_still_works():
    local = settings_in(STORAGES_CODE)
    assert local["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    older = settings_in(STORAGES_CODE, DJANGO_S3_BUCKET="c4c-media")
    assert older["default"]["OPTIONS"]["bucket_name"] == "c4c-media"
    assert older["default"]["OPTIONS"]["location"] == ""


@pytest.mark.parametrize("value", ["s3:/c4c-media", "gs://c4c-media", "s3://", "s3://UPPER"])
def test_a_media_storage_that_is_not_understood_is_refused(value):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environment, "DJANGO_MEDIA_STORAGE": value},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_MEDIA_STORAGE" in result.stderr


def test_transaction_pooling_turns_server_side_cursors_off_everywhere():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({a: "
        "[d.get('DISABLE_SERVER_SIDE_CURSORS', False), d['CONN_MAX_AGE'], "
        "d['CONN_HEALTH_CHECKS'], d['OPTIONS']['connect_timeout'], "
        "d['OPTIONS'].get('options')] "
        "for a, d in s.DATABASES.items()}))"
    )
    urls = {
        "DATABASE_URL": "postgres://app@pgbouncer.internal:6432/c4c",
        "DATABASE_REPLICA_URLS": "postgres://app@pgbouncer.internal:6432/c4c_replica",
    }
    pooled = settings_in(code, DATABASE_TRANSACTION_POOLING="true", **urls)
    # PgBouncer refuses startup options: no "-c jit=off" (the database sets it).
    assert pooled == {
        "default": [True, 60, True, 5, None],
        "replica1": [True, 60, True, 5, None],
    }
    direct = settings_in(code, DATABASE_CONNECT_TIMEOUT="3", **urls)
    assert direct == {
        "default": [False, 60, True, 3, "-c jit=off"],
        "replica1": [False, 60, True, 3, "-c jit=off"],
    }


def test_production_with_redis_replicas_and_s3_passes_check_deploy():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        PRODUCTION,
        REDIS_URL="redis://cache.internal:6379/0",
        DATABASE_REPLICA_URLS="postgres://app@replica.internal:5432/c4c",
        DATABASE_TRANSACTION_POOLING="true",
        DJANGO_MEDIA_STORAGE="s3://c4c-media",
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
