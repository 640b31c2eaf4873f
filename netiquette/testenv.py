"""Find the real services for the test suite, then run the given command.

``python -m netiquette.testenv -- pytest …`` points ``DATABASE_URL`` and ``REDIS_URL`` at the
local PostgreSQL and Redis when they answer (and the variables are not already set), creates
the database if needed, and runs the command. On a laptop without them the suite runs on
SQLite and the tests that need them skip with a reason; with ``CI=true`` a missing service is
an error instead, so CI can never pass by skipping the real thing.
"""

from __future__ import annotations

import os
import socket
import sys
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/netiquette"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def _port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def _ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/") or "netiquette"
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print("usage: python -m netiquette.testenv -- COMMAND …", file=sys.stderr)
        return 2
    strict = os.environ.get("CI", "").lower() == "true"
    # An explicit DATABASE_URL / REDIS_URL is the user's choice and is used as it is.
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    problems = []

    if urlparse(database_url).scheme.startswith("postgres"):
        try:
            if not _port_open(database_url, 5432):
                raise OSError(f"nothing listens at {urlparse(database_url).netloc}")
            _ensure_database(database_url)
        except Exception as exc:
            problems.append(f"PostgreSQL is not usable ({exc})")
        else:
            os.environ["DATABASE_URL"] = database_url
            print(f"testenv: PostgreSQL at {urlparse(database_url).netloc}", flush=True)
    if _port_open(redis_url, 6379):
        os.environ["REDIS_URL"] = redis_url
        print(f"testenv: Redis at {urlparse(redis_url).netloc}", flush=True)
    else:
        problems.append(f"Redis is not reachable at {urlparse(redis_url).netloc}")

    for problem in problems:
        print(f"testenv: {problem}", file=sys.stderr, flush=True)
    if problems and strict:
        print("testenv: CI=true, so a missing service fails the run.", file=sys.stderr)
        return 3
    if problems:
        print("testenv: tests that need a missing service will skip, saying why.", flush=True)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
