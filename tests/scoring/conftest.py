"""Fixtures for the scoring tests: sending items the way the services do, and real workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from connections.models import ConnectionRequest
from messaging.models import Message, Thread
from netiquette.core.models import Assessed, RuleSetting
from netiquette.core.scoring_queue import schedule_scoring
from netiquette.etiquette import Verdict
from netiquette.scoring import facts
from netiquette.scoring import pipeline as scoring
from tests.messaging.verdicts import settings_for_action, verdict_for

ROOT = Path(__file__).resolve().parents[2]
PITCH = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"
CLEAN = "Thanks for the talk at the PyCon meetup yesterday — I enjoyed your point on testing."


def send_message(sender, recipient, text, *, first_contact=True, connected=False) -> Message:
    """What the messaging service does: save unscored and schedule scoring, in one transaction."""
    low, high = sorted([sender.pk, recipient.pk])
    with transaction.atomic():
        thread, _ = Thread.objects.get_or_create(user_low_id=low, user_high_id=high)
        message = Message.objects.create(
            thread=thread,
            sender=sender,
            recipient=recipient,
            text=text,
            first_contact=first_contact,
            connected=connected,
        )
        schedule_scoring(kind="message", pk=message.pk)
    return message


def send_request(sender, recipient, note, *, how_known="") -> ConnectionRequest:
    with transaction.atomic():
        request = ConnectionRequest.objects.create(
            sender=sender, recipient=recipient, note=note, how_known=how_known
        )
        schedule_scoring(kind="request", pk=request.pk)
    return request


def _judged(item: Message | ConnectionRequest) -> dict:
    """``verdict_for`` arguments for a stored item: its text, its draft kind, and the context
    the scoring service builds for it now."""
    kind = "request" if isinstance(item, ConnectionRequest) else "message"
    return {
        "text": item.note if kind == "request" else item.text,
        "kind": scoring.DRAFT_KINDS[kind],
        "context": facts.item_contexts(kind, [item.pk])[item.pk],
    }


def engine_verdict(item: Message | ConnectionRequest) -> Verdict:
    """What ``check()`` says about a stored item under the rule settings in force, in the
    context the scoring service gives it: the verdict a worker must store."""
    return verdict_for(**_judged(item))


def stored_verdict(item: Message | ConnectionRequest) -> dict:
    """An item's stored verdict, in the shape ``verdict_as_stored`` gives."""
    item.refresh_from_db()
    return {
        "score": item.score,
        "labels": item.labels,
        "findings": item.findings,
        "action": item.action,
    }


def verdict_as_stored(verdict: Verdict) -> dict:
    return Assessed.verdict_fields(verdict)


def force_action(item: Message | ConnectionRequest, action: str) -> None:
    """Re-weights, as an admin would (``RuleSetting`` rows, so the version is bumped), the
    rules the item's draft fires, so the engine gives it ``action`` whatever its own weights."""
    wanted = settings_for_action(**_judged(item), action=action)
    for rule_id, weight in wanted.weights.items():
        RuleSetting.objects.update_or_create(rule_id=rule_id, defaults={"weight": weight})
    assert engine_verdict(item).action == action


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def sweep_like_beat(predicate, *, every: float = 3, timeout: float = 120, what: str = "") -> None:
    """Sends the sweep every few seconds, as ``celery beat`` would, until ``predicate()``."""
    from netiquette.scoring.tasks import sweep_backlog

    last = [0.0]

    def tick():
        if time.monotonic() - last[0] >= every:
            sweep_backlog.delay()
            last[0] = time.monotonic()
        return predicate()

    wait_for(tick, timeout=timeout, interval=0.5, what=what or "the sweeps")


def subprocess_env(**extra) -> dict:
    """The environment for a subprocess that must use this test's database and Redis db."""
    from django.conf import settings

    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(os.environ, DATABASE_URL=url, REDIS_URL=settings.REDIS_URL, PYTHONUNBUFFERED="1")
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    env.update({k: str(v) for k, v in extra.items()})
    return env


def purge_queue() -> None:
    from django.conf import settings

    from netiquette.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    app.conf.result_backend = settings.REDIS_URL
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


class WorkerProcess:
    """A real ``celery -A netiquette worker`` in its own process group."""

    def __init__(self, name: str, *, concurrency: int = 1, **env):
        self.name = name
        self.log = ROOT / "artifacts" / f"worker-{name}.log"
        self.log.parent.mkdir(exist_ok=True)
        command = [
            sys.executable, "-m", "celery", "-A", "netiquette", "worker",
            "--pool", "prefork", "--concurrency", str(concurrency),
            "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "--loglevel", "INFO",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=subprocess_env(**env),
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        wait_for(
            lambda: "ready." in self.log.read_text() or self.process.poll() is not None,
            timeout=timeout,
            what=f"worker {self.name} to start",
        )
        assert self.process.poll() is None, self.log.read_text()[-3000:]

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children): no cleanup at all."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_processes(transactional_db):
    """Starts real worker processes on demand; stops (or kills) them after the test."""
    started: list[WorkerProcess] = []
    purge_queue()

    def start(name: str, **kwargs) -> WorkerProcess:
        worker = WorkerProcess(name, **kwargs)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    purge_queue()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Members are created by the dozen here; the real hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
