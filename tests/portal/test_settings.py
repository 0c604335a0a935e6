"""Settings honour DATABASE_URL everywhere; production reads its secrets from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-" + "y" * 20,
    "ALLOWED_HOSTS": "portal.bank.intranet",
    "DATABASE_URL": "sqlite:////tmp/portal-check-deploy.sqlite3",
    "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
    "EMAIL_HOST": "mail.bank.intranet",
    "MEDIA_ROOT": "/tmp/portal-media",
}


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}


def _run(code: str, env: dict) -> subprocess.CompletedProcess:
    base = _clean_env()
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("module", ["dev", "test", "production"])
def test_every_settings_module_honours_database_url(module):
    env = {**PROD_ENV, "DJANGO_SETTINGS_MODULE": f"portal.settings.{module}",
           "DATABASE_URL": "postgres://u:p@db.example:5433/portaldb"}
    code = "import django; django.setup(); from django.conf import settings as s; d=s.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'])"
    result = _run(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "db.example", "5433", "portaldb"]


def test_settings_default_to_an_sqlite_file_without_database_url():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = _run(code, {"DJANGO_SETTINGS_MODULE": "portal.settings.dev"})
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = _run("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**_clean_env(), **PROD_ENV}, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_read_elasticsearch_url_and_media_root():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.ELASTICSEARCH_URL, s.STORAGES['default']['OPTIONS']['location'], s.EMAIL_HOST)"
    result = _run(code, PROD_ENV)
    assert result.stdout.split() == ["http://127.0.0.1:9200", "/tmp/portal-media", "mail.bank.intranet"]
