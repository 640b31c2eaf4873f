"""Text direction overrides never reach what others read (QA: a name with U+202E turned the
site's own "… invited you to connect." backwards, and a message showed the moderator a
reversed text as evidence); names must be visible."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest, Profile
from messaging.models import Message
from netiquette.core.text import has_visible_text, without_bidi_controls
from tests.connections.test_auth import signup_data
from tests.connections.test_people import blank_row

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def test_direction_controls_go_and_marks_and_scripts_stay():
    assert without_bidi_controls(f"{RLO}Dana Demo{PDF}") == "Dana Demo"
    assert without_bidi_controls(f"{LRI}x{PDI}") == "x"
    hebrew_with_mark = "\u05e9\u05dc\u05d5\u05dd\u200f!"  # RLM places the "!" correctly
    assert without_bidi_controls(hebrew_with_mark) == hebrew_with_mark
    arabic = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643"
    assert without_bidi_controls(arabic) == arabic
    assert not has_visible_text("\u200b\u200b\u200d ") and has_visible_text("\u05e9")


@pytest.mark.django_db
def test_sign_up_removes_overrides_from_the_name_and_refuses_an_invisible_one(client):
    response = client.post(reverse("signup"), signup_data(name=f"{RLO}Dana Demo"))
    assert response.status_code == 302
    assert Profile.objects.get(user__username="newbie").name == "Dana Demo"
    client.logout()
    invisible = signup_data(username="ghost", email="g@example.com", name="\u200b\u200b\u200b")
    response = client.post(reverse("signup"), invisible)
    assert response.status_code == 200
    assert "Please give a name people can read." in response.content.decode()
    assert not Profile.objects.filter(user__username="ghost").exists()


@pytest.mark.django_db
def test_profile_edit_removes_overrides(member, member_client):
    data = {
        "profile-name": f"Alice {RLO}Archer",
        "profile-headline": f"{RLO}reenigne ataD",
        "history-TOTAL_FORMS": "1",
        "history-INITIAL_FORMS": "0",
        **blank_row(0),
    }
    assert member_client.post(reverse("connections:profile_edit"), data).status_code == 302
    member.profile.refresh_from_db()
    assert (member.profile.name, member.profile.headline) == ("Alice Archer", "reenigne ataD")


@pytest.mark.django_db
def test_messages_and_notes_are_stored_without_overrides(member, member_client, make_member):
    from tests.messaging.conftest import connect

    friend, stranger = make_member("fran"), make_member("stan")
    connect(member, friend)
    text = f"Thanks for the intro {RLO}yesterday{PDF}, see you at the meetup."
    member_client.post(
        reverse("messaging:send", args=[friend.id]),
        {"text": text, "client_token": str(uuid.uuid4())},
    )
    assert Message.objects.get().text == "Thanks for the intro yesterday, see you at the meetup."
    note = f"We met at the {RLO}Leeds data meetup last week."
    member_client.post(
        reverse("connections:request_new", args=[stranger.id]),
        {"how_known": "met_in_person", "note": note},
    )
    assert ConnectionRequest.objects.get().note == "We met at the Leeds data meetup last week."
