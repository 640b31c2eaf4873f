"""Sending a connection request: the form, the re-check on submit, warnings and blocks."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest
from netiquette.core.models import WarningEvent
from tests.engine_helpers import evidence_html, finding_messages, rule_ids
from tests.requests.conftest import CLEAN, HX, PITCH
from tests.requests.verdicts import note_verdict

pytestmark = pytest.mark.postgres


def url_new(user):
    return reverse("connections:request_new", args=[user.id])


def test_form_asks_how_you_know_and_shows_shared_context(
    member_client, member, bob, carol, affiliate, connect
):
    affiliate(member, "Acme")
    affiliate(bob, "Acme")
    affiliate(member, "PyCon Lisbon", kind="event")
    affiliate(bob, "PyCon Lisbon", kind="event")
    connect(member, carol)
    connect(bob, carol)
    response = member_client.get(url_new(bob))
    body = response.content.decode()
    assert response.status_code == 200
    assert "How do you know Bob Baker?" in body
    assert "I don’t know Bob" in body
    assert "Employers" in body and "Acme" in body
    assert "Events" in body and "PyCon Lisbon" in body
    assert "Mutual connections (1)" in body and "Carol Chen" in body
    assert 'data-max-length="300"' in body
    assert "maxlength" not in body  # a pasted note is never cut short without a word
    assert "0 / 300" in body
    assert f'hx-post="{reverse("connections:request_check", args=[bob.id])}"' in body
    assert 'hx-trigger="input delay:300ms, change delay:300ms"' in body  # debounced
    assert 'hx-target="#note-findings"' in body  # swaps the findings, never the textarea
    assert 'name="draft_token"' in body


@pytest.mark.parametrize("htmx", [False, True])
def test_request_with_clean_note_is_sent(member_client, member, bob, scheduled, htmx):
    headers = HX if htmx else {}
    response = member_client.post(
        url_new(bob), {"how_known": "met_in_person", "note": CLEAN}, **headers
    )
    invitation = ConnectionRequest.objects.get()
    assert (invitation.sender, invitation.recipient) == (member, bob)
    assert invitation.note == CLEAN and invitation.how_known == "met_in_person"
    assert invitation.status == "pending"
    assert invitation.action == "ok" and invitation.scored_at is None
    assert scheduled == [{"kind": "request", "pk": invitation.pk, "in_atomic": True}]
    if htmx:
        assert response.status_code == 200
        assert "Invitation sent to Bob Baker." in response.content.decode()
        assert "<html" not in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("connections:invitations_sent")
        page = member_client.get(response["Location"]).content.decode()
        assert "Invitation sent to Bob Baker." in page
        assert "Bob Baker" in page


@pytest.mark.parametrize("htmx", [False, True])
def test_request_without_note_is_sent(member_client, bob, scheduled, htmx):
    response = member_client.post(
        url_new(bob), {"how_known": "colleague", "note": ""}, **(HX if htmx else {})
    )
    assert response.status_code == (200 if htmx else 302)
    invitation = ConnectionRequest.objects.get()
    assert invitation.note == "" and invitation.how_known == "colleague"


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("action", ["warn", "flag"])
def test_pitch_warns_with_edit_and_send_anyway_then_sends_anyway(
    member_client, member, bob, scheduled, engine_action, action, htmx
):
    engine_action(action)
    verdict = note_verdict(sender=member, recipient=bob, text=PITCH, how_known="none")
    assert verdict.action == action
    headers = HX if htmx else {}
    token = uuid.uuid4()
    data = {"how_known": "none", "note": PITCH, "draft_token": str(token)}
    response = member_client.post(url_new(bob), data, **headers)
    body = response.content.decode()
    assert response.status_code == 200
    assert not ConnectionRequest.objects.exists()
    assert "Before you send" in body
    assert ">Edit</a>" in body and "Send anyway" in body
    assert evidence_html(PITCH, verdict.findings) in body
    assert all(message in body for message in finding_messages(verdict.findings))
    event = WarningEvent.objects.get(draft_token=token)
    assert event.outcome == "" and event.kind == "request_note"
    assert event.rule_ids == rule_ids(verdict) and event.worst_action == action

    response = member_client.post(url_new(bob), {**data, "intent": "send_anyway"}, **headers)
    assert response.status_code == (200 if htmx else 302)
    invitation = ConnectionRequest.objects.get()
    assert invitation.action == action
    assert invitation.labels == sorted(verdict.labels)
    assert [f["rule_id"] for f in invitation.findings] == [f.rule_id for f in verdict.findings]
    event.refresh_from_db()
    assert event.outcome == "sent_anyway"
    assert WarningEvent.objects.count() == 1


def test_warning_edited_until_clean_records_edited(
    member_client, member, bob, scheduled, engine_action
):
    """The send re-check stops the pitch (that is when the warning is recorded); the member
    edits the note until it is clean and sends it with the same draft token."""
    engine_action("warn")
    token = str(uuid.uuid4())
    check_url = reverse("connections:request_check", args=[bob.id])
    member_client.post(check_url, {"note": PITCH, "how_known": "none", "draft_token": token}, **HX)
    assert not WarningEvent.objects.exists()  # typing records nothing
    member_client.post(url_new(bob), {"how_known": "none", "note": PITCH, "draft_token": token})
    assert WarningEvent.objects.get(draft_token=token).outcome == ""
    assert not ConnectionRequest.objects.exists()
    member_client.post(
        url_new(bob), {"how_known": "met_in_person", "note": CLEAN, "draft_token": token}
    )
    assert ConnectionRequest.objects.get().note == CLEAN
    event = WarningEvent.objects.get(draft_token=token)
    assert event.outcome == "edited"
    assert PITCH not in str(vars(event).values())


@pytest.mark.parametrize("htmx", [False, True])
def test_block_refuses_with_the_reason_and_send_anyway_cannot_override(
    member_client, member, bob, scheduled, engine_action, htmx
):
    engine_action("block")
    verdict = note_verdict(sender=member, recipient=bob, text=PITCH, how_known="none")
    token = uuid.uuid4()
    data = {"how_known": "none", "note": PITCH, "intent": "send_anyway", "draft_token": token}
    response = member_client.post(url_new(bob), data, **(HX if htmx else {}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This note can’t be sent as it is" in body
    # Each reason once, in the findings list: the refusal does not repeat them (issue 13.8).
    assert all(body.count(message) == 1 for message in finding_messages(verdict.findings))
    assert "Send anyway" not in body
    assert not ConnectionRequest.objects.exists()
    assert scheduled == []
    event = WarningEvent.objects.get(draft_token=token)
    assert (event.outcome, event.worst_action) == ("", "block")


def test_submit_context_comes_from_the_real_relationship(
    member_client, member, bob, affiliate, monkeypatch, scheduled
):
    from connections.requests import services as request_services

    seen = []
    real = request_services.note_check

    def spy(*, text, context):
        seen.append(context)
        return real(text=text, context=context)

    monkeypatch.setattr(request_services, "note_check", spy)
    member.profile.is_recruiter = True
    member.profile.save()
    bob.profile.open_to_work = True
    bob.profile.save()
    affiliate(member, "MIT", kind="school")
    affiliate(bob, "MIT", kind="school")
    member_client.post(url_new(bob), {"how_known": "classmate", "note": CLEAN})
    (context,) = seen
    assert context.first_contact is True and context.connected is False
    assert context.how_known == "classmate"
    assert context.sender_role == "recruiter"
    assert context.recipient_open_to_work is True
    assert context.shared == ("school:MIT",)
    assert context.recent_requests == 0


def test_an_empty_note_to_a_stranger_is_coached_before_sending(member_client, bob, scheduled):
    """An empty note with "I don't know Bob" showed "✓ Looks professional" while "Hi, let's
    connect" was flagged (issue 13.8)."""
    check = member_client.post(
        reverse("connections:request_check", args=[bob.id]),
        {"note": "", "how_known": "none"},
        **HX,
    ).content.decode()
    assert "Looks professional" not in check
    assert "They do not know you" in check
    sent = member_client.post(url_new(bob), {"note": "", "how_known": "none"})
    assert "Before you send" in sent.content.decode()
    assert not ConnectionRequest.objects.exists()
    known = member_client.post(url_new(bob), {"note": "", "how_known": "colleague"})
    assert known.status_code == 302
