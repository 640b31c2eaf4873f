"""Settings come from the environment: embedded defaults, real services, production mode."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_NAMES = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the e2e fixtures; check --deploy warns about it
)
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "debug": s.DEBUG, "engine": db["ENGINE"], "name": str(db["NAME"]),
    "conn_max_age": db["CONN_MAX_AGE"], "health_checks": db["CONN_HEALTH_CHECKS"],
    "eager": s.CELERY_TASK_ALWAYS_EAGER, "broker": s.CELERY_BROKER_URL,
    "cache": s.CACHES["default"]["BACKEND"], "hosts": s.ALLOWED_HOSTS,
}))
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    clean["DJANGO_SETTINGS_MODULE"] = "netiquette.settings"
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def settings_with(**env: str) -> dict:
    result = run(["-c", SHOW_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nothing_set_means_embedded_sqlite_and_eager_tasks():
    shown = settings_with()
    assert shown["debug"] is True
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"] == str(ROOT / "db.sqlite3")
    assert shown["eager"] is True and shown["broker"] == "memory://"
    assert shown["cache"].endswith("LocMemCache")


def test_service_urls_mean_postgresql_with_persistent_connections_and_redis():
    shown = settings_with(
        DATABASE_URL="postgres://u:p@db.example:5432/nq", REDIS_URL="redis://cache.example:6379/2"
    )
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["name"] == "nq"
    assert shown["conn_max_age"] == 60 and shown["health_checks"] is True
    assert shown["eager"] is False and shown["broker"] == "redis://cache.example:6379/2"
    assert shown["cache"].endswith("RedisCache")


def test_sqlite_url_works_too(tmp_path):
    shown = settings_with(DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"] == f"{tmp_path}/x.sqlite3"


def test_production_mode_passes_check_deploy_without_warnings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="netiquette.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr


def test_production_mode_has_no_default_hosts():
    shown = settings_with(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(64))
    assert shown["debug"] is False and shown["hosts"] == []
    shown = settings_with(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_ALLOWED_HOSTS="a.example, b.example",
    )
    assert shown["hosts"] == ["a.example", "b.example"]


def test_mail_goes_to_the_console_unless_an_smtp_host_is_set():
    """Password resets: printed to the console by default, sent by SMTP when configured."""
    show = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS]))"
    )
    ENV = ("DJANGO_EMAIL_HOST", "DJANGO_EMAIL_PORT", "DJANGO_EMAIL_BACKEND")

    def mail_settings(**env):
        result = run(["-c", show], **{**{name: "" for name in ENV}, **env})
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    assert mail_settings() == ["django.core.mail.backends.console.EmailBackend", "", 587, True]
    assert mail_settings(DJANGO_EMAIL_HOST="smtp.example", DJANGO_EMAIL_PORT="2525") == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example",
        2525,
        True,
    ]
