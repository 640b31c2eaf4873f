"""What every benchmark shares: the services ``make test`` uses, each benchmark's own throwaway
database on them, and the one-JSON-object-on-the-last-line output that ``make bench`` reads.

Like the test suite, a benchmark takes ``DATABASE_URL`` and ``REDIS_URL`` from the environment
and falls back to the local PostgreSQL and Redis (``netiquette.testenv``'s defaults). It never
works in the database those name: it creates its own beside it (``<name>_bench_<benchmark>``),
so running a benchmark can never touch your data.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from netiquette.testenv import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    _ensure_database,
)


def database_url() -> str:
    """The PostgreSQL the benchmarks run on: ``DATABASE_URL``, or the local default."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not url.startswith("postgres"):
        raise SystemExit(f"the benchmarks need PostgreSQL; DATABASE_URL is {url!r}")
    return url


def redis_url() -> str:
    """The Redis the benchmarks use: ``REDIS_URL``, or the local default."""
    return os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL


def throwaway_database_url(benchmark: str, *, create: bool = True) -> str:
    """``<name>_bench_<benchmark>`` on the server of ``database_url()``, created if missing."""
    base = urlparse(database_url())
    name = f"{base.path.lstrip('/') or 'netiquette'}_bench_{benchmark}"
    url = base._replace(path=f"/{name}").geturl()
    if create:
        _ensure_database(url)
    return url


def emit_json(figures: dict) -> None:
    """The figures as one JSON object on one line, the last thing printed."""
    sys.stdout.flush()
    print(json.dumps(figures, ensure_ascii=False, default=str), flush=True)


# --- a production-like server on loopback (the live-check and load benchmarks) -------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, redis_url: str) -> dict[str, str]:
    """The environment production runs with (``DJANGO_DEBUG=0``, no TLS redirect on loopback),
    on the benchmark's own database and the given Redis."""
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONPATH=str(ROOT),
    )
    return env


def stop_process(process: subprocess.Popen) -> None:
    """Stops a process started with ``start_new_session=True`` and its children."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
