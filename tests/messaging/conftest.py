"""Fixtures for the messages tests: two members, a connection between them, texts."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from connections.models import Connection
from connections.profiles.selectors import connection_pair

PITCH = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"
CLEAN = "Thanks for the talk at the PyCon meetup yesterday — I enjoyed your point on testing."


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Members are created with a password; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_live_check_cache(monkeypatch):
    """The live check caches each pair's context (in Redis); each test gets its own keys, and
    nothing else in the shared Redis database is touched."""
    from messaging import selectors

    monkeypatch.setattr(selectors, "LIVE_CHECK_KEY_PREFIX", f"test-live-context:{uuid.uuid4()}")


@pytest.fixture
def sender(make_member):
    return make_member("sam", name="Sam Sender", headline="Growth consultant")


@pytest.fixture
def recipient(make_member):
    return make_member("rita", name="Rita Recipient", headline="Engineering manager")


@pytest.fixture
def outsider(make_member):
    return make_member("olga", name="Olga Outsider")


@pytest.fixture
def sender_client(sender):
    client = Client()
    client.force_login(sender)
    return client


@pytest.fixture
def recipient_client(recipient):
    client = Client()
    client.force_login(recipient)
    return client


@pytest.fixture
def outsider_client(outsider):
    client = Client()
    client.force_login(outsider)
    return client


def connect(a, b) -> Connection:
    low, high = connection_pair(a.id, b.id)
    return Connection.objects.create(user_low_id=low, user_high_id=high)


def send_form(text: str, **extra) -> dict:
    data = {"text": text, "client_token": str(uuid.uuid4()), "draft_token": str(uuid.uuid4())}
    data.update(extra)
    return data


def send(client, to, text: str, *, htmx: bool = False, **extra):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("messaging:send", args=[to.id]), send_form(text, **extra), headers=headers
    )


@pytest.fixture
def engine_action(monkeypatch, sender, recipient):
    """``engine_action("warn"|"flag"|"block", text=PITCH)`` re-weights the rules the draft
    fires (as a moderator could) so the engine gives it that action from ``sender`` to
    ``recipient`` now; the views, services and live check then use those settings."""
    from tests.engine_helpers import force_action
    from tests.messaging.verdicts import verdict_for

    def apply(action: str, text: str = PITCH):
        return force_action(
            monkeypatch,
            lambda settings: verdict_for(
                sender=sender, recipient=recipient, text=text, settings=settings
            ),
            action=action,
            what=repr(text),
        )

    return apply
