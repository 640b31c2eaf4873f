"""First contacts are limited like connection requests (issue 16, finding 4): a member may
start ``FIRST_CONTACT_WEEKLY_LIMIT`` conversations a week with people they are not connected
with, fewer when their recent ones mostly went badly; connections and replies are never
limited, and the refusal says when they can try again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging.models import Message
from tests.messaging.conftest import CLEAN, connect, send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.NETIQUETTE = {
        **settings.NETIQUETTE,
        "FIRST_CONTACT_WEEKLY_LIMIT": 3,
        "FIRST_CONTACT_STRICT_WEEKLY_LIMIT": 1,
        "FIRST_CONTACT_STRICT_MIN_SAMPLE": 2,
    }


@pytest.fixture
def strangers(make_member):
    return [make_member(f"stranger{i}") for i in range(5)]


def test_the_fourth_stranger_in_a_week_is_refused_with_when_to_try_again(
    sender_client, sender, strangers
):
    for stranger in strangers[:3]:
        assert send(sender_client, stranger, CLEAN).status_code == 302
    response = send(sender_client, strangers[3], CLEAN)
    assert response.status_code == 429
    body = response.content.decode()
    assert (
        "You have started 3 conversations this week with people you are not connected with; "
        "the limit is 3. You can write to someone new from"
    ) in body
    assert not Message.objects.filter(recipient=strangers[3]).exists()
    assert ".." not in body.split("You can write to someone new from", 1)[1].split("</", 1)[0]
    # htmx gets the form back in place, with the same message.
    response = send(sender_client, strangers[3], CLEAN, htmx=True)
    assert response.status_code == 200 and "the limit is 3" in response.content.decode()


def test_connections_and_started_conversations_are_never_limited(
    sender_client, sender, recipient, strangers
):
    for stranger in strangers[:3]:
        send(sender_client, stranger, CLEAN)
    connect(sender, recipient)
    assert send(sender_client, recipient, CLEAN).status_code == 302
    assert send(sender_client, strangers[0], "A follow-up on my last note.").status_code == 302


def test_first_contacts_older_than_a_week_make_room(sender_client, sender, strangers):
    for stranger in strangers[:3]:
        send(sender_client, stranger, CLEAN)
    Message.objects.filter(sender=sender).update(created_at=timezone.now() - timedelta(days=8))
    assert send(sender_client, strangers[3], CLEAN).status_code == 302


def test_first_contacts_that_went_badly_tighten_the_limit(
    sender_client, sender, strangers, recipient_client, recipient
):
    # Two first contacts, both reported by their recipient (filed in Other, unanswered).
    for stranger in strangers[:2]:
        send(sender_client, stranger, CLEAN)
    Message.objects.filter(sender=sender).update(folder=Message.Folder.OTHER)
    response = send(sender_client, strangers[2], CLEAN)
    assert response.status_code == 429
    assert "Most of your recent first messages were reported or left unanswered" in (
        response.content.decode()
    )
    # An answer counts as a good reception: one of two is then not "mostly" bad.
    first = Message.objects.filter(sender=sender).first()
    Message.objects.create(
        thread=first.thread, sender=first.recipient, recipient=sender, text="Thanks, sure."
    )
    assert send(sender_client, strangers[2], CLEAN).status_code == 302


def test_a_moderators_pause_on_requests_covers_first_messages_too(
    sender_client, sender, recipient, strangers
):
    """QA: a member whose requests a moderator paused still cold-messaged strangers."""
    from connections.models import RequestRestriction

    until = timezone.now() + timedelta(days=7)
    pause = RequestRestriction.objects.create(user=sender, until=until, reason="pitches")
    connect(sender, recipient)
    response = send(sender_client, strangers[0], CLEAN)
    assert response.status_code == 429
    assert "A moderator paused your connection requests" in response.content.decode()
    assert not Message.objects.filter(recipient=strangers[0]).exists()
    assert send(sender_client, recipient, CLEAN).status_code == 302  # connections: any time
    pause.lifted_at = timezone.now()  # an undo lifts it, and strangers are reachable again
    pause.save()
    assert send(sender_client, strangers[0], CLEAN).status_code == 302
