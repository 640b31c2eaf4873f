"""The inbox (Focused / Other, unread counts, pagination) and the thread view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from messaging import selectors
from messaging.models import Message
from messaging.views import INBOX_PAGE_SIZE, THREAD_PAGE_SIZE
from netiquette.core.nav import NAV_COUNTERS
from tests.messaging.conftest import CLEAN, PITCH, connect, send

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HX = {"HX-Request": "true"}


def inbox(client, folder: str = "focused", **kwargs):
    params = {"folder": folder} if folder == "other" else {}
    return client.get(reverse("messaging:inbox"), params, **kwargs)


def test_plainly_bad_first_contact_lands_in_other(sender_client, recipient_client, recipient):
    send(sender_client, recipient, PITCH, send_anyway="on")
    message = Message.objects.get()
    assert (message.first_contact, message.folder) == (True, "other")
    other = inbox(recipient_client, "other").content.decode()
    focused = inbox(recipient_client).content.decode()
    assert "Sam Sender" in other and "book a quick call" in other
    assert "Sam Sender" not in focused
    assert "No conversations yet." in focused


def test_normal_message_from_a_connection_lands_in_focused(
    sender_client, recipient_client, sender, recipient
):
    connect(sender, recipient)
    send(sender_client, recipient, CLEAN)
    assert Message.objects.get().folder == "focused"
    focused = inbox(recipient_client).content.decode()
    assert "Sam Sender" in focused and "1 unread" in focused
    assert "Nothing in Other." in inbox(recipient_client, "other").content.decode()


def test_the_sender_sees_their_own_thread_in_focused(sender_client, recipient):
    send(sender_client, recipient, PITCH, send_anyway="on")
    body = inbox(sender_client).content.decode()
    assert "Rita Recipient" in body and "You: Hi, I help companies" in body
    assert "Rita Recipient" not in inbox(sender_client, "other").content.decode()


def test_replying_moves_a_thread_from_other_to_focused(
    sender_client, recipient_client, sender, recipient
):
    send(sender_client, recipient, PITCH, send_anyway="on")
    send(recipient_client, sender, "Thanks, not right now.")
    assert "Sam Sender" in inbox(recipient_client).content.decode()
    assert "Sam Sender" not in inbox(recipient_client, "other").content.decode()


def test_a_clean_follow_up_does_not_pull_a_pitch_into_focused(
    sender_client, recipient_client, recipient
):
    send(sender_client, recipient, PITCH, send_anyway="on")
    # Plainly fine on its own (not a "did you see my last message?" nudge, which an engine
    # may rightly warn about): it is sent without "Send anyway" and filed in Focused.
    follow_up = "Thanks for reading, and enjoy the rest of the conference."
    send(sender_client, recipient, follow_up)
    pitch, sent = Message.objects.order_by("id")
    assert (pitch.folder, sent.text, sent.action, sent.folder) == (
        "other",
        follow_up,
        "ok",
        "focused",
    )
    assert "Sam Sender" in inbox(recipient_client, "other").content.decode()
    assert "Sam Sender" not in inbox(recipient_client).content.decode()


def test_inbox_tab_with_htmx_renders_only_the_thread_list(
    recipient_client, sender_client, recipient
):
    send(sender_client, recipient, PITCH, send_anyway="on")
    response = inbox(recipient_client, "other", headers=HX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="thread-list"')
    assert "<html" not in body and "Sam Sender" in body
    assert 'aria-current="page" class="folder-tab folder-other"' in body  # the tabs follow


def test_unknown_folder_falls_back_to_focused(recipient_client):
    response = recipient_client.get(reverse("messaging:inbox"), {"folder": "<b>x</b>"})
    assert response.status_code == 200
    assert response.context["folder"] == "focused"


def test_inbox_is_paginated_newest_first(recipient, make_member, client):
    for n in range(INBOX_PAGE_SIZE + 3):
        author = make_member(f"author{n}", name=f"Author {n:02d}")
        client.force_login(author)
        send(client, recipient, f"{CLEAN} ({n})")
    client.force_login(recipient)
    first = client.get(reverse("messaging:inbox"))
    assert [t.other_user.profile.name for t in first.context["page"].object_list][:2] == [
        f"Author {INBOX_PAGE_SIZE + 2:02d}",
        f"Author {INBOX_PAGE_SIZE + 1:02d}",
    ]
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("messaging:inbox"), {"page": 2}, headers=HX)
    assert second.content.decode().count('class="thread-row') == 3
    assert "Author 00" in second.content.decode()
    assert client.get(reverse("messaging:inbox"), {"page": "abc"}).status_code == 200
    assert client.get(reverse("messaging:inbox"), {"page": 999}).status_code == 200


def test_inbox_page_takes_two_queries_whatever_the_size(
    recipient, make_member, client, django_assert_num_queries
):
    for n in range(5):
        author = make_member(f"author{n}")
        client.force_login(author)
        send(client, recipient, CLEAN)
    from django.core.paginator import Paginator

    with django_assert_num_queries(2):  # the count, then the page with its annotations
        page = Paginator(selectors.inbox_threads(user=recipient), 20).get_page(1)
        names = [selectors.thread_other_user(t, recipient.id).profile.name for t in page]
    assert len(names) == 5


def test_unread_counter_is_one_query(recipient, sender_client, django_assert_num_queries):
    send(sender_client, recipient, CLEAN)
    send(sender_client, recipient, "And one more thing.")
    with django_assert_num_queries(1):
        assert NAV_COUNTERS["unread"](recipient) == 2


def test_opening_a_thread_marks_received_messages_read(
    sender_client, recipient_client, sender, recipient
):
    send(sender_client, recipient, CLEAN)
    send(recipient_client, sender, "Thank you!")
    thread_id = Message.objects.first().thread_id
    assert (
        'Messages<span id="nav-unread"> <span class="badge" title="Unread messages">1</span></span>'
        in inbox(recipient_client).content.decode()
    )
    response = recipient_client.get(reverse("messaging:thread", args=[thread_id]))
    assert response.status_code == 200
    received = Message.objects.get(recipient=recipient)
    assert received.read_at is not None
    assert Message.objects.get(recipient=sender).read_at is None  # only the reader's own
    assert 'class="badge"' not in inbox(recipient_client).content.decode()


def test_thread_opens_at_the_latest_page(sender_client, recipient_client, sender, recipient):
    connect(sender, recipient)
    for n in range(THREAD_PAGE_SIZE + 2):
        send(sender_client, recipient, f"Note number {n:03d}")
    thread_id = Message.objects.first().thread_id
    url = reverse("messaging:thread", args=[thread_id])
    latest = recipient_client.get(url).content.decode()
    assert f"Note number {THREAD_PAGE_SIZE + 1:03d}" in latest
    assert "Note number 000" not in latest
    assert "Earlier messages" in latest
    earlier = recipient_client.get(url, {"page": 1}, headers=HX).content.decode()
    assert "Note number 000" in earlier and "<html" not in earlier
    assert "Later messages" in earlier


def test_empty_states(recipient_client):
    assert "No conversations yet." in inbox(recipient_client).content.decode()
    assert "Nothing in Other." in inbox(recipient_client, "other").content.decode()


def test_inbox_escapes_message_previews(sender_client, recipient_client, recipient):
    send(sender_client, recipient, '<img src=x onerror="alert(1)"> hello')
    body = inbox(recipient_client).content.decode()
    assert '<img src=x onerror="alert(1)">' not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; hello" in body


def test_tabs_count_conversations_with_unread_messages(
    sender_client, make_member, client, recipient, recipient_client, django_assert_num_queries
):
    send(sender_client, recipient, PITCH, send_anyway="on")
    friend = make_member("fred", name="Fred Friend")
    connect(friend, recipient)
    client.force_login(friend)
    send(client, recipient, CLEAN)
    send(client, recipient, "And see you at the meetup.")
    with django_assert_num_queries(1):
        assert selectors.folder_unread_threads(user=recipient) == {"focused": 1, "other": 1}
    body = inbox(recipient_client).content.decode()
    assert 'folder-other">Other <span class="badge"' in body
    assert 'Conversations with unread messages">1</span>' in body


@pytest.fixture
def only_our_nav_counter(monkeypatch):
    """Other areas register their own counters; pin only what this area's pages cost."""
    from netiquette.core import nav as context_processors

    monkeypatch.setattr(context_processors, "NAV_COUNTERS", {"unread": NAV_COUNTERS["unread"]})


def test_inbox_and_thread_pages_cost_a_fixed_number_of_queries(
    make_member, client, recipient, only_our_nav_counter, django_assert_num_queries
):
    authors = [make_member(f"author{n}") for n in range(4)]
    for author in authors:
        connect(author, recipient)
        client.force_login(author)
        for n in range(8):
            send(client, recipient, f"{CLEAN} ({n})")
    client.force_login(recipient)
    # user, unread badge, tab counts, page count, page rows, and the member's permissions for
    # the navigation, one query (the session is read from the Redis cache)
    with django_assert_num_queries(6):
        assert client.get(reverse("messaging:inbox")).status_code == 200
    thread_id = Message.objects.filter(sender=authors[0]).first().thread_id
    # user, thread, mark read, page count, page rows (senders joined), whether either member
    # blocked the other (no reply box then), unread badge, and the navigation's permission query
    with django_assert_num_queries(8):
        assert client.get(reverse("messaging:thread", args=[thread_id])).status_code == 200


def test_recruiter_and_open_to_work_reach_the_engine(make_member):
    recruiter = make_member("rory", name="Rory Recruiter", is_recruiter=True)
    seeker = make_member("sid", name="Sid Seeker", open_to_work=True)
    context = selectors.message_context(sender=recruiter, recipient=seeker)
    assert (context.sender_role, context.recipient_open_to_work) == ("recruiter", True)
