"""The contract the request limits call: ``active_request_restriction(user)``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from connections.models import RequestRestriction
from connections.requests.restrictions import active_request_restriction

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_only_a_current_unlifted_restriction_counts_and_the_longest_wins(people):
    sam = people["sender"]
    now = timezone.now()
    assert active_request_restriction(sam) is None
    assert active_request_restriction(AnonymousUser()) is None
    assert active_request_restriction(None) is None
    RequestRestriction.objects.create(user=sam, until=now - timedelta(minutes=1))
    RequestRestriction.objects.create(user=sam, until=now + timedelta(days=30), lifted_at=now)
    assert active_request_restriction(sam) is None
    short = RequestRestriction.objects.create(user=sam, until=now + timedelta(days=1))
    long = RequestRestriction.objects.create(user=sam, until=now + timedelta(days=7))
    assert active_request_restriction(sam) == long
    long.lifted_at = now
    long.save()
    assert active_request_restriction(sam) == short
    assert short.is_active
    assert active_request_restriction(people["ann"]) is None
