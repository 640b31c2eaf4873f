"""The other areas' send views really schedule scoring: a message sent through the compose view
and a request sent through the request form are scored by a real worker (real Redis broker,
real PostgreSQL), with the verdict ``check()`` gives in the scoring service's context."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest
from messaging.models import Message
from netiquette.core.models import Ruleset, RuleSetting
from netiquette.moderation.models import Review
from tests.messaging.verdicts import rule_ids, settings_for_action

from .conftest import PITCH, engine_verdict, stored_verdict, verdict_as_stored, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.celery_worker]

NOTE = "We met at the PyCon meetup yesterday — I enjoyed your talk on testing. Let's keep in touch."


def test_a_message_and_a_request_sent_through_the_views_are_scored_by_the_worker(
    celery_worker_real, make_member, client
):
    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    # The pitch's rules re-weighted (as an admin would) so it flags: it may be sent anyway,
    # and its scoring must open a review.
    wanted = settings_for_action(sender=alice, recipient=bob, text=PITCH, action="flag")
    for rule_id, weight in wanted.weights.items():
        RuleSetting.objects.create(rule_id=rule_id, weight=weight)
    client.force_login(alice)

    sent = client.post(
        reverse("messaging:send", args=[bob.id]),
        {"text": PITCH, "client_token": str(uuid.uuid4()), "send_anyway": "on"},
    )
    invited = client.post(
        reverse("connections:request_new", args=[carol.id]),
        {"how_known": "met_in_person", "note": NOTE, "intent": "send"},
    )

    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert invited.status_code == 302, invited.content.decode()[:2000]
    message = Message.objects.get(sender=alice, recipient=bob)
    request = ConnectionRequest.objects.get(sender=alice, recipient=carol)
    wait_for(
        lambda: (
            Message.objects.filter(pk=message.pk, scored_at__isnull=False).exists()
            and ConnectionRequest.objects.filter(pk=request.pk, scored_at__isnull=False).exists()
        ),
        timeout=30,
        what="the worker to score the message and the request",
    )
    for item in (message, request):
        expected = engine_verdict(item)
        assert stored_verdict(item) == verdict_as_stored(expected)
        assert item.ruleset_version == Ruleset.current_version()
    assert message.action == "flag" and message.folder == "other"
    assert Review.objects.get(message=message).rule_ids == rule_ids(engine_verdict(message))
    assert request.action == "ok" and request.findings == []
    assert not Review.objects.filter(connection_request=request).exists()
