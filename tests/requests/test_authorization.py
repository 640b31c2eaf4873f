"""Nobody reads, answers, withdraws or reports what is not theirs: 404 for every URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest

pytestmark = pytest.mark.postgres

RECIPIENT_ACTIONS = [
    "invitation_accept",
    "invitation_ignore",
    "invitation_dont_know",
    "invitation_report",
]


@pytest.fixture
def bobs_invitation_to_carol(bob, carol, invite):
    return invite(bob, carol)


@pytest.mark.parametrize("name", RECIPIENT_ACTIONS)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_third_party_cannot_answer(member_client, bobs_invitation_to_carol, name, htmx):
    url = reverse(f"connections:{name}", args=[bobs_invitation_to_carol.pk])
    response = member_client.post(url, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
    assert response.status_code == 404
    bobs_invitation_to_carol.refresh_from_db()
    assert bobs_invitation_to_carol.status == "pending"


@pytest.mark.parametrize("name", RECIPIENT_ACTIONS)
def test_the_sender_cannot_answer_their_own_invitation(bob_client, bobs_invitation_to_carol, name):
    url = reverse(f"connections:{name}", args=[bobs_invitation_to_carol.pk])
    assert bob_client.post(url).status_code == 404
    bobs_invitation_to_carol.refresh_from_db()
    assert bobs_invitation_to_carol.status == "pending"


@pytest.mark.parametrize("name", [*RECIPIENT_ACTIONS, "invitation_withdraw"])
def test_missing_ids_are_404(member_client, name):
    assert member_client.post(reverse(f"connections:{name}", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["member", "recipient"])
def test_only_the_sender_can_withdraw(client, member, carol, bobs_invitation_to_carol, who):
    client.force_login(member if who == "member" else carol)
    url = reverse("connections:invitation_withdraw", args=[bobs_invitation_to_carol.pk])
    assert client.post(url).status_code == 404
    bobs_invitation_to_carol.refresh_from_db()
    assert bobs_invitation_to_carol.status == "pending"


def test_bulk_withdraw_touches_only_ones_own(member_client, bobs_invitation_to_carol):
    ConnectionRequest.objects.update(created_at="2000-01-01T00:00:00Z")
    member_client.post(reverse("connections:invitations_withdraw_older"), {"older_than_days": 7})
    bobs_invitation_to_carol.refresh_from_db()
    assert bobs_invitation_to_carol.status == "pending"


def test_lists_show_only_ones_own(member_client, bobs_invitation_to_carol):
    received = member_client.get(reverse("connections:invitations")).content.decode()
    sent = member_client.get(reverse("connections:invitations_sent")).content.decode()
    assert "Bob Baker" not in received and "Carol Chen" not in received
    assert "Bob Baker" not in sent and "Carol Chen" not in sent


def test_live_check_for_missing_member_is_404(member_client):
    url = reverse("connections:request_check", args=[999999])
    assert member_client.post(url, {"note": "hi"}).status_code == 404
    assert member_client.post(url, {"note": "hi"}, HTTP_HX_REQUEST="true").status_code == 404


@pytest.mark.parametrize(
    "name,args",
    [
        ("request_new", "user"),
        ("request_check", "user"),
        ("invitations", None),
        ("invitations_sent", None),
        ("invitation_accept", "inv"),
        ("invitation_withdraw", "inv"),
        ("invitations_withdraw_older", None),
    ],
)
def test_anonymous_is_sent_to_log_in(client, bob, bobs_invitation_to_carol, name, args):
    arg = {"user": [bob.id], "inv": [bobs_invitation_to_carol.pk], None: []}[args]
    url = reverse(f"connections:{name}", args=arg)
    response = (
        client.post(url) if name.startswith(("invitation_", "invitations_w")) else client.get(url)
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", [*RECIPIENT_ACTIONS, "invitation_withdraw"])
def test_an_action_opened_as_a_link_shows_the_invitation_and_changes_nothing(
    member_client, member, bob, invite, name
):
    """A GET on an action address used to be a blank 405 ("This page isn't working"): it now
    shows the invitation with its buttons (issue 13.7), and still changes nothing."""
    invitation = invite(bob, member) if name != "invitation_withdraw" else invite(member, bob)
    url = reverse(f"connections:{name}", args=[invitation.pk])
    response = member_client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    heading = (
        "Your invitation to Bob Baker"
        if name == "invitation_withdraw"
        else ("Invitation from Bob Baker")
    )
    assert f"<h1>{heading}</h1>" in body
    assert f'<form method="post" action="{url}"' in body
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_an_invitation_of_someone_else_opened_as_a_link_is_404(member_client, bob, carol, invite):
    invitation = invite(bob, carol)
    url = reverse("connections:invitation_accept", args=[invitation.pk])
    assert member_client.get(url).status_code == 404
