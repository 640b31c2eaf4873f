"""Managing invitations: received (accept, ignore, don't know, report) and sent (withdraw)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from connections.models import Connection, ConnectionRequest
from connections.profiles.selectors import are_connected
from netiquette.moderation.models import Report, Review
from tests.requests.conftest import HX, PITCH

pytestmark = pytest.mark.postgres

HTMX = [False, True]


def answer(client, name, invitation, htmx):
    url = reverse(f"connections:{name}", args=[invitation.pk])
    return client.post(url, **(HX if htmx else {}))


def test_received_lists_headline_shared_context_and_findings(
    member_client, member, bob, carol, affiliate, connect, invite
):
    affiliate(member, "Acme")
    affiliate(bob, "Acme")
    connect(member, carol)
    connect(bob, carol)
    findings = [
        {
            "rule_id": "sales_pitch.book_a_call",
            "label": "sales_pitch",
            "message": "Asking someone you have not met to book a call reads as a sales pitch.",
            "span": [PITCH.index("book"), PITCH.index("book") + len("book a quick call")],
            "suggestion": "Start with a question about their work instead.",
            "weight": 1.0,
        }
    ]
    invite(bob, member, note=PITCH, findings=findings, action="warn", labels=["sales_pitch"])
    body = member_client.get(reverse("connections:invitations")).content.decode()
    assert "Bob Baker" in body and "Platform lead at Acme" in body
    assert "You share:" in body and "Acme" in body and "1 mutual connection" in body
    assert '<mark class="evidence evidence-sales_pitch"' in body
    assert "<strong>Netiquette noticed:</strong>" in body and ">Sales pitch</span>" in body
    # the coaching was written for Bob, not for the member reading his note
    assert "reads as a sales pitch" not in body and "Try:" not in body
    assert "I don’t know Bob" in body


@pytest.mark.parametrize(
    "how_known,wording",
    [
        ("none", "Says you haven’t met"),
        ("colleague", "Says you worked together"),
        ("met_in_person", "Says you met in person"),
    ],
)
def test_received_invitation_words_how_they_know_you_from_your_side(
    member_client, bob, member, invite, how_known, wording
):
    """The sender's "I don't know them" read as if it were about the recipient (13.8)."""
    invite(bob, member, how_known=how_known)
    body = member_client.get(reverse("connections:invitations")).content.decode()
    assert f" · {wording}</small>" in body
    assert "I don't know them" not in body and "I don’t know them" not in body


def test_invitations_link_to_the_people_with_their_photo_or_initials(
    member_client, member, bob, carol, invite
):
    invite(bob, member)
    invite(member, carol)
    received = member_client.get(reverse("connections:invitations")).content.decode()
    profile = reverse("connections:profile", args=[bob.id])
    assert f'<a href="{profile}" class="invitation-name">Bob Baker</a>' in received
    assert '<span class="avatar avatar-md avatar-initials" aria-hidden="true">BB</span>' in received
    sent = member_client.get(reverse("connections:invitations_sent")).content.decode()
    profile = reverse("connections:profile", args=[carol.id])
    assert f'<a href="{profile}" class="invitation-name">Carol Chen</a>' in sent
    assert '<span class="avatar avatar-md avatar-initials" aria-hidden="true">CC</span>' in sent


def test_received_empty_state_and_nav_count(member_client, member, bob, invite):
    body = member_client.get(reverse("connections:invitations")).content.decode()
    assert "No invitations waiting." in body
    invite(bob, member)
    body = member_client.get(reverse("connections:invitations")).content.decode()
    assert (
        'My network<span id="nav-invitations"> '
        '<span class="badge" title="Invitations waiting">1</span></span>' in body
    )


@pytest.mark.parametrize("name", ["invitation_accept", "invitation_ignore", "invitation_dont_know"])
def test_answering_in_place_updates_the_nav_count(member_client, member, bob, carol, invite, name):
    first = invite(bob, member)
    invite(carol, member)
    body = answer(member_client, name, first, htmx=True).content.decode()
    assert (
        '<span id="nav-invitations" hx-swap-oob="true"> '
        '<span class="badge" title="Invitations waiting">1</span></span>' in body
    )
    second = ConnectionRequest.objects.get(sender=carol, recipient=member)
    body = answer(member_client, name, second, htmx=True).content.decode()
    assert '<span id="nav-invitations" hx-swap-oob="true"></span>' in body  # none left


def test_answering_in_place_counts_the_badges_in_one_query(member_client, member, bob, invite):
    """The out-of-band badge shows the invitations' count: the navigation's counts cost one
    query together (netiquette/core/nav.py), not one per badge."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    invitation = invite(bob, member)
    with CaptureQueriesContext(connection) as queries:
        answer(member_client, "invitation_ignore", invitation, htmx=True)
    counting = [q["sql"] for q in queries if "COUNT(*)" in q["sql"]]
    assert len(counting) == 1 and '"messaging_message"' in counting[0]


def test_nav_counter_is_one_query(member, bob, invite, django_assert_num_queries):
    from netiquette.core.nav import NAV_COUNTERS

    invite(bob, member)
    with django_assert_num_queries(1):
        assert NAV_COUNTERS["invitations"](member) == 1


def test_received_list_query_count_does_not_grow_with_rows(
    member_client, member, make_member, invite, affiliate, django_assert_max_num_queries
):
    affiliate(member, "Acme")
    for _ in range(15):
        sender = make_member()
        affiliate(sender, "Acme")
        invite(sender, member)
    with django_assert_max_num_queries(12):
        response = member_client.get(reverse("connections:invitations"))
    assert response.content.decode().count('class="invitation"') == 15


def test_received_list_is_paginated(member_client, member, make_member, invite):
    for _ in range(23):
        invite(make_member(), member)
    first = member_client.get(reverse("connections:invitations")).content.decode()
    assert first.count('class="invitation"') == 20 and "Page 1 of 2" in first
    second = member_client.get(reverse("connections:invitations"), {"page": 2}, **HX)
    body = second.content.decode()
    assert body.count('class="invitation"') == 3 and "<html" not in body
    assert member_client.get(reverse("connections:invitations"), {"page": "x"}).status_code == 200


@pytest.mark.parametrize("htmx", HTMX)
def test_accept_creates_the_connection(member_client, member, bob, invite, htmx):
    invitation = invite(bob, member)
    crossing = invite(member, bob)
    response = answer(member_client, "invitation_accept", invitation, htmx)
    invitation.refresh_from_db()
    crossing.refresh_from_db()
    assert invitation.status == "accepted" and invitation.responded_at is not None
    assert crossing.status == "accepted"
    assert are_connected(user_a_id=member.id, user_b_id=bob.id)
    assert Connection.objects.count() == 1
    if htmx:
        body = response.content.decode()
        assert f'id="invitation-{invitation.pk}"' in body
        assert "You are now connected with Bob Baker." in body
    else:
        assert response.status_code == 302
        page = member_client.get(response["Location"]).content.decode()
        assert "You are now connected with Bob Baker." in page


@pytest.mark.parametrize("htmx", HTMX)
def test_accepting_twice_says_so_and_changes_nothing(member_client, member, bob, invite, htmx):
    invitation = invite(bob, member)
    answer(member_client, "invitation_accept", invitation, htmx)
    response = answer(member_client, "invitation_ignore", invitation, htmx)
    if not htmx:
        response = member_client.get(response["Location"])
    assert "This invitation is already accepted." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and Connection.objects.count() == 1


@pytest.mark.parametrize("htmx", HTMX)
def test_ignore(member_client, member, bob, invite, htmx):
    invitation = invite(bob, member)
    response = answer(member_client, "invitation_ignore", invitation, htmx)
    invitation.refresh_from_db()
    assert invitation.status == "ignored"
    assert not Connection.objects.exists()
    if htmx:
        assert "Ignored Bob Baker’s invitation." in response.content.decode()


@pytest.mark.parametrize("htmx", HTMX)
def test_dont_know(member_client, member, bob, invite, htmx):
    invitation = invite(bob, member)
    response = answer(member_client, "invitation_dont_know", invitation, htmx)
    invitation.refresh_from_db()
    assert invitation.status == "dont_know"
    assert not Connection.objects.exists()
    if htmx:
        assert "Marked: you don’t know Bob Baker." in response.content.decode()


@pytest.mark.parametrize("htmx", HTMX)
def test_report_as_spam_opens_one_review(member_client, member, bob, invite, htmx):
    invitation = invite(
        bob,
        member,
        note=PITCH,
        score=1.0,
        labels=["sales_pitch"],
        action="warn",
        findings=[{"rule_id": "sales_pitch.book_a_call", "label": "sales_pitch"}],
    )
    response = answer(member_client, "invitation_report", invitation, htmx)
    invitation.refresh_from_db()
    assert invitation.status == "spam"
    report = Report.objects.get()
    assert (report.reporter, report.connection_request) == (member, invitation)
    review = Review.objects.get()
    assert review.connection_request == invitation and review.sender == bob
    assert review.labels == ["sales_pitch"]
    assert review.rule_ids == ["sales_pitch.book_a_call"]
    # A second report (double submit) neither errors nor duplicates anything.
    answer(member_client, "invitation_report", invitation, htmx)
    assert Report.objects.count() == 1 and Review.objects.count() == 1
    if htmx:
        assert "Reported Bob Baker’s invitation as spam." in response.content.decode()


# --- sent ---------------------------------------------------------------------------------


def test_sent_lists_pending_with_age(member_client, member, bob, carol, invite):
    invite(member, bob, age=timedelta(days=10), note="See you at PyCon")
    invite(member, carol, status="accepted")
    body = member_client.get(reverse("connections:invitations_sent")).content.decode()
    assert "Bob Baker" in body and "Sent 1\xa0week, 3\xa0days ago" in body
    assert "See you at PyCon" in body
    assert "Carol Chen" not in body


def test_sent_empty_state(member_client):
    body = member_client.get(reverse("connections:invitations_sent")).content.decode()
    assert "No pending invitations." in body


@pytest.mark.parametrize("htmx", HTMX)
def test_withdraw_one(member_client, member, bob, invite, htmx):
    invitation = invite(member, bob)
    response = member_client.post(
        reverse("connections:invitation_withdraw", args=[invitation.pk]), **(HX if htmx else {})
    )
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn" and invitation.responded_at is not None
    if htmx:
        assert "Withdrew your invitation to Bob Baker." in response.content.decode()
    else:
        assert response["Location"] == reverse("connections:invitations_sent")


@pytest.mark.parametrize("htmx", HTMX)
def test_withdraw_older_than_a_chosen_age(member_client, member, make_member, invite, htmx):
    old = [invite(member, make_member(), age=timedelta(days=40)) for _ in range(3)]
    recent = invite(member, make_member(), age=timedelta(days=3))
    answered = invite(member, make_member(), age=timedelta(days=60), status="ignored")
    someone_elses = invite(make_member(), make_member(), age=timedelta(days=60))
    response = member_client.post(
        reverse("connections:invitations_withdraw_older"),
        {"older_than_days": "30"},
        **(HX if htmx else {}),
    )
    statuses = dict(ConnectionRequest.objects.values_list("pk", "status"))
    assert all(statuses[i.pk] == "withdrawn" for i in old)
    assert statuses[recent.pk] == "pending"
    assert statuses[answered.pk] == "ignored"
    assert statuses[someone_elses.pk] == "pending"
    if not htmx:
        response = member_client.get(response["Location"])
    body = response.content.decode()
    assert "Withdrew 3 invitations older than 1 month." in body
    assert body.count('class="invitation"') == 1


@pytest.mark.parametrize("htmx", HTMX)
def test_withdraw_older_with_bad_age(member_client, member, bob, invite, htmx):
    invitation = invite(member, bob, age=timedelta(days=400))
    response = member_client.post(
        reverse("connections:invitations_withdraw_older"),
        {"older_than_days": "-5"},
        **(HX if htmx else {}),
    )
    if not htmx:
        response = member_client.get(response["Location"])
    assert "Choose how old the invitations to withdraw should be." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_sent_list_query_count_does_not_grow_with_rows(
    member_client, member, make_member, invite, page_queries, django_assert_num_queries
):
    for _ in range(15):
        invite(member, make_member())
    # + the count and the page (with each recipient's profile)
    with django_assert_num_queries(page_queries + 2):
        response = member_client.get(reverse("connections:invitations_sent"))
    assert response.content.decode().count('class="invitation"') == 15


@pytest.mark.parametrize(
    "status,wording",
    [
        ("dont_know", "You answered that you don’t know Bob."),
        ("accepted", "You have answered: accepted."),
        ("withdrawn", "Bob withdrew this invitation."),
    ],
)
def test_an_answered_invitation_says_what_became_of_it_in_plain_words(
    member_client, member, bob, invite, status, wording
):
    """QA: "You answered: i don't know this person." (the choice's label, lowercased)."""
    invitation = invite(bob, member, status=status)
    url = reverse("connections:invitation_accept", args=[invitation.pk])
    body = member_client.get(url).content.decode()
    assert wording in body
