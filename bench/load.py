"""Load benchmark: N signed-in members browse and send for a fixed time (Locust, headless).

Starts the site as production runs it (gunicorn with ``netiquette/gunicorn.py``,
``DJANGO_DEBUG=0``, PostgreSQL, Redis for the cache, sessions and the broker, and one Celery
worker scoring what is sent) on loopback, on a throwaway database of its own beside
``DATABASE_URL`` (``bench/common.py``: ``<name>_bench_load``, seeded once with a 1,000-person
network and scored) and ``REDIS_URL``, as ``make test`` finds them, then runs
``bench/locustfile.py`` headless: each member signs in (not measured: the figures start
``--warmup`` seconds after the last member started), then
searches, opens profiles, reads the inbox and threads, types (live checks) and sends messages
to connections, with 0.5–1.5 s between steps. Everything stops by itself.

    make bench-load                      # or: .venv/bin/python bench/load.py --json

Prints a table per page and, last, one JSON object: ``p50_ms``, ``p95_ms``, ``p99_ms``,
``rps``, ``requests``, ``errors``, and ``pages`` (per route: count, p50, p95, p99).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common

ROOT = common.ROOT
BIN = Path(sys.executable).parent
PASSWORD = "bench-load-password-not-secret-57"

PREPARE = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from connections.models import Connection, Profile
from netiquette.demo.network import seed_network
User = get_user_model()
if not Profile.objects.exists():
    seed_network(people={people}, seed=1, progress=False)
members = list(
    User.objects.filter(profile__isnull=False, is_active=True)
    .exclude(username__in=["demo", "moderator"]).order_by("id")[:{users}]
)
User.objects.filter(pk__in=[m.pk for m in members]).update(password=make_password({password!r}))
ids = [m.pk for m in members]
pairs = set()
for i, member in enumerate(members):
    for step in (1, 2, 3):
        other = ids[(i + step) % len(ids)]
        pairs.add((min(member.pk, other), max(member.pk, other)))
Connection.objects.bulk_create(
    [Connection(user_low_id=a, user_high_id=b) for a, b in pairs], ignore_conflicts=True
)
partners = {{
    m.username: [ids[(i + s) % len(ids)] for s in (1, 2, 3)] for i, m in enumerate(members)
}}
people = list(Profile.objects.order_by("?").values_list("user_id", flat=True)[:200])
print("BENCH", json.dumps({{"partners": partners, "people": people}}))
"""


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answered on port {port} within {timeout} s")


def server_env(args) -> dict[str, str]:
    return {**common.server_env(args.database_url, args.redis_url), "GUNICORN_ACCESS_LOG": ""}


def prepare(args, env: dict[str, str]) -> dict:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    script = PREPARE.format(people=args.people, users=args.users, password=PASSWORD)
    out = subprocess.run(
        [*manage, "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    ).stdout
    subprocess.run([*manage, "score_backlog"], env=env, check=True, capture_output=True)
    return json.loads(re.search(r"^BENCH (.+)$", out, re.M).group(1))


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def run_locust(args, port: int, setup: dict, folder: Path) -> Path:
    ramp = args.users / args.spawn_rate
    env = dict(os.environ)
    env.update(
        BENCH_PASSWORD=PASSWORD,
        BENCH_PARTNERS=json.dumps(setup["partners"]),
        BENCH_PEOPLE=json.dumps(setup["people"]),
        BENCH_WARMUP=str(args.warmup),
        BENCH_SIGN_IN_REPORT=str(folder / "sign-ins.json"),
    )
    prefix = folder / "locust"
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{int(ramp + args.warmup + args.duration)}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        env=env,
        cwd=ROOT,
        check=False,
        timeout=ramp + args.warmup + args.duration + 120,
    )
    return Path(f"{prefix}_stats.csv")


def read_stats(path: Path) -> dict:
    rows = list(csv.DictReader(path.open()))

    def figures(row: dict) -> dict:
        if not int(row["Request Count"]):
            raise SystemExit(f"no request measured for {row['Name']}: see Locust's errors above")
        return {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "rps": round(float(row["Requests/s"]), 1),
        }

    total = next(row for row in rows if row["Name"] == "Aggregated")
    pages = {
        row["Name"]: figures(row)
        for row in rows
        if row["Name"] != "Aggregated" and int(row["Request Count"])
    }
    return {**figures(total), "pages": pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per s")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured")
    parser.add_argument(
        "--warmup", type=float, default=20.0, help="seconds after the last start, not measured"
    )
    parser.add_argument("--people", type=int, default=1000, help="network size (first run)")
    parser.add_argument("--no-worker", action="store_true", help="no Celery worker beside")
    parser.add_argument("--database-url", default="", help="default: <DATABASE_URL>_bench_load")
    parser.add_argument("--redis-url", default="", help="default: REDIS_URL, as make test")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args(argv)
    args.database_url = args.database_url or common.throwaway_database_url("load")
    args.redis_url = args.redis_url or common.redis_url()

    env = server_env(args)
    setup = prepare(args, env)
    port = common.free_port()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        web_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        processes = [
            start(
                [str(BIN / "gunicorn"), "-c", "python:netiquette.gunicorn", "netiquette.wsgi"],
                web_env,
                folder / "web.log",
            )
        ]
        if not args.no_worker:
            processes.append(
                start(
                    [str(BIN / "celery"), "-A", "netiquette", "worker", "--concurrency", "1",
                     "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
                    env,
                    folder / "worker.log",
                )
            )  # fmt: skip
        try:
            wait_for(port)
            load_before = os.getloadavg()[0]
            stats = read_stats(run_locust(args, port, setup, folder))
            load_after = os.getloadavg()[0]
            stats.update(json.loads((folder / "sign-ins.json").read_text()))
        finally:
            for process in processes:
                common.stop_process(process)
    stats.update(
        users=args.users,
        duration_s=args.duration,
        worker=not args.no_worker,
        load_1m_before=round(load_before, 2),
        load_1m_after=round(load_after, 2),
    )
    print(f"{'page':<28} {'requests':>8} {'errors':>6} {'p50':>7} {'p95':>7} {'p99':>7}")
    for name, page in sorted(stats["pages"].items(), key=lambda item: -item[1]["p95_ms"]):
        print(
            f"{name[:28]:<28} {page['requests']:>8} {page['errors']:>6} {page['p50_ms']:>5.0f}ms"
            f" {page['p95_ms']:>5.0f}ms {page['p99_ms']:>5.0f}ms"
        )
    print(
        f"all: {stats['requests']} requests, {stats['errors']} errors, {stats['rps']} req/s, "
        f"p50 {stats['p50_ms']:.0f} ms, p95 {stats['p95_ms']:.0f} ms, p99 {stats['p99_ms']:.0f} ms"
    )
    if args.json:
        common.emit_json(stats)
    return 1 if stats["errors"] or stats["failed_sign_ins"] else 0


if __name__ == "__main__":
    sys.exit(main())
