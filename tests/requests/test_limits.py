"""Request limits: each refuses with a clear message saying when the member can try again."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from connections.models import ConnectionRequest
from connections.requests import limits as request_limits
from tests.requests.conftest import CLEAN, HX

pytestmark = pytest.mark.postgres


def send(client, user, htmx=False, **data):
    data = {"how_known": "met_in_person", "note": CLEAN, **data}
    return client.post(
        reverse("connections:request_new", args=[user.id]), data, **(HX if htmx else {})
    )


def when(moment):
    """As the refusals write a time: "7 Dec 2026, 06:50" (no "a.m." to end in "a.m..")."""
    return date_format(timezone.localtime(moment), "j M Y, H:i")


@pytest.fixture
def limits(settings):
    def set_limits(**values):
        settings.NETIQUETTE = {**settings.NETIQUETTE, **values}

    return set_limits


@pytest.mark.parametrize("htmx", [False, True])
def test_weekly_limit_refuses_and_says_when(
    member_client, member, make_member, invite, limits, scheduled, htmx
):
    limits(REQUEST_WEEKLY_LIMIT=3)
    others = [make_member() for _ in range(4)]
    sent = [invite(member, other, age=timedelta(days=6 - i)) for i, other in enumerate(others[:3])]
    response = send(member_client, others[3], htmx=htmx)
    body = response.content.decode()
    assert response.status_code == 200
    assert "You have sent 3 requests this week, the limit is 3." in body
    assert f"You can send another from {when(sent[0].created_at + timedelta(days=7))}." in body
    assert ConnectionRequest.objects.count() == 3
    # Requests older than a week no longer count.
    ConnectionRequest.objects.filter(pk=sent[0].pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    assert send(member_client, others[3]).status_code == 302
    assert ConnectionRequest.objects.count() == 4


def test_weekly_limit_default_is_100():
    assert request_limits.limit_setting("REQUEST_WEEKLY_LIMIT") == 100


@pytest.mark.parametrize("htmx", [False, True])
def test_stricter_limit_when_recent_requests_were_mostly_ignored(
    member_client, member, make_member, invite, limits, scheduled, htmx
):
    limits(REQUEST_WEEKLY_LIMIT=100, REQUEST_STRICT_WEEKLY_LIMIT=5, REQUEST_STRICT_MIN_SAMPLE=4)
    statuses = ["ignored", "dont_know", "spam", "ignored", "accepted"]
    for status in statuses:
        invite(member, make_member(), status=status, how_known="none", age=timedelta(days=2))
    stats = request_limits.request_stats(member)
    assert (stats.total, stats.ignored, stats.dont_know, stats.spam) == (5, 2, 1, 1)
    assert stats.to_strangers == 5 and stats.stranger_share == 1.0
    assert stats.mostly_ignored
    assert request_limits.weekly_limit_for(member) == (5, True)
    response = send(member_client, make_member(), htmx=htmx)
    body = response.content.decode()
    assert "your limit is 5 requests a week for now" in body
    assert "You can send another from" in body
    assert ConnectionRequest.objects.count() == 5


def test_well_received_member_keeps_the_normal_limit(member, make_member, invite, limits):
    limits(REQUEST_STRICT_MIN_SAMPLE=4)
    for status in ["accepted", "accepted", "accepted", "ignored", "withdrawn", "withdrawn"]:
        invite(member, make_member(), status=status)
    stats = request_limits.request_stats(member)
    assert stats.total == 4 and not stats.mostly_ignored
    assert request_limits.weekly_limit_for(member) == (100, False)


@pytest.mark.parametrize("htmx", [False, True])
def test_one_pending_request_per_pair(member_client, member, bob, invite, scheduled, htmx):
    invitation = invite(member, bob)
    response = send(member_client, bob, htmx=htmx)
    when = timezone.localtime(invitation.created_at)
    # One full stop: the locale's "6:50 a.m." used to end the sentence in "a.m.." (13.9).
    assert (
        f"You already invited Bob Baker on {when:%-d %b %Y, %H:%M}. Wait for their answer"
        in response.content.decode()
    )
    assert ".." not in response.content.decode()
    assert ConnectionRequest.objects.count() == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_pending_invitation_the_other_way_points_to_it(member_client, member, bob, invite, htmx):
    invite(bob, member)
    body = send(member_client, bob, htmx=htmx).content.decode()
    assert "Bob Baker has already invited you. Accept their invitation instead." in body
    assert ConnectionRequest.objects.count() == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_withdrawing_blocks_reinviting_for_three_weeks(
    member_client, member, bob, invite, scheduled, htmx
):
    invitation = invite(member, bob)
    member_client.post(reverse("connections:invitation_withdraw", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"
    response = send(member_client, bob, htmx=htmx)
    body = response.content.decode()
    retry = invitation.responded_at + timedelta(days=21)
    assert "You withdrew your invitation to Bob Baker recently." in body
    assert f"You can invite them again from {when(retry)}." in body
    assert ConnectionRequest.objects.count() == 1
    ConnectionRequest.objects.filter(pk=invitation.pk).update(
        responded_at=timezone.now() - timedelta(days=22)
    )
    assert send(member_client, bob).status_code == 302
    assert ConnectionRequest.objects.count() == 2


@pytest.mark.parametrize("htmx", [False, True])
def test_moderators_restriction_refuses_until_its_end(
    member_client, bob, monkeypatch, scheduled, htmx
):
    from connections.requests import restrictions

    until = timezone.now() + timedelta(days=5)
    monkeypatch.setattr(
        restrictions, "active_request_restriction", lambda user: SimpleNamespace(until=until)
    )
    body = send(member_client, bob, htmx=htmx).content.decode()
    assert f"A moderator has paused your connection requests until {when(until)}." in body
    assert not ConnectionRequest.objects.exists()
    # The form itself says so before the member writes anything.
    page = member_client.get(reverse("connections:request_new", args=[bob.id]))
    assert "A moderator has paused your connection requests" in page.content.decode()
    assert "<textarea" not in page.content.decode()
