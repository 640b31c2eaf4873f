"""A home page for a signed-in member (issue 13): invitations waiting, unread messages, people
they may know (ranked, with the reason shown), and their profile's checklist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connections.models import Affiliation, Block, Connection, ConnectionRequest, Organisation
from connections.network.selectors import people_you_may_know
from connections.profiles.selectors import connection_pair

pytestmark = pytest.mark.django_db


def connect(a, b):
    low, high = connection_pair(a.id, b.id)
    Connection.objects.create(user_low_id=low, user_high_id=high)


def affiliate(user, name, kind="company"):
    organisation, _ = Organisation.objects.get_or_create(kind=kind, name=name)
    affiliation_kind = {"company": "position", "school": "education"}.get(kind, "membership")
    Affiliation.objects.create(
        profile=user.profile, organisation=organisation, kind=affiliation_kind
    )


@pytest.fixture
def network(member, make_member):
    """Who the member may know: a colleague, a classmate with a mutual friend, a stranger."""
    colleague = make_member("cole", name="Cole Colleague")
    classmate = make_member("clara", name="Clara Classmate")
    friend = make_member("fred", name="Fred Friend")
    stranger = make_member("sid", name="Sid Stranger")
    invited = make_member("ivy", name="Ivy Invited")
    affiliate(member, "Acme")
    affiliate(colleague, "Acme")
    affiliate(member, "Leeds Data Group", "group")
    affiliate(colleague, "Leeds Data Group", "group")
    affiliate(member, "Leeds University", "school")
    affiliate(classmate, "Leeds University", "school")
    affiliate(invited, "Acme")
    connect(member, friend)
    connect(friend, classmate)
    ConnectionRequest.objects.create(sender=member, recipient=invited)
    return {"colleague": colleague, "classmate": classmate, "friend": friend, "stranger": stranger}


def test_people_you_may_know_are_ranked_with_their_reasons(member, network):
    suggestions = people_you_may_know(user_id=member.id)
    assert [(s.profile.name, s.reasons) for s in suggestions] == [
        ("Cole Colleague", ["You both worked at Acme", "You are both in Leeds Data Group"]),
        ("Clara Classmate", ["You both studied at Leeds University", "1 mutual connection"]),
    ]  # not the connected friend, the stranger, nor someone already invited


def test_blocks_either_way_leave_people_out(member, network):
    Block.objects.create(blocker=network["colleague"], blocked=member)
    Block.objects.create(blocker=member, blocked=network["classmate"])
    assert people_you_may_know(user_id=member.id) == []


def test_the_home_page_brings_it_together(member_client, member, network, make_member):
    bob = make_member("bob", name="Bob Baker")
    ConnectionRequest.objects.create(sender=bob, recipient=member, how_known="met_in_person")
    body = member_client.get(reverse("home")).content.decode()
    assert "<h1>Good to see you, Alice</h1>" in body
    assert "Bob Baker" in body and "Says you met in person" in body
    accept = reverse(
        "connections:invitation_accept", args=[ConnectionRequest.objects.get(sender=bob).pk]
    )
    assert f'action="{accept}"' in body
    assert "Cole Colleague" in body and "You both worked at Acme" in body
    assert "You both studied at Leeds University · 1 mutual connection" in body
    assert "Profile checklist" in body
    assert "You are all caught up." in body


def test_a_visitor_gets_the_welcome(client):
    body = client.get(reverse("home")).content.decode()
    assert "A professional network with manners" in body


def test_the_home_page_costs_a_fixed_number_of_queries(
    member_client, member, network, make_member, page_queries, django_assert_num_queries
):
    for i in range(5):
        ConnectionRequest.objects.create(sender=make_member(f"x{i}"), recipient=member)
    # + profile, invitations, unread threads, suggestions (shared, mutual, profiles), the
    # checklist's positions (with their organisations), the connection count
    with django_assert_num_queries(page_queries + 8):
        member_client.get(reverse("home"))


def test_an_unread_conversation_whose_last_word_is_yours_says_so(
    member_client, member, make_member
):
    """QA: the home page showed the member's own reply as if the other had written it."""
    from messaging.models import Message, Thread

    bob = make_member("bob", name="Bob Baker")
    low, high = sorted([member.pk, bob.pk])
    thread = Thread.objects.create(user_low_id=low, user_high_id=high)
    Message.objects.create(thread=thread, sender=bob, recipient=member, text="Coffee on Friday?")
    Message.objects.create(thread=thread, sender=member, recipient=bob, text="Friday works.")
    body = member_client.get(reverse("home")).content.decode()
    assert '<span class="thread-preview">You: Friday works.</span>' in body
