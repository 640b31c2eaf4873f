"""Acceptance: real Celery workers, the real Redis broker and the real PostgreSQL.

The in-thread worker (``celery_worker_real``) runs tasks against the test database; the
SIGKILL and two-worker tests start real ``celery -A netiquette worker`` processes pointed at
the same test database.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from django.db.models import Count

from messaging.models import Message, Thread
from netiquette.core.filing import folder_for
from netiquette.core.models import Ruleset
from netiquette.moderation.models import Review
from netiquette.scoring import tasks
from netiquette.scoring.pipeline import REVIEW_ACTIONS
from tests.messaging.verdicts import rule_ids

from .conftest import (
    CLEAN,
    PITCH,
    ROOT,
    engine_verdict,
    force_action,
    send_message,
    stored_verdict,
    subprocess_env,
    sweep_like_beat,
    verdict_as_stored,
    wait_for,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.celery_worker]


def scored(*pks) -> bool:
    return Message.objects.filter(pk__in=pks, scored_at__isnull=False).count() == len(pks)


def seed_backlog(make_member, n: int, *, senders: int = 20, recipients: int = 40) -> list[int]:
    """``n`` unscored messages, every third one a pitch, saved in bulk (no tasks enqueued)."""
    from_people = [make_member(f"sender{i}") for i in range(senders)]
    to_people = [make_member(f"recipient{i}") for i in range(recipients)]
    threads = {}
    rows = []
    for i in range(n):
        sender, recipient = from_people[i % senders], to_people[(i * 7) % recipients]
        low, high = sorted([sender.pk, recipient.pk])
        if (low, high) not in threads:
            threads[(low, high)] = Thread.objects.create(user_low_id=low, user_high_id=high)
        text = PITCH if i % 3 == 0 else f"{CLEAN} (note {i})"
        rows.append(
            Message(thread=threads[(low, high)], sender=sender, recipient=recipient, text=text)
        )
    return [m.pk for m in Message.objects.bulk_create(rows, batch_size=1000)]


def assert_one_review_per_flag() -> None:
    """Every message whose action opens a review (flag, or block) has exactly one."""
    flagged = set(Message.objects.filter(action__in=REVIEW_ACTIONS).values_list("pk", flat=True))
    assert flagged, "the test needs flagged messages"
    per_item = (
        Review.objects.filter(message__isnull=False).values("message").annotate(n=Count("id"))
    )
    assert all(row["n"] == 1 for row in per_item)
    assert {row["message"] for row in per_item} == flagged


def test_an_item_sent_is_scored_by_the_worker(celery_worker_real, make_member):
    alice, bob = make_member("alice"), make_member("bob")

    message = send_message(alice, bob, PITCH)

    wait_for(lambda: scored(message.pk), timeout=30, what="the worker to score the message")
    expected = engine_verdict(message)
    assert expected.action != "ok", "a plainly bad pitch must get a finding"
    assert stored_verdict(message) == verdict_as_stored(expected)
    assert [f["rule_id"] for f in message.findings] == [f.rule_id for f in expected.findings]
    assert message.ruleset_version == Ruleset.current_version()
    assert message.folder == folder_for(
        action=expected.action, score=expected.score, first_contact=True
    )


SEND_WITH_DEAD_BROKER = """
import time
from django.contrib.auth import get_user_model
from tests.scoring.conftest import send_message, PITCH
User = get_user_model()
alice, bob = User.objects.get(username="alice"), User.objects.get(username="bob")
start = time.monotonic()
message = send_message(alice, bob, PITCH)
print("SENT", message.pk, round(time.monotonic() - start, 2))
"""


def test_broker_down_at_send_time_the_sweep_scores_it_later(make_member, celery_worker_real):
    make_member("alice"), make_member("bob")
    # A web process whose broker is a closed port: sending must still succeed, and quickly.
    env = subprocess_env(REDIS_URL="redis://127.0.0.1:1/5")
    sent = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEND_WITH_DEAD_BROKER],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr[-3000:]
    pk, seconds = sent.stdout.split("SENT", 1)[1].split()
    pk = int(pk)
    assert float(seconds) < 5
    assert "the sweep will score it" in sent.stderr
    time.sleep(1)
    assert not scored(pk)  # nothing reached the worker

    tasks.sweep_backlog.delay()  # the beat's sweep, with the broker back

    wait_for(lambda: scored(pk), timeout=30, what="the sweep to score the message")
    message = Message.objects.get(pk=pk)
    expected = engine_verdict(message)
    assert expected.action != "ok"
    assert stored_verdict(message) == verdict_as_stored(expected)


def test_worker_killed_mid_batch_loses_nothing(make_member, worker_processes):
    ids = seed_backlog(make_member, 4000)
    force_action(Message.objects.get(pk=ids[0]), "flag")  # pitches flag, so reviews open
    victim = worker_processes("victim", SCORING_BATCH_SIZE=100)
    victim.wait_ready()

    tasks.sweep_backlog.delay()
    wait_for(
        lambda: Message.objects.filter(scored_at__isnull=False).count() >= 300,
        timeout=60, interval=0.05, what="the first batches",
    )  # fmt: skip
    victim.kill()

    left = Message.objects.filter(scored_at__isnull=True).count()
    assert left > 0, "the worker finished before it was killed; nothing was tested"
    rescuer = worker_processes("rescuer", SCORING_BATCH_SIZE=100)
    rescuer.wait_ready()
    sweep_like_beat(  # the next sweeps
        lambda: not Message.objects.filter(scored_at__isnull=True).exists(),
        what="the sweep to score what the killed worker left",
    )
    assert (
        Message.objects.filter(pk__in=ids, ruleset_version=Ruleset.current_version()).count()
        == 4000
    )
    assert_one_review_per_flag()


def test_two_workers_on_one_backlog_score_each_item_once(make_member, worker_processes):
    ids = seed_backlog(make_member, 4000)
    force_action(Message.objects.get(pk=ids[0]), "flag")
    workers = [worker_processes(name, SCORING_BATCH_SIZE=100) for name in ("one", "two")]
    for worker in workers:
        worker.wait_ready()

    # The same range handed out four times and every item's own task too: maximal contention.
    results = [tasks.score_range.delay("message", ids[0], ids[-1]) for _ in range(4)]
    results += [
        tasks.score_item.apply_async(("message", pk), ignore_result=False) for pk in ids[::50]
    ]

    counts = [r.get(timeout=180) for r in results]
    assert sum(counts) == len(ids)  # each item scored by exactly one task, once
    assert not Message.objects.filter(scored_at__isnull=True).exists()
    assert_one_review_per_flag()


def test_a_rule_weight_change_rescores_the_stale_items_only(celery_worker_real, make_member):
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    old_pitch = send_message(alice, bob, PITCH)
    old_clean = send_message(alice, carol, CLEAN)
    wait_for(lambda: scored(old_pitch.pk, old_clean.pk), timeout=30, what="the first scoring")
    first = stored_verdict(old_pitch)
    assert first == verdict_as_stored(engine_verdict(old_pitch))
    old_version = Ruleset.current_version()
    assert old_pitch.ruleset_version == old_version

    # The admin's change: the pitch's rules re-weighted to another action, version bumped.
    target = "flag" if first["action"] != "flag" else "warn"
    force_action(old_pitch, target)
    new_version = Ruleset.current_version()
    assert new_version > old_version
    fresh = send_message(carol, bob, PITCH)
    wait_for(lambda: scored(fresh.pk), timeout=30, what="the new message")
    assert stored_verdict(fresh) == verdict_as_stored(engine_verdict(fresh))
    fresh_scored_at = fresh.scored_at
    assert (fresh.action, fresh.ruleset_version) == (target, new_version)

    tasks.sweep_backlog.delay()

    wait_for(
        lambda: Message.objects.filter(ruleset_version=new_version).count() == 3,
        timeout=30, what="the sweep to re-score the stale items",
    )  # fmt: skip
    expected = engine_verdict(old_pitch)
    assert expected.action == target
    assert stored_verdict(old_pitch) == verdict_as_stored(expected)
    old_clean.refresh_from_db()
    assert old_clean.action == "ok"
    fresh.refresh_from_db()
    assert fresh.scored_at == fresh_scored_at  # not stale, so not touched
    # One review for each that ever scored an action that opens one, and only one.
    reviewed = {old_pitch.pk} if {first["action"], target} & REVIEW_ACTIONS else set()
    reviewed |= {fresh.pk} if target in REVIEW_ACTIONS else set()
    reviews = Review.objects.filter(message__in=[old_pitch, fresh])
    assert sorted(reviews.values_list("message_id", flat=True)) == sorted(reviewed)
    for review in reviews:
        assert review.rule_ids == rule_ids(engine_verdict(review.message))


def test_the_sweep_hands_out_nothing_while_work_is_queued(make_member, transactional_db):
    from .conftest import purge_queue

    purge_queue()
    seed_backlog(make_member, 30, senders=3, recipients=5)
    try:
        assert tasks.sweep_backlog() == 1  # one range: 30 ids
        assert tasks.queued_tasks() == 1
        assert tasks.sweep_backlog() == 0  # still queued: no duplicate
    finally:
        purge_queue()


def test_the_beat_schedule_runs_the_sweep():
    from django.conf import settings

    from netiquette.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-scoring-backlog"]
    assert entry["task"] in app.tasks
    assert entry["options"]["expires"] < entry["schedule"].total_seconds()
