"""How a member stands with others (issue 13.4), their network page, and blocking (issue 13:
"Block a member: they can no longer invite or message you, and that is tested")."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from connections.models import Block, Connection, ConnectionRequest
from connections.network import services
from messaging.models import Message

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("connections:directory")
NETWORK = reverse("connections:network")


@pytest.fixture
def people(make_member, member, connect):
    """Bob invited by the member, Carol inviting the member, Dan connected, Erin a stranger."""
    bob = make_member("bob", name="Bob Baker")
    carol = make_member("carol", name="Carol Chen")
    dan = make_member("dan", name="Dan Dale")
    erin = make_member("erin", name="Erin Eames")
    sent = ConnectionRequest.objects.create(sender=member, recipient=bob, how_known="colleague")
    received = ConnectionRequest.objects.create(sender=carol, recipient=member, how_known="friend")
    connect(member, dan)
    return {
        "bob": bob,
        "carol": carol,
        "dan": dan,
        "erin": erin,
        "sent": sent,
        "received": received,
    }


def card(body: str, name: str) -> str:
    """The directory card of one person."""
    start = body.index(f">{name}</a>")
    return body[start : body.index("</li>", start)]


def test_directory_shows_pending_accept_message_and_connect(member_client, people):
    body = member_client.get(DIRECTORY).content.decode()
    bob, carol, dan, erin = (
        card(body, n) for n in ("Bob Baker", "Carol Chen", "Dan Dale", "Erin Eames")
    )
    withdraw = reverse("connections:invitation_withdraw", args=[people["sent"].pk])
    accept = reverse("connections:invitation_accept", args=[people["received"].pk])
    assert '<span class="tag tag-pending">Pending</span>' in bob and f'action="{withdraw}"' in bob
    assert ">Connect<" not in bob
    assert (
        f'action="{accept}"' in carol and ">Accept</button>" in carol and ">Connect<" not in carol
    )
    compose = reverse("messaging:compose", args=[people["dan"].id])
    assert f'<a href="{compose}" role="button">Message</a>' in dan and ">Connect<" not in dan
    connect_url = reverse("connections:request_new", args=[people["erin"].id])
    assert f'<a href="{connect_url}" role="button" class="outline">Connect</a>' in erin


def test_directory_queries_are_pinned(
    member_client, people, make_member, page_queries, django_assert_num_queries
):
    # + the count, the page with each person's relationship, their current positions
    with django_assert_num_queries(page_queries + 3):
        member_client.get(DIRECTORY)
    for i in range(15):
        make_member(f"more{i}")
    with django_assert_num_queries(page_queries + 3):
        member_client.get(DIRECTORY)


def test_withdrawing_from_a_profile_returns_to_it_and_it_says_connect_again(member_client, people):
    bob = people["bob"]
    profile_url = reverse("connections:profile", args=[bob.id])
    page = member_client.get(profile_url).content.decode()
    assert '<span class="tag tag-pending">Pending</span>' in page
    withdraw = reverse("connections:invitation_withdraw", args=[people["sent"].pk])
    response = member_client.post(withdraw, {"next": profile_url})
    assert response.status_code == 302 and response["Location"] == profile_url
    page = member_client.get(profile_url).content.decode()
    assert "Withdrew your invitation to Bob Baker." in page
    assert ">Connect</a>" in page and "tag-pending" not in page


def test_accepting_from_a_profile_shows_message(member_client, people):
    carol = people["carol"]
    profile_url = reverse("connections:profile", args=[carol.id])
    accept = reverse("connections:invitation_accept", args=[people["received"].pk])
    response = member_client.post(accept, {"next": profile_url})
    assert response["Location"] == profile_url
    page = member_client.get(profile_url).content.decode()
    assert "You are now connected with Carol Chen." in page
    compose = reverse("messaging:compose", args=[carol.id])
    assert '<span class="tag tag-connected">Connected</span>' in page
    assert f'<a href="{compose}" role="button">Message</a>' in page


@pytest.mark.parametrize("target", ["https://evil.example/", "²", "home", "//evil.example/x"])
def test_next_must_be_a_page_of_this_site(member_client, people, target):
    """Another site, and a bare word (which redirect() would try as a URL name: a 500 found by
    the odd-input tests), both fall back to the page the button belongs to."""
    withdraw = reverse("connections:invitation_withdraw", args=[people["sent"].pk])
    response = member_client.post(withdraw, {"next": target})
    assert response["Location"] == reverse("connections:invitations_sent")


# --- my network --------------------------------------------------------------------------------


def test_network_lists_connections_with_a_count_and_searches_within_them(
    member_client, member, make_member, connect, affiliate
):
    for name in ("Ann Archer", "Ben Brown", "Cleo Cole"):
        friend = make_member(name.split()[0].lower(), name=name)
        connect(member, friend)
    affiliate(make_member("ben2", name="Ben Stranger"), "Acme")
    body = member_client.get(NETWORK).content.decode()
    assert '<p class="muted network-count">3 connections.</p>' in body
    assert "Ann Archer" in body and "Cleo Cole" in body and "Ben Stranger" not in body
    found = member_client.get(NETWORK, {"q": "ben"}).content.decode()
    assert "1 of your 3 connections matches “ben”." in found
    assert "Ben Brown" in found and "Ann Archer" not in found and "Ben Stranger" not in found
    none = member_client.get(NETWORK, {"q": "zebra"}).content.decode()
    assert "None of your connections matches “zebra”." in none


def test_network_empty_state(member_client):
    body = member_client.get(NETWORK).content.decode()
    assert "0 connections." in body and "No connections yet." in body


def test_network_queries_are_pinned(
    member_client, member, make_member, connect, page_queries, django_assert_num_queries
):
    def grow(n, start):
        for i in range(start, start + n):
            connect(member, make_member(f"friend{i}"))

    grow(2, 0)
    # + the count, the page (with when each connection began), their current positions
    with django_assert_num_queries(page_queries + 3):
        member_client.get(NETWORK)
    grow(18, 2)
    with django_assert_num_queries(page_queries + 3):
        member_client.get(NETWORK)


def test_remove_a_connection(member_client, member, people):
    dan = people["dan"]
    response = member_client.post(reverse("connections:connection_remove", args=[dan.id]))
    assert response["Location"] == NETWORK
    assert not Connection.objects.exists()
    assert (
        "You are no longer connected with Dan Dale." in member_client.get(NETWORK).content.decode()
    )


# --- blocking ------------------------------------------------------------------------------------


def test_a_blocked_member_can_no_longer_invite_or_message(member, member_client, people):
    erin = people["erin"]
    member_client.post(reverse("connections:block", args=[erin.id]))
    assert Block.objects.filter(blocker=member, blocked=erin).exists()
    erin_client = Client()
    erin_client.force_login(erin)
    # Invite: refused with a reason, nothing stored.
    invite = erin_client.post(
        reverse("connections:request_new", args=[member.id]), {"how_known": "colleague"}
    )
    assert "You can’t invite Alice Archer." in invite.content.decode()
    assert not ConnectionRequest.objects.filter(sender=erin).exists()
    # Message: the compose page and the send refuse; nothing stored.
    compose = erin_client.get(reverse("messaging:compose", args=[member.id]))
    assert compose.status_code == 403
    assert "You can’t send messages to Alice Archer." in compose.content.decode()
    data = {"text": "Hello", "client_token": str(uuid.uuid4())}
    send = erin_client.post(reverse("messaging:send", args=[member.id]), data)
    assert send.status_code == 403
    assert not Message.objects.exists()
    # And the blocker no longer shows up for them.
    assert "Alice Archer" not in erin_client.get(DIRECTORY).content.decode()
    assert erin_client.get(reverse("connections:profile", args=[member.id])).status_code == 404


def test_the_blocker_is_told_how_to_undo_it(member, member_client, people):
    erin = people["erin"]
    services.member_block(blocker=member, blocked_id=erin.id)
    page = member_client.get(reverse("connections:request_new", args=[erin.id])).content.decode()
    assert "You blocked Erin Eames. Unblock them from their profile to invite them." in page
    profile = member_client.get(reverse("connections:profile", args=[erin.id])).content.decode()
    assert '<span class="tag tag-blocked">Blocked</span>' in profile and "Unblock Erin" in profile
    blocked = member_client.get(reverse("connections:blocked")).content.decode()
    assert "Erin Eames" in blocked
    member_client.post(reverse("connections:unblock", args=[erin.id]))
    assert not Block.objects.exists()
    assert (
        "You have not blocked anyone."
        in member_client.get(reverse("connections:blocked")).content.decode()
    )


def test_blocking_ends_the_connection_and_the_invitations_between_them(member, people):
    for other in (people["dan"], people["bob"], people["carol"]):
        services.member_block(blocker=member, blocked_id=other.id)
    assert not Connection.objects.exists()
    people["sent"].refresh_from_db()
    people["received"].refresh_from_db()
    assert people["sent"].status == "withdrawn" and people["received"].status == "ignored"
    services.member_block(blocker=member, blocked_id=people["dan"].id)  # twice: one block
    assert Block.objects.filter(blocked=people["dan"]).count() == 1


def test_a_thread_with_a_blocked_member_has_no_reply_box(member, people, client):
    from messaging.models import Thread
    from messaging.selectors import thread_pair

    dan = people["dan"]
    low, high = thread_pair(member.id, dan.id)
    thread = Thread.objects.create(user_low_id=low, user_high_id=high)
    services.member_block(blocker=dan, blocked_id=member.id)
    client.force_login(member)
    page = client.get(reverse("messaging:thread", args=[thread.id])).content.decode()
    assert "You can’t send messages to Dan Dale." in page
    assert 'id="compose-form"' not in page


def test_nobody_blocks_themselves(member, member_client):
    member_client.post(reverse("connections:block", args=[member.id]))
    assert not Block.objects.exists()


def test_check_wording_without_javascript_is_refused_for_a_blocked_pair(member, people):
    services.member_block(blocker=people["erin"], blocked_id=member.id)
    client = Client()
    client.force_login(member)
    response = client.post(reverse("messaging:check", args=[people["erin"].id]), {"text": "Hi"})
    assert response.status_code == 403
    assert "You can’t send messages to Erin Eames." in response.content.decode()
