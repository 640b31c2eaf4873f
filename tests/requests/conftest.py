"""Fixtures for connection requests: a recipient, shared organisations, connections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from connections.models import Affiliation, Connection, ConnectionRequest, Organisation
from connections.profiles.selectors import connection_pair
from netiquette.core import scoring_queue

PITCH = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"
CLEAN = "Thanks for the talk at the PyCon meetup yesterday \u2014 I enjoyed your point on testing."


@pytest.fixture
def bob(make_member):
    return make_member("bob", name="Bob Baker", headline="Platform lead at Acme")


@pytest.fixture
def carol(make_member):
    return make_member("carol", name="Carol Chen", headline="Recruiter")


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def connect():
    def make(a, b):
        low, high = connection_pair(a.id, b.id)
        return Connection.objects.create(user_low_id=low, user_high_id=high)

    return make


@pytest.fixture
def affiliate():
    def make(user, name, kind=Organisation.Kind.COMPANY):
        organisation, _ = Organisation.objects.get_or_create(kind=kind, name=name)
        return Affiliation.objects.create(
            profile=user.profile, organisation=organisation, kind=Affiliation.Kind.POSITION
        )

    return make


@pytest.fixture
def invite():
    """A stored request; ``age`` backdates it, extra fields go to the model."""

    def make(sender, recipient, *, age: timedelta | None = None, **fields):
        fields.setdefault("how_known", "met_in_person")
        invitation = ConnectionRequest.objects.create(sender=sender, recipient=recipient, **fields)
        if age is not None:
            ConnectionRequest.objects.filter(pk=invitation.pk).update(
                created_at=timezone.now() - age
            )
            invitation.refresh_from_db()
        return invitation

    return make


@pytest.fixture
def scheduled(monkeypatch):
    """Records ``schedule_scoring`` calls, and whether each ran inside a transaction."""
    from django.db import connection

    calls = []

    def record(*, kind, pk):
        calls.append({"kind": kind, "pk": pk, "in_atomic": connection.in_atomic_block})

    monkeypatch.setattr(scoring_queue, "schedule_scoring", record)
    return calls


HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def fresh_cache():
    """The live check caches relationships by user id; ids repeat across test databases."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def engine_action(monkeypatch, member, bob):
    """``engine_action("warn"|"flag"|"block", text=PITCH, how_known="none")`` re-weights the
    rules the note fires (as a moderator could) so the engine gives it that action as a note
    from ``member`` to ``bob`` on submit; the views and the live check then use those settings."""
    from tests.engine_helpers import force_action
    from tests.requests.verdicts import note_verdict

    def apply(action: str, text: str = PITCH, how_known: str | None = "none"):
        return force_action(
            monkeypatch,
            lambda settings: note_verdict(
                sender=member, recipient=bob, text=text, how_known=how_known, settings=settings
            ),
            action=action,
            what=repr(text),
        )

    return apply
