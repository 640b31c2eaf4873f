"""Redis and the workers are accelerators: losing either costs members nothing (issue 16,
finding 2).

The site runs as in production: gunicorn with ``DJANGO_DEBUG=0`` and ``cached_db`` sessions, a
Celery worker and beat, all on the test database and on a throwaway ``redis-server`` of our
own. Ten members sign in, browse, type (the live check) and send 200 messages through the
real views while that Redis is killed and, later, started again (empty: whatever was queued
is lost). Then: no member saw an error, all 200 messages are stored, and the workers have
scored every one of them within 60 s of Redis returning. Likewise with no worker at all: the
sends succeed, the messages wait, and a worker started later scores them within 60 s.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from connections.models import Profile
from messaging.models import Message
from tests.services import (
    Browser,
    ThrowawayRedis,
    celery_beat_command,
    celery_worker_command,
    collect_static,
    free_port,
    gunicorn_command,
    processes,
    production_env,
    wait_for_port,
)

pytestmark = [pytest.mark.postgres, pytest.mark.celery_worker]

User = get_user_model()
PASSWORD = "outage-test-password-81"
MEMBERS = 10
MESSAGES = 200
SCORED_WITHIN = 60  # seconds after Redis returns
# How long Redis stays down at least; longer to measure (the worker waits up to 30 s between
# reconnects): OUTAGE_TEST_SECONDS=120 make test ARGS="tests/test_outages.py -s".
OUTAGE_SECONDS = float(os.environ.get("OUTAGE_TEST_SECONDS", "20"))
TEXTS = [
    "Thanks for the notes from Tuesday's planning meeting; I added the open questions.",
    "Could you send me the figures for the third quarter when you have them? Thanks.",
    "I read your write-up on the migration, it answered what our team was asking about.",
    "Good to see you at the meetup yesterday. The talk on indexing was very useful.",
]
# The live check's method and URL, read from the compose page (GET now, POST after issue 13).
LIVE_CHECK = re.compile(r'hx-(get|post)="(/messages/new/\d+/check/)"')


class Member:
    def __init__(self, port: int, username: str, partners: list[int]) -> None:
        self.username = username
        self.partners = partners
        self.browser = Browser(port)
        self.sent = 0

    def sign_in(self) -> None:
        status = self.browser.sign_in(self.username, PASSWORD)
        assert status == 302, f"{self.username} could not sign in: {status}"

    def browse(self) -> None:
        self.browser.get("/people/")
        self.browser.get("/messages/")
        self.browser.get(f"/people/{self.partners[0]}/")

    def type_and_send(self) -> None:
        partner = self.partners[self.sent % len(self.partners)]
        status, _, page = self.browser.get(f"/messages/new/{partner}/")
        assert status == 200, f"the compose page answered {status}"
        text = f"{TEXTS[self.sent % len(TEXTS)]} ({self.username}, {self.sent})"
        found = LIVE_CHECK.search(page)
        if found:
            method, path = found.groups()
            for typed in (text[:20], text):  # two pauses in typing
                if method == "get":
                    query = urlencode({"text": typed})
                    self.browser.get(f"{path}?{query}", **{"HX-Request": "true"})
                else:
                    self.browser.post(path, {"text": typed}, **{"HX-Request": "true"})
        status, headers, _ = self.browser.post(
            f"/messages/new/{partner}/send/",
            {
                "text": text,
                "client_token": str(uuid.uuid4()),
                "draft_token": str(uuid.uuid4()),
                "send_anyway": "on",
                "csrfmiddlewaretoken": self.browser.csrf_from(page),
            },
        )
        assert status == 302 and "/messages/thread/" in headers.get("Location", ""), status
        self.sent += 1
        self.browser.get(headers["Location"])  # the thread: opening it marks it read


class Phases:
    """Runs the members side by side, each up to a share of their messages per phase."""

    def __init__(self, members: list[Member], messages: int) -> None:
        self.members = members
        self.per_member = messages // len(members)

    def run(self, fraction: float, *, sign_in: bool) -> None:
        until = round(self.per_member * fraction)
        with ThreadPoolExecutor(max_workers=len(self.members)) as pool:
            sessions = [pool.submit(self._session, m, until, sign_in) for m in self.members]
            for session in sessions:
                session.result()

    @staticmethod
    def _session(member: Member, until: int, sign_in: bool) -> None:
        if sign_in:
            member.sign_in()
        member.browse()
        for _ in range(until - member.sent):
            member.type_and_send()


def wait_until_all_scored(*, since: float, log) -> None:
    """Every message scored within ``SCORED_WITHIN`` seconds of ``since``, or the test fails."""
    while Message.objects.filter(scored_at__isnull=True).exists():
        if time.monotonic() - since > SCORED_WITHIN:
            left = Message.objects.filter(scored_at__isnull=True).count()
            pytest.fail(
                f"{left} messages unscored after {SCORED_WITHIN} s\n{log.read_text()[-3000:]}"
            )
        time.sleep(0.5)


@pytest.fixture
def outage_members(transactional_db):
    """Ten members with a shared (real) password hash, each writing to two others."""
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [User(username=f"outage{i}", password=password) for i in range(MEMBERS)]
    )
    Profile.objects.bulk_create(
        [Profile(user=user, name=f"Outage {i}") for i, user in enumerate(users)]
    )
    ids = [user.pk for user in users]
    return [
        (user.username, [ids[(i + 1) % MEMBERS], ids[(i + 3) % MEMBERS]])
        for i, user in enumerate(users)
    ]


def production_site() -> tuple[ThrowawayRedis, dict[str, str], int, dict[str, str]]:
    """A Redis of the test's own (it kills it), production's environment on it with the static
    files collected, and a port for gunicorn with its own copy of the environment (the command
    adds the bind to it)."""
    redis = ThrowawayRedis()
    redis.start()
    env = production_env(redis_url=redis.url, GUNICORN_ACCESS_LOG="")
    collect_static(env)
    return redis, env, free_port(), dict(env)


def test_a_redis_outage_costs_members_nothing_and_loses_no_message(outage_members, tmp_path):
    redis, env, web_port, web_env = production_site()
    try:
        with processes(
            (gunicorn_command(web_port, web_env), web_env, tmp_path / "web.log"),
            (celery_worker_command(), env, tmp_path / "worker.log"),
            (celery_beat_command(tmp_path / "beat-schedule"), env, tmp_path / "beat.log"),
        ):
            wait_for_port(web_port)
            members = [Member(web_port, name, partners) for name, partners in outage_members]
            phase = Phases(members, MESSAGES)
            phase.run(0.25, sign_in=True)  # Redis up: sessions and caches fill
            redis.kill()
            killed = time.monotonic()
            phase.run(0.6, sign_in=False)  # Redis gone while members keep going …
            phase.run(0.85, sign_in=True)  # … and new sign-ins too
            # Down long enough for the worker to back off between reconnects (2, 4, 6 … s).
            time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - killed)))
            redis.start()
            returned = time.monotonic()
            phase.run(1.0, sign_in=False)

            errors = [entry for m in members for entry in m.browser.errors()]
            assert errors == [], errors[:10]
            assert Message.objects.count() == MESSAGES
            wait_until_all_scored(since=returned, log=tmp_path / "worker.log")
            print(
                f"Redis down {returned - killed:.1f} s; all {MESSAGES} messages scored "
                f"{time.monotonic() - returned:.1f} s after it returned"
            )
    finally:
        redis.kill()


def test_a_worker_down_costs_members_nothing_and_scoring_catches_up(outage_members, tmp_path):
    """No worker at all while members send 100 messages: every send answers at once, every
    message is stored (filed by its send-time verdict) and waits unscored; a worker started
    later scores them all within 60 s (it sweeps when it connects)."""
    redis, env, web_port, web_env = production_site()
    try:
        with processes(
            (gunicorn_command(web_port, web_env), web_env, tmp_path / "web.log"),
            (celery_beat_command(tmp_path / "beat-schedule"), env, tmp_path / "beat.log"),
        ):
            wait_for_port(web_port)
            members = [Member(web_port, name, partners) for name, partners in outage_members]
            Phases(members, MESSAGES // 2).run(1.0, sign_in=True)
            errors = [entry for m in members for entry in m.browser.errors()]
            assert errors == [], errors[:10]
            assert Message.objects.count() == MESSAGES // 2
            assert Message.objects.filter(scored_at__isnull=True).count() == MESSAGES // 2
            with processes((celery_worker_command(), env, tmp_path / "worker.log")):
                started = time.monotonic()
                wait_until_all_scored(since=started, log=tmp_path / "worker.log")
                print(
                    f"no worker for {MESSAGES // 2} sends; all scored "
                    f"{time.monotonic() - started:.1f} s after a worker started"
                )
    finally:
        redis.kill()
