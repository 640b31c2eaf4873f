"""Benchmark of the moderators' dashboard on a large PostgreSQL database.

    python bench/dashboard.py [--messages 1000000] [--reviews 20000] [--iterations 50] [--json]

Takes ``DATABASE_URL`` as ``make test`` does and creates its own database beside it
(``<name>_bench_dashboard``), fills it with psycopg COPY (members, threads, messages, open
reviews, reports, rule tallies), then times pages server-side, in-process, with Django's test
client: the first queue page, a filtered page, a deep keyset page (~15,000 items in) and a
review page. It prints p50/p95 per page; with ``--json`` the last line is one JSON object with a
``<page>_p95_ms`` key per page. A filled database of the same size is reused (``--refill``
forces a new fill).

Why one long module: a benchmark is one runnable file (``bench/common.py`` holds what the
benchmarks share); most of its length is the COPY fill of a million-message database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402

LABELS = ["personal", "no_context", "sales_pitch", "give_me", "political"]
RULES = {
    "personal": "personal.contact_request",
    "no_context": "no_context.no_reason",
    "sales_pitch": "sales_pitch.book_a_call",
    "give_me": "give_me.job_ask",
    "political": "political.campaigning",
}
TEXTS = [
    "Thanks for the talk at the meetup yesterday, I enjoyed your point on testing.",
    "Could you share the slides from Tuesday's session? Happy to send my notes too.",
    "Congratulations on the new role at Acme! Let me know if I can help with the move.",
    "Hi, I help companies like yours grow revenue. Can we book a quick call this week?",
    "You look great in your profile photo, can you send me more pictures?",
    "I am sorry to bother you but can you refer me for a job at your company?",
    "Vote for our candidate on Sunday, the other side will ruin this country.",
    "Following up on our call: the contract draft is attached, comments welcome.",
]
BAD_TEXT_FOR_LABEL = {
    "sales_pitch": 3,
    "personal": 4,
    "give_me": 5,
    "political": 6,
    "no_context": 3,
}
PAGES = ("queue_first", "queue_filtered", "queue_deep", "review_page")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--reviews", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument(
        "--database",
        default=urlparse(common.throwaway_database_url("dashboard", create=False)).path[1:],
        help="its own database (<name>_bench_dashboard beside DATABASE_URL's)",
    )
    parser.add_argument("--refill", action="store_true", help="drop and fill again")
    parser.add_argument("--json", action="store_true", help="print a JSON object last")
    parser.add_argument("--seed", type=int, default=6)
    return parser.parse_args(argv)


def database_url(name: str) -> str:
    return urlparse(common.database_url())._replace(path=f"/{name}").geturl()


def recreate_database(url: str, *, drop: bool) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- filling -------------------------------------------------------------------------------


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _set_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
    )


def _without_secondary_indexes(cursor, table: str):
    """Drops the table's plain indexes (not PK/unique constraints) and returns their DDL."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = %s AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [table],
    )
    definitions = cursor.fetchall()
    for name, _ in definitions:
        cursor.execute(f'DROP INDEX "{name}"')
    return [ddl for _, ddl in definitions]


def fill(args: argparse.Namespace) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from netiquette.moderation.priority import priority_parts

    rng = random.Random(args.seed)
    now = datetime.now(UTC)
    start = now - timedelta(days=90)
    password = make_password("correct-horse-battery")
    members = args.members
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the per-row foreign key triggers.
        cursor.execute("SET session_replication_role = replica")
        _copy(
            cursor,
            "auth_user",
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            (
                (i, password, False, f"member{i}", "", "", "", False, True, start)
                for i in range(1, members + 1)
            ),
        )
        _copy(
            cursor,
            "connections_profile",
            [
                "user_id",
                "name",
                "headline",
                "location",
                "industry",
                "summary",
                "open_to_work",
                "is_recruiter",
                "photo",
                "created_at",
            ],
            (
                (i, f"Member {i}", "", "", "", "", False, False, "", start)
                for i in range(1, members + 1)
            ),
        )
        _set_sequence(cursor, "auth_user")
        log(f"bench: {members} members in {time.perf_counter() - t0:.1f}s")

        thread_count = max(args.messages // 20, 1)
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < thread_count:
            a, b = rng.randrange(1, members + 1), rng.randrange(1, members + 1)
            if a != b:
                pairs.add((min(a, b), max(a, b)))
        threads = sorted(pairs)
        _copy(
            cursor,
            "messaging_thread",
            ["id", "user_low_id", "user_high_id", "created_at", "last_message_at"],
            ((i + 1, low, high, start, now) for i, (low, high) in enumerate(threads)),
        )
        _set_sequence(cursor, "messaging_thread")

        flagged_ids = set(rng.sample(range(1, args.messages + 1), args.reviews))
        flagged: dict[int, tuple] = {}
        ddl = _without_secondary_indexes(cursor, "messaging_message")
        step = (now - start) / args.messages

        def messages():
            for i in range(1, args.messages + 1):
                thread_index = rng.randrange(thread_count)
                low, high = threads[thread_index]
                sender, recipient = (low, high) if rng.random() < 0.5 else (high, low)
                created = start + step * i
                if i in flagged_ids:
                    label = rng.choice(LABELS)
                    text = TEXTS[BAD_TEXT_FOR_LABEL[label]]
                    score = round(2 + rng.random() * 2, 2)
                    findings = json.dumps(
                        [
                            {
                                "rule_id": RULES[label],
                                "label": label,
                                "message": "bench finding",
                                "span": [0, min(len(text), 20)],
                                "suggestion": "",
                                "weight": score,
                            }
                        ]
                    )
                    flagged[i] = (sender, label, score, created)
                    yield (
                        i,
                        thread_index + 1,
                        sender,
                        recipient,
                        text,
                        created,
                        score,
                        json.dumps([label]),
                        findings,
                        "flag",
                        1,
                        created,
                        "other",
                    )
                else:
                    yield (
                        i,
                        thread_index + 1,
                        sender,
                        recipient,
                        rng.choice(TEXTS[:3]),
                        created,
                        0.0,
                        "[]",
                        "[]",
                        "ok",
                        1,
                        created,
                        "focused",
                    )

        t1 = time.perf_counter()
        _copy(
            cursor,
            "messaging_message",
            [
                "id",
                "thread_id",
                "sender_id",
                "recipient_id",
                "text",
                "created_at",
                "score",
                "labels",
                "findings",
                "action",
                "ruleset_version",
                "scored_at",
                "folder",
                "first_contact",
                "connected",
            ],
            ((*row, False, False) for row in messages()),
        )
        log(f"bench: {args.messages} messages copied in {time.perf_counter() - t1:.1f}s")
        t1 = time.perf_counter()
        for statement in ddl:
            cursor.execute(statement)
        _set_sequence(cursor, "messaging_message")
        log(f"bench: message indexes rebuilt in {time.perf_counter() - t1:.1f}s")

        review_rows = []
        tallies: dict[tuple[str, object], int] = {}
        for review_id, (message_id, (sender, label, score, created)) in enumerate(
            sorted(flagged.items()), start=1
        ):
            reports = 1 if rng.random() < 0.1 else 0
            history = rng.choice([0, 0, 0, 1, 2])
            priority = priority_parts(
                score=score, report_count=reports, sender_confirmed=history, opened_at=created
            ).total
            review_rows.append(
                (
                    review_id,
                    message_id,
                    sender,
                    "open",
                    score,
                    json.dumps([label]),
                    json.dumps([RULES[label]]),
                    created,
                    priority,
                    reports,
                    history,
                    "",
                )
            )
            key = (RULES[label], created.date())
            tallies[key] = tallies.get(key, 0) + 1
        _copy(
            cursor,
            "messaging_review",
            [
                "id",
                "message_id",
                "sender_id",
                "status",
                "score",
                "labels",
                "rule_ids",
                "opened_at",
                "priority",
                "report_count",
                "sender_confirmed",
                "decision_reason",
            ],
            review_rows,
        )
        _set_sequence(cursor, "messaging_review")
        _copy(
            cursor,
            "messaging_ruletally",
            ["rule_id", "day", "flagged", "confirmed", "dismissed", "escalated"],
            ((rule, day, n, 0, 0, 0) for (rule, day), n in tallies.items()),
        )
        cursor.execute("SET session_replication_role = origin")
        log(f"bench: {len(review_rows)} open reviews; total fill {time.perf_counter() - t0:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def filled_size() -> tuple[int, int]:
    """(last message id, open reviews), or (-1, -1) when the stored tables lack a column the
    models have now (a database filled by an older schema is refilled, not reused)."""
    from django.db import DatabaseError

    from messaging.models import Message
    from netiquette.moderation.models import Review

    try:
        last = Message.objects.order_by("-id").first()
        Review.objects.order_by("-id").first()
    except DatabaseError:
        return -1, -1
    return (last.pk if last else 0), Review.objects.filter(status="open").count()


# --- measuring -----------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(args: argparse.Namespace) -> dict[str, float]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from netiquette.moderation.models import Review
    from netiquette.moderation.selectors import cursor_for
    from netiquette.moderation.services import ensure_moderators_group

    User = get_user_model()
    moderator, _ = User.objects.get_or_create(username="bench-moderator")
    moderator.groups.add(ensure_moderators_group())
    client = Client()
    client.force_login(moderator)

    open_reviews = Review.objects.filter(status="open").order_by("-priority", "-id")
    depth = min(15_000, max(open_reviews.count() - 30, 0))
    deep = open_reviews[depth]  # an OFFSET here only to find a cursor for the bench
    review_ids = list(open_reviews.values_list("id", flat=True)[:: max(depth // 40, 1)][:40])
    urls = {
        "queue_first": lambda i: "/moderation/",
        "queue_filtered": lambda i: "/moderation/?label=personal&sort=priority",
        "queue_deep": lambda i: "/moderation/?after=" + cursor_for(deep, "priority"),
        "review_page": lambda i: f"/moderation/reviews/{review_ids[i % len(review_ids)]}/",
    }
    for url in urls.values():
        for i in range(3):  # warm up the connection, templates and caches
            assert client.get(url(i)).status_code == 200, url(i)
    # Round-robin over the pages, so a burst of load on the shared machine hits them all alike.
    wall: dict[str, list[float]] = {page: [] for page in urls}
    cpu: dict[str, list[float]] = {page: [] for page in urls}
    for i in range(args.iterations):
        for page, url in urls.items():
            began, began_cpu = time.perf_counter(), time.thread_time()
            response = client.get(url(i))
            wall[page].append((time.perf_counter() - began) * 1000)
            cpu[page].append((time.thread_time() - began_cpu) * 1000)
            assert response.status_code == 200
    results: dict[str, float] = {}
    for page in urls:
        results[f"{page}_p50_ms"] = round(statistics.median(wall[page]), 1)
        results[f"{page}_p95_ms"] = round(percentile(wall[page], 0.95), 1)
        results[f"{page}_cpu_p50_ms"] = round(statistics.median(cpu[page]), 1)
        print(
            f"{page:15s} p50 {results[f'{page}_p50_ms']:7.1f} ms   "
            f"p95 {results[f'{page}_p95_ms']:7.1f} ms   "
            f"(Python CPU p50 {results[f'{page}_cpu_p50_ms']:.1f} ms; {args.iterations} requests)",
            flush=True,
        )
    connection.close()
    return results


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    url = database_url(args.database)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)  # the dashboard's reads need no broker
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netiquette.settings")
    recreate_database(url, drop=args.refill)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client's host; DEBUG off
    call_command("migrate", verbosity=0)
    size = filled_size()
    if size != (args.messages, args.reviews):
        if size != (0, 0):
            log(f"bench: database holds {size}, refilling for {args.messages, args.reviews}")
            from django.db import connections

            connections.close_all()
            recreate_database(url, drop=True)
            call_command("migrate", verbosity=0)
        fill(args)
    else:
        log(f"bench: reusing {args.database} ({size[0]} messages, {size[1]} open reviews)")
    results = measure(args)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    results.update(
        {"messages": args.messages, "open_reviews": args.reviews, "load_average_1m": load}
    )
    print(f"load average (1 min) at the end: {load} on {os.cpu_count()} CPUs")
    target = 60.0
    slow = [p for p in PAGES if results[f"{p}_p95_ms"] > target]
    print(
        f"target p95 <= {target:.0f} ms: " + ("met" if not slow else "missed: " + ", ".join(slow))
    )
    if args.json:
        common.emit_json(results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
