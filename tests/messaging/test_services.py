"""The messaging services on the real PostgreSQL: scheduling, races, idempotence."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from messaging import services
from messaging.models import Message, Thread
from netiquette.core import scoring_queue
from netiquette.core.filing import folder_for
from tests.messaging.conftest import CLEAN, PITCH
from tests.messaging.verdicts import verdict_for

pytestmark = [pytest.mark.postgres]


@pytest.mark.django_db
def test_send_schedules_scoring_after_commit(
    monkeypatch, sender, recipient, django_capture_on_commit_callbacks
):
    scheduled = []
    monkeypatch.setattr(
        scoring_queue, "schedule_scoring", lambda *, kind, pk: scheduled.append((kind, pk))
    )
    outcome = services.message_send(
        sender=sender, recipient=recipient, text=CLEAN, client_token=uuid.uuid4()
    )
    assert outcome.status == "sent"
    assert scheduled == [("message", outcome.message.pk)]


@pytest.mark.django_db
def test_provisional_verdict_is_stored_at_send_time(sender, recipient):
    expected = verdict_for(sender=sender, recipient=recipient, text=PITCH)
    assert expected.action != "ok"
    outcome = services.message_send(
        sender=sender,
        recipient=recipient,
        text=PITCH,
        client_token=uuid.uuid4(),
        send_anyway=True,
    )
    message = outcome.message
    assert outcome.status == "sent" and outcome.verdict == expected
    assert (message.action, message.score, message.labels) == (
        expected.action,
        expected.score,
        sorted(expected.labels),
    )
    assert message.findings == [f.as_dict() for f in expected.findings]
    assert message.first_contact is True and message.scored_at is None
    assert message.folder == folder_for(
        action=expected.action, score=expected.score, first_contact=True
    )


@pytest.mark.django_db
def test_one_thread_per_pair_whoever_writes_first(sender, recipient):
    services.message_send(sender=sender, recipient=recipient, text=CLEAN, client_token=uuid.uuid4())
    services.message_send(sender=recipient, recipient=sender, text=CLEAN, client_token=uuid.uuid4())
    assert Thread.objects.count() == 1 and Message.objects.count() == 2


@pytest.mark.django_db
def test_messaging_oneself_is_a_programming_error(sender):
    with pytest.raises(ValueError):
        services.message_send(
            sender=sender, recipient=sender, text=CLEAN, client_token=uuid.uuid4()
        )


@pytest.mark.django_db(transaction=True)
def test_racing_double_submits_make_one_message(sender, recipient):
    token = uuid.uuid4()
    barrier = threading.Barrier(4)
    statuses: list[str] = []

    def submit():
        try:
            barrier.wait()
            outcome = services.message_send(
                sender=sender, recipient=recipient, text=CLEAN, client_token=token
            )
            statuses.append(outcome.status)
        finally:
            connection.close()

    workers = [threading.Thread(target=submit) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert Message.objects.count() == 1 and Thread.objects.count() == 1
    assert sorted(statuses) == ["duplicate", "duplicate", "duplicate", "sent"]
