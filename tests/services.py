"""Real processes for the tests that run the site as production does: a throwaway
``redis-server`` on its own port, gunicorn with production's settings, a Celery worker and
beat, all on the test database, and a small HTTP client that signs in through the forms.

Nothing here touches the shared Redis or PostgreSQL server's configuration: the Redis is our
own process (killed and restarted at will), the database is pytest-django's test database.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found is None:
        reason = "needs the redis-server binary (apt-get install redis-server; .ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and this test {reason}", pytrace=False)
        pytest.skip(reason)
    return found


class ThrowawayRedis:
    """A ``redis-server`` of our own on a free port, without persistence: kill it, start it."""

    def __init__(self) -> None:
        self.binary = redis_server_binary()
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None


def url_of_the_test_database() -> str:
    """The URL of pytest-django's test database, for processes of our own."""
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def production_env(*, redis_url: str, **extra: str) -> dict[str, str]:
    """Production's settings (``DJANGO_DEBUG=0``) on the test database and the given Redis."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="netiquette.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="tests-only-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=url_of_the_test_database(),
        REDIS_URL=redis_url,
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def collect_static(env: dict[str, str]) -> None:
    """Production's templates need the hashed static files' manifest."""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
        cwd=ROOT,
        timeout=300,
    )


@contextmanager
def processes(*commands: tuple[list[str], dict[str, str], Path]) -> Iterator[list]:
    """Starts each ``(argv, env, log file)``; stops them all (SIGTERM, then SIGKILL) after."""
    started = []
    try:
        for argv, env, log in commands:
            handle = open(log, "wb")  # noqa: SIM115  closed below
            started.append(
                (
                    subprocess.Popen(
                        argv, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT
                    ),
                    handle,
                )
            )
        yield [process for process, _ in started]
    finally:
        for process, _ in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, handle in started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            handle.close()


def gunicorn_command(port: int, env: dict[str, str], workers: int = 2) -> list[str]:
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers))
    return [str(BIN / "gunicorn"), "-c", "python:netiquette.gunicorn", "netiquette.wsgi"]


def celery_worker_command() -> list[str]:
    return [
        str(BIN / "celery"),
        "-A",
        "netiquette",
        "worker",
        "--concurrency",
        "1",
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
    ]


def celery_beat_command(schedule: Path) -> list[str]:
    return [
        str(BIN / "celery"),
        "-A",
        "netiquette",
        "beat",
        "--loglevel",
        "WARNING",
        "--schedule",
        str(schedule),
    ]


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One member's HTTP client: keeps cookies (also ``Secure`` ones, as a browser behind TLS
    would), follows no redirects, and records every answer's status."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.statuses: list[tuple[str, str, int]] = []

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or ():
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            answer = (response.status, dict(response.headers), text)
        except OSError as error:
            answer = (599, {}, f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        self.statuses.append((method, path, answer[0]))
        return answer

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, **headers: str) -> tuple[int, dict[str, str], str]:
        return self.request("POST", path, data=data, headers=headers)

    def csrf_from(self, page: str) -> str:
        match = _CSRF_INPUT.search(page)
        return match.group(1) if match else self.cookies.get("csrftoken", "")

    def sign_in(self, username: str, password: str) -> int:
        self.cookies.clear()
        status, _, page = self.get("/accounts/login/")
        if status != 200:
            return status
        status, _, _ = self.post(
            "/accounts/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.csrf_from(page),
            },
        )
        return status

    def errors(self) -> list[tuple[str, str, int]]:
        return [entry for entry in self.statuses if entry[2] >= 500]
