"""Redis is an accelerator: killing it costs members nothing (issue 16, finding 2).

The site runs as in production: gunicorn with ``DJANGO_DEBUG=0`` and ``cached_db`` sessions, a
Celery worker and beat, all on the test database and on a throwaway ``redis-server`` of our
own. Ten members sign in, browse, type (the live check) and send 200 messages through the
real views while that Redis is killed and, later, started again (empty: whatever was queued
is lost). Then: no member saw an error, all 200 messages are stored, and the workers have
scored every one of them within 60 s of Redis returning.
"""

from __future__ import annotations

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
OUTAGE_SECONDS = 20
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


def test_a_redis_outage_costs_members_nothing_and_loses_no_message(outage_members, tmp_path):
    redis = ThrowawayRedis()
    redis.start()
    env = production_env(redis_url=redis.url, GUNICORN_ACCESS_LOG="")
    collect_static(env)
    web_port = free_port()
    web_env = dict(env)
    try:
        with processes(
            (gunicorn_command(web_port, web_env), web_env, tmp_path / "web.log"),
            (celery_worker_command(), env, tmp_path / "worker.log"),
            (celery_beat_command(tmp_path / "beat-schedule"), env, tmp_path / "beat.log"),
        ):
            wait_for_port(web_port)
            members = [Member(web_port, name, partners) for name, partners in outage_members]
            per_member = MESSAGES // MEMBERS

            def member_session(member: Member, until: int, sign_in: bool) -> None:
                if sign_in:
                    member.sign_in()
                member.browse()
                for _ in range(until - member.sent):
                    member.type_and_send()

            def phase(fraction: float, *, sign_in: bool) -> None:
                until = round(per_member * fraction)
                with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
                    sessions = [pool.submit(member_session, m, until, sign_in) for m in members]
                    for session in sessions:
                        session.result()

            phase(0.25, sign_in=True)  # Redis up: sessions and caches fill
            redis.kill()
            killed = time.monotonic()
            phase(0.6, sign_in=False)  # Redis gone while members keep going …
            phase(0.85, sign_in=True)  # … and new sign-ins too
            # Down long enough for the worker to back off between reconnects (2, 4, 6 … s).
            time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - killed)))
            redis.start()
            returned = time.monotonic()
            phase(1.0, sign_in=False)

            errors = [entry for m in members for entry in m.browser.errors()]
            assert errors == [], errors[:10]
            assert Message.objects.count() == MESSAGES
            while Message.objects.filter(scored_at__isnull=True).exists():
                if time.monotonic() - returned > SCORED_WITHIN:
                    left = Message.objects.filter(scored_at__isnull=True).count()
                    worker_log = (tmp_path / "worker.log").read_text()[-3000:]
                    pytest.fail(
                        f"{left} messages unscored {SCORED_WITHIN} s after Redis "
                        f"returned\n{worker_log}"
                    )
                time.sleep(0.5)
            print(
                f"Redis down {returned - killed:.1f} s; all {MESSAGES} messages scored "
                f"{time.monotonic() - returned:.1f} s after it returned"
            )
    finally:
        redis.kill()
