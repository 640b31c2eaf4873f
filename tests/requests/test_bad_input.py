"""Bad input gets a clear message, never a 500, and never a duplicate row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest
from tests.requests.conftest import CLEAN, HX

pytestmark = pytest.mark.postgres

HTMX = [False, True]


def post(client, user_id, htmx, **data):
    data = {"how_known": "met_in_person", "note": CLEAN, **data}
    return client.post(
        reverse("connections:request_new", args=[user_id]), data, **(HX if htmx else {})
    )


@pytest.mark.parametrize("htmx", HTMX)
def test_note_over_300_characters(member_client, bob, htmx):
    response = post(member_client, bob.id, htmx, note="a" * 301)
    assert response.status_code == 200
    assert "Keep the note to 300 characters or fewer (it has 301)." in response.content.decode()
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize("htmx", HTMX)
def test_note_of_exactly_300_characters_is_fine(member_client, bob, htmx, scheduled):
    # a fine note of words (the learned layer reads a line of filler such as "aaaa…" as a
    # pitch: a known limit, docs/etiquette.md), exactly at the limit
    note = ("Met you at PyCon. " + "Thanks again for the packaging tips at the sprint. " * 6)[:300]
    assert len(note) == 300
    post(member_client, bob.id, htmx, note=note)
    assert ConnectionRequest.objects.get().note == note


@pytest.mark.parametrize("htmx", HTMX)
def test_huge_note_is_refused_cleanly(member_client, bob, htmx):
    response = post(member_client, bob.id, htmx, note="\U0001f600" * 100_000)
    assert response.status_code == 200
    assert "Keep the note to 300 characters or fewer" in response.content.decode()
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize("htmx", HTMX)
def test_empty_answer_to_how_you_know(member_client, bob, htmx):
    response = post(member_client, bob.id, htmx, how_known="")
    assert "Say how you know them (or that you don’t)." in response.content.decode()
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize("htmx", HTMX)
def test_unknown_answer_to_how_you_know(member_client, bob, htmx):
    response = post(member_client, bob.id, htmx, how_known="lover")
    assert "Select a valid choice." in response.content.decode()
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize("htmx", HTMX)
def test_invisible_only_note_counts_as_no_note(member_client, bob, htmx, scheduled):
    post(member_client, bob.id, htmx, note="\u200b\u200d \u200b")
    assert ConnectionRequest.objects.get().note == ""


@pytest.mark.parametrize("htmx", HTMX)
def test_request_to_oneself(member_client, member, htmx):
    response = post(member_client, member.id, htmx)
    assert "You cannot send a connection request to yourself." in response.content.decode()
    assert not ConnectionRequest.objects.exists()
    page = member_client.get(reverse("connections:request_new", args=[member.id]))
    assert "You cannot send a connection request to yourself." in page.content.decode()


@pytest.mark.parametrize("htmx", HTMX)
def test_request_to_missing_user(member_client, htmx):
    response = post(member_client, 987654, htmx)
    assert response.status_code == 404
    assert "There is no member with this id" in response.content.decode()
    assert member_client.get(reverse("connections:request_new", args=[987654])).status_code == 404


def test_request_to_deactivated_user_is_missing(member_client, bob):
    bob.is_active = False
    bob.save()
    assert post(member_client, bob.id, False).status_code == 404


@pytest.mark.parametrize("htmx", HTMX)
def test_request_to_existing_connection(member_client, member, bob, connect, htmx):
    connect(member, bob)
    response = post(member_client, bob.id, htmx)
    assert "You are already connected with Bob Baker." in response.content.decode()
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize("htmx", HTMX)
def test_double_submit_gives_a_clear_message_and_one_row(member_client, bob, htmx, scheduled):
    first = post(member_client, bob.id, htmx)
    second = post(member_client, bob.id, htmx)
    assert first.status_code in (200, 302)
    assert second.status_code == 200
    assert "You already invited Bob Baker on" in second.content.decode()
    assert ConnectionRequest.objects.count() == 1
    assert len(scheduled) == 1


def test_database_constraint_is_the_last_line(member, bob, scheduled, monkeypatch):
    """A race past the checks still ends as a refusal, not a second row or a 500."""
    from connections.requests import services as request_services
    from connections.requests.selectors import recipient_for_request
    from netiquette.etiquette import Verdict

    ok = Verdict(labels=frozenset(), score=0, action="ok", findings=())
    recipient = recipient_for_request(sender=member, user_id=bob.id)
    request_services.connection_request_send(
        sender=member, recipient=recipient, how_known="colleague", note="", verdict=ok
    )
    monkeypatch.setattr(request_services, "request_refusal", lambda **kwargs: None)
    with pytest.raises(request_services.RequestRefused, match="You already invited Bob Baker"):
        request_services.connection_request_send(
            sender=member, recipient=recipient, how_known="colleague", note="", verdict=ok
        )
    assert ConnectionRequest.objects.count() == 1


def test_anonymous_is_sent_to_log_in(client, bob):
    response = client.get(reverse("connections:request_new", args=[bob.id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
