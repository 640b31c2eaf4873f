"""Notifications of new invitations, accepted invitations and moderator warnings, with a count
in the navigation (issue 13)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from connections.models import ConnectionRequest
from netiquette.core import notifications as news

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


def badge(body: str) -> str:
    start = body.index('<span id="nav-notifications">')
    return body[start : body.index("</a>", start)]


def test_invitations_and_acceptances_are_news_until_seen(member_client, member, make_member):
    bob = make_member("bob", name="Bob Baker")
    carol = make_member("carol", name="Carol Chen")
    ConnectionRequest.objects.create(sender=bob, recipient=member, how_known="none")
    mine = ConnectionRequest.objects.create(sender=member, recipient=carol, how_known="colleague")
    ConnectionRequest.objects.filter(pk=mine.pk).update(
        status="accepted", responded_at=timezone.now()
    )
    body = member_client.get(LIST).content.decode()
    assert '<span class="badge" title="New notifications">2</span>' in badge(body)
    assert "Bob Baker invited you to connect." in body and "Says you haven’t met" in body
    assert "Carol Chen accepted your invitation." in body
    assert body.count('<span class="new-tag">New</span>') == 2
    assert 'hx-post="/notifications/seen/" hx-trigger="load, submit"' in body  # marks on view
    response = member_client.post(reverse("notifications:seen"), headers={"HX-Request": "true"})
    assert (
        response.content.decode().strip()
        == '<span id="nav-notifications" hx-swap-oob="true"></span>'
    )
    again = member_client.get(LIST).content.decode()
    assert "badge" not in badge(again) and 'class="new-tag"' not in again
    assert "Bob Baker invited you to connect." in again  # seen news stays listed


def test_without_javascript_mark_all_as_seen_is_a_button(member_client, member, make_member):
    ConnectionRequest.objects.create(sender=make_member("bob"), recipient=member)
    response = member_client.post(reverse("notifications:seen"))
    assert response.status_code == 302 and response["Location"] == LIST
    assert "badge" not in badge(member_client.get(LIST).content.decode())


def test_a_withdrawn_invitation_is_no_news(member_client, member, make_member):
    ConnectionRequest.objects.create(
        sender=make_member("bob"), recipient=member, status="withdrawn"
    )
    body = member_client.get(LIST).content.decode()
    assert "invited you" not in body and "Nothing yet." in body


def test_pages_go_back_in_time_without_skipping_or_repeating(member, make_member):
    """A keyset cursor across sources: same timestamps, different sources and rows."""
    at = timezone.now() - timedelta(hours=1)
    senders = [make_member(f"s{i}") for i in range(25)]
    ids = []
    for sender in senders:
        invitation = ConnectionRequest.objects.create(sender=sender, recipient=member)
        ConnectionRequest.objects.filter(pk=invitation.pk).update(created_at=at)
        ids.append(invitation.pk)
    first = news.notifications_for(member, limit=10)
    second = news.notifications_for(member, cursor=first.next_cursor, limit=10)
    third = news.notifications_for(member, cursor=second.next_cursor, limit=10)
    seen = [item.pk for page in (first, second, third) for item in page.items]
    assert seen == sorted(ids, reverse=True)
    assert third.next_cursor is None
    assert news.Cursor.parse(str(first.next_cursor)) == first.next_cursor
    assert news.Cursor.parse("nonsense") is None and news.Cursor.parse("2024-01-01~1~x") is None


def test_old_news_is_not_new_for_a_member_who_never_looked(member, make_member):
    old = ConnectionRequest.objects.create(sender=make_member("bob"), recipient=member)
    ConnectionRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=45)
    )
    assert news.new_count(member) == 0
    ConnectionRequest.objects.create(sender=make_member("carol"), recipient=member)
    assert news.new_count(member) == 1


def test_the_page_costs_a_fixed_number_of_queries(
    member_client, member, make_member, page_queries, django_assert_num_queries
):
    for i in range(12):
        ConnectionRequest.objects.create(sender=make_member(f"p{i}"), recipient=member)
    # + the seen marker, invitations received, invitations accepted, warnings
    with django_assert_num_queries(page_queries + 4):
        member_client.get(LIST)


def test_the_navigation_counts_everything_in_one_query_and_each_count_is_right(
    member, make_member, django_assert_num_queries
):
    from messaging.models import Message, Thread
    from netiquette.core.nav import NAV_COUNTERS, NavCounts

    bob, carol = make_member("bob"), make_member("carol")
    ConnectionRequest.objects.create(sender=bob, recipient=member)
    ConnectionRequest.objects.create(sender=carol, recipient=member)
    withdrawn = ConnectionRequest.objects.create(sender=make_member("dan"), recipient=carol)
    withdrawn.status = "withdrawn"
    withdrawn.save()
    low, high = sorted([bob.pk, member.pk])
    thread = Thread.objects.create(user_low_id=low, user_high_id=high)
    for text in ("Hello", "Are you at the conference?", "See you there"):
        Message.objects.create(thread=thread, sender=bob, recipient=member, text=text)
    Message.objects.create(thread=thread, sender=member, recipient=bob, text="Yes")
    alone = {
        name: counter(member) for name, counter in NAV_COUNTERS.items() if name != "notifications"
    }
    counts = NavCounts(member)
    with django_assert_num_queries(1):
        together = {name: counts[name] for name in alone}
        assert counts["notifications"] == sum(
            together[name] for name in together if name.startswith("news_")
        )
    assert together == alone
    assert together["invitations"] == 2 and together["news_connections"] == 2
    assert together["unread"] == 3 and together["news_warnings"] == 0
