"""Backlog benchmark: seed N messages into PostgreSQL, score them with real Celery workers.

    .venv/bin/python bench/backlog.py --n 200000 [--json]

It takes ``DATABASE_URL`` and ``REDIS_URL`` as ``make test`` does (local defaults) and works in
its own database (``<name>_bench_backlog``, created and migrated if missing, emptied on every
run), seeds members, profiles, organisations, threads and N unscored messages with ``COPY``
(psycopg), then for 1 and for 2 worker processes: resets every message to unscored, starts
``celery -A netiquette worker --concurrency K``, sends the beat's sweep, and times until nothing
is unscored. It prints items/s end to end for each, and the cost per message of the fingerprint
update (MinHash + LSH band rows written and looked up). ``--json`` prints the figures as one
JSON object on the last line.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402

SWEEP_EVERY = 10

TEMPLATES = [
    "Hi {name}, I help companies like {company} grow revenue by {n}% in {d} days. "
    "Can we book a quick call this week?",
    "Hello {name}! I noticed {company} is hiring. Our agency places senior engineers in {d} days "
    "with no upfront fee. Are you free for {n} minutes on Thursday?",
    "Dear {name}, as a fellow leader at {company} you will love our new coaching programme. "
    "{n} spots left at {d}% off. Reply YES and I will send the details.",
]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netiquette.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def sentence_pool(size: int, seed: int) -> list[str]:
    from faker import Faker

    fake = Faker()
    Faker.seed(seed)
    return [fake.sentence(nb_words=random.randint(6, 14)) for _ in range(size)]


def seed(n: int, *, people: int, seed_value: int) -> None:
    """Members, profiles, organisations, affiliations, threads and ``n`` unscored messages."""
    from django.db import connection
    from django.utils import timezone
    from faker import Faker

    rng = random.Random(seed_value)
    fake = Faker()
    Faker.seed(seed_value)
    now = timezone.now()
    tables = [
        "netiquette_fingerprintband",
        "messaging_review",
        "messaging_report",
        "messaging_message",
        "messaging_thread",
        "connections_connectionrequest",
        "connections_connection",
        "connections_affiliation",
        "connections_organisation",
        "connections_profile",
        "auth_user",
    ]
    names = [fake.name() for _ in range(people)]
    companies = [fake.company() for _ in range(300)]
    sentences = sentence_pool(3000, seed_value)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        raw = cursor.cursor
        with raw.copy(
            "COPY auth_user (id, password, is_superuser, username, first_name, last_name, email,"
            " is_staff, is_active, date_joined) FROM STDIN"
        ) as copy:
            for i in range(1, people + 1):
                copy.write_row((i, "!", False, f"bench{i}", "", "", "", False, True, now))
        with raw.copy(
            "COPY connections_profile (id, user_id, name, headline, location, industry, summary,"
            " open_to_work, is_recruiter, photo, created_at) FROM STDIN"
        ) as copy:
            for i in range(1, people + 1):
                copy.write_row(
                    (i, i, names[i - 1], "", "", "", "", rng.random() < 0.1,
                     rng.random() < 0.05, "", now)
                )  # fmt: skip
        with raw.copy("COPY connections_organisation (id, kind, name, location, description)"
                      " FROM STDIN") as copy:  # fmt: skip
            for i, company in enumerate(companies, 1):
                copy.write_row((i, "company", f"{company} #{i}", "", ""))
        with raw.copy(
            "COPY connections_affiliation (profile_id, organisation_id, kind, title, description)"
            " FROM STDIN"
        ) as copy:
            for i in range(1, people + 1):
                copy.write_row((i, rng.randint(1, len(companies)), "position", "", ""))

        # 2% of the members are mass mailers sending one of the templates; the rest write.
        mailers = set(rng.sample(range(1, people + 1), max(1, people // 50)))
        threads: dict[tuple[int, int], int] = {}
        messages = []
        for i in range(n):
            sender = rng.randint(1, people)
            recipient = rng.randint(1, people - 1)
            recipient += recipient >= sender
            pair = (min(sender, recipient), max(sender, recipient))
            thread = threads.setdefault(pair, len(threads) + 1)
            if sender in mailers and rng.random() < 0.8:
                text = TEMPLATES[sender % len(TEMPLATES)].format(
                    name=names[recipient - 1].split()[0], company=rng.choice(companies),
                    n=rng.randint(5, 60), d=rng.randint(7, 90),
                )  # fmt: skip
            else:
                text = " ".join(rng.sample(sentences, rng.randint(1, 4)))
                if rng.random() < 0.03:
                    text += " Can we book a quick call?"
            messages.append((i + 1, thread, sender, recipient, text))
        with raw.copy(
            "COPY messaging_thread (id, user_low_id, user_high_id, created_at) FROM STDIN"
        ) as copy:
            for (low, high), thread_id in threads.items():
                copy.write_row((thread_id, low, high, now))
        with raw.copy(
            "COPY messaging_message (id, thread_id, sender_id, recipient_id, text, created_at,"
            " first_contact, connected, folder, labels, findings, action) FROM STDIN"
        ) as copy:
            for pk, thread, sender, recipient, text in messages:
                copy.write_row(
                    (pk, thread, sender, recipient, text, now, True, False, "focused", "[]",
                     "[]", "")
                )  # fmt: skip
        seeded = (
            "auth_user", "connections_profile", "connections_organisation",
            "connections_affiliation", "messaging_thread", "messaging_message",
        )  # fmt: skip
        for table in seeded:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        cursor.execute("ANALYZE")


def reset_backlog() -> None:
    """Every message unscored again, no fingerprints, no reviews: the same work for each run."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE netiquette_fingerprintband, messaging_review CASCADE")
        cursor.execute(
            "UPDATE messaging_message SET scored_at = NULL, ruleset_version = NULL, score = NULL,"
            " labels = '[]', findings = '[]', action = '', folder = 'focused'"
        )
    connection.close()
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE messaging_message")


class Progress:
    """Whether anything is still unscored, cheaply enough to ask four times a second.

    ``count(*) WHERE scored_at IS NULL`` visits every entry of the partial ``message_unscored``
    index, dead ones included (a quarter of a second per poll at 200,000 messages, on the
    cores the workers need). Rows below the lowest unscored id seen stay scored during a run,
    so each poll resumes there: the first unscored id at or above it, or none.
    """

    def __init__(self) -> None:
        self.lowest = 0

    def unscored(self) -> bool:
        from messaging.models import Message

        first = (
            Message.objects.filter(scored_at__isnull=True, pk__gte=self.lowest)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if first is None:
            return False
        self.lowest = first
        return True


class CpuMeter:
    """CPU seconds used by the worker's processes (its process group) and by their PostgreSQL
    backends (the bench database's other connections), read from ``/proc``: what a run costs
    whatever else the machine is doing, where items/s depend on the load beside it.

    Sampled with every poll; a backend's last sample stands for it after it has gone.
    """

    TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, worker_pid: int) -> None:
        self.worker_pid = worker_pid
        self.start: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.ok = Path("/proc/self/stat").exists()

    @classmethod
    def _stat(cls, pid: int) -> tuple[int, float] | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return int(fields[2]), (int(fields[11]) + int(fields[12])) / cls.TICK  # pgrp, cpu

    def _pids(self) -> list[int]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            backends = [pid for (pid,) in cursor.fetchall()]
        group = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                stat = self._stat(int(entry.name))
                if stat is not None and stat[0] == self.worker_pid:
                    group.append(int(entry.name))
        return group + backends

    def sample(self, *, baseline: bool = False) -> None:
        if not self.ok:
            return
        for pid in self._pids():
            stat = self._stat(pid)
            if stat is None:
                continue
            if baseline or pid not in self.start:
                self.start.setdefault(pid, stat[1] if baseline else 0.0)
            self.last[pid] = stat[1]

    def seconds(self) -> float | None:
        if not self.ok or not self.last:
            return None
        return sum(cpu - self.start.get(pid, 0.0) for pid, cpu in self.last.items())


def run_workers(concurrency: int, n: int, *, timeout: float) -> tuple[float, float | None]:
    """Starts a real worker with ``concurrency`` processes, sweeps, and returns items/s and
    the CPU microseconds per item of the workers and their database backends."""
    from netiquette.celery import app
    from netiquette.scoring.tasks import sweep_backlog

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    log = ROOT / "artifacts" / f"bench-worker-{concurrency}.log"
    log.parent.mkdir(exist_ok=True)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "netiquette", "worker", "--pool", "prefork",
         "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel", "WARNING", "--hostname", f"bench{concurrency}@%h"],
        cwd=ROOT, env=dict(os.environ), stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        ping_deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > ping_deadline:
                raise SystemExit(f"worker did not start; see {log}")
        progress = Progress()
        cpu = CpuMeter(worker.pid)
        cpu.sample(baseline=True)  # the processes' start-up is not the backlog's cost
        start = last_sweep = time.monotonic()
        sweep_backlog.delay()
        while progress.unscored():
            cpu.sample()
            now = time.monotonic()
            if now - start > timeout:
                raise SystemExit(f"backlog not scored within {timeout}s; see {log}")
            if now - last_sweep > SWEEP_EVERY:  # what celery beat does in production
                sweep_backlog.delay()
                last_sweep = now
            time.sleep(0.25)
        elapsed = time.monotonic() - start
        cpu.sample()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
    seconds = cpu.seconds()
    return n / elapsed, None if seconds is None else seconds / n * 1e6


def fingerprint_cost(sample: int = 2000) -> tuple[float, float]:
    """Microseconds per message: computing the band keys, and the whole update (keys, rows
    written, copies looked up) in batches of the scoring batch size, rolled back."""
    from django.db import transaction

    from messaging.models import Message
    from netiquette.scoring import fingerprints
    from netiquette.scoring import pipeline as scoring

    rows = list(
        Message.objects.order_by("?").values_list("id", "sender_id", "recipient_id", "text")[
            :sample
        ]
    )
    items = [fingerprints.Printable("message", *row) for row in rows]
    start = time.perf_counter()
    for first in range(0, len(items), scoring.BATCH_SIZE):  # as the workers do: per batch
        fingerprints.band_keys_many(
            [item.text for item in items[first : first + scoring.BATCH_SIZE]]
        )
    compute = (time.perf_counter() - start) / len(items) * 1e6
    timings = []
    for first in range(0, len(items), scoring.BATCH_SIZE):
        batch = items[first : first + scoring.BATCH_SIZE]
        with transaction.atomic():
            scoring.without_jit()  # as in a worker's batch transaction
            start = time.perf_counter()
            fingerprints.record_and_count(batch)
            timings.append((time.perf_counter() - start) / len(batch) * 1e6)
            transaction.set_rollback(True)
    return compute, statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="messages to seed")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--json", action="store_true", help="figures as JSON on the last line")
    args = parser.parse_args()

    os.environ["REDIS_URL"] = common.redis_url()  # the workers read it too
    database_url = common.throwaway_database_url("backlog")
    setup_django(database_url)

    start = time.monotonic()
    seed(args.n, people=args.people, seed_value=args.seed)
    print(f"seeded {args.n:,} messages in {time.monotonic() - start:.1f}s ({database_url})")

    figures = {"n": args.n}
    for concurrency in (1, 2):
        reset_backlog()
        load_before = os.getloadavg()[0]
        rate, cpu_us = run_workers(concurrency, args.n, timeout=args.timeout)
        figures[f"load_1m_{concurrency}"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        figures[f"items_per_s_{concurrency}"] = round(rate, 1)
        line = f"{concurrency} worker process{'es' if concurrency > 1 else ''}: {rate:,.0f} items/s"
        if cpu_us is not None:
            figures[f"cpu_us_per_item_{concurrency}"] = round(cpu_us, 1)
            line += f" ({cpu_us:.0f} µs of CPU per item: workers and their PostgreSQL backends)"
        line += f"; load average {load_before:.1f} -> {os.getloadavg()[0]:.1f}"
        print(line)
    figures["speedup"] = round(figures["items_per_s_2"] / figures["items_per_s_1"], 2)
    compute_us, update_us = fingerprint_cost()
    figures["fingerprint_us"] = round(update_us, 1)
    figures["fingerprint_compute_us"] = round(compute_us, 1)
    print(f"speed-up with 2 processes: {figures['speedup']}×")
    print(
        f"fingerprint per message: {update_us:.0f} µs (keys, band rows, copy lookup); "
        f"{compute_us:.0f} µs of it computing the MinHash keys"
    )
    if args.json:
        common.emit_json(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
