"""Two submits at the same moment (a double click on two connections) make one request."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from connections.models import ConnectionRequest
from connections.requests import services as request_services
from connections.requests.selectors import recipient_for_request
from netiquette.etiquette import Verdict

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OK = Verdict(labels=frozenset(), score=0, action="ok", findings=())


def test_concurrent_double_submit_makes_one_row(member, bob, scheduled):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        try:
            recipient = recipient_for_request(sender=member, user_id=bob.id)
            barrier.wait()
            request_services.connection_request_send(
                sender=member, recipient=recipient, how_known="colleague", note="", verdict=OK
            )
            outcomes.append("sent")
        except request_services.RequestRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["pending", "sent"]
    assert ConnectionRequest.objects.count() == 1


def test_concurrent_submits_cannot_pass_the_weekly_limit(member, make_member, settings, scheduled):
    settings.NETIQUETTE = {**settings.NETIQUETTE, "REQUEST_WEEKLY_LIMIT": 1}
    recipients = [make_member(), make_member()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(user):
        try:
            recipient = recipient_for_request(sender=member, user_id=user.id)
            barrier.wait()
            request_services.connection_request_send(
                sender=member, recipient=recipient, how_known="colleague", note="", verdict=OK
            )
            outcomes.append("sent")
        except request_services.RequestRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(user,)) for user in recipients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["limit", "sent"]
    assert ConnectionRequest.objects.count() == 1
