"""'Warn the sender' reaches the sender (issue 16.7): the warning shows in their notifications
and on every page until they read it, with what was found, and reading it sets ``seen_at``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from netiquette.moderation import services
from netiquette.moderation.models import SenderWarning
from tests.engine_helpers import evidence_html, finding_messages

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

BANNER = "A moderator has warned you about something you sent."


@pytest.fixture
def warned(people, moderator, flag_message):
    review = flag_message(people["sender"], people["ann"])
    services.review_decide(
        review_id=review.pk,
        moderator=moderator,
        decision="confirm",
        warn=True,
        warning_text="Please keep first messages about work.",
    )
    return SenderWarning.objects.get(review=review)


@pytest.fixture
def sender_client(people):
    client = Client()
    client.force_login(people["sender"])
    return client


def test_the_sender_sees_the_warning_with_what_was_found_and_reads_it(sender_client, warned):
    home = sender_client.get(reverse("connections:directory")).content.decode()
    assert BANNER in home
    assert (
        '<span id="nav-notifications"> <span class="badge" title="New notifications">1</span>'
        in home
    )
    listing = sender_client.get(reverse("notifications:list")).content.decode()
    url = reverse("moderation:warning", args=[warned.pk])
    text = "A moderator warned you about a message you sent."
    assert f'<a href="{url}" class="notification-text">{text}</a>' in listing
    page = sender_client.get(url).content.decode()
    message = warned.review.message
    assert "Please keep first messages about work." in page
    assert evidence_html(message.text, message.findings) in page
    assert all(text in page for text in finding_messages(message.findings))
    warned.refresh_from_db()
    assert warned.seen_at is None  # opening the page writes nothing: reading is a decision
    response = sender_client.post(reverse("moderation:warning_read", args=[warned.pk]))
    assert response.status_code == 302
    warned.refresh_from_db()
    assert warned.seen_at is not None
    after = sender_client.get(reverse("connections:directory")).content.decode()
    assert BANNER not in after
    assert "You read this on" in sender_client.get(url).content.decode()


def test_nobody_else_sees_a_members_warning(people, warned):
    other = Client()
    other.force_login(people["ann"])
    assert other.get(reverse("moderation:warning", args=[warned.pk])).status_code == 404
    assert other.post(reverse("moderation:warning_read", args=[warned.pk])).status_code == 404
    warned.refresh_from_db()
    assert warned.seen_at is None
    assert BANNER not in other.get(reverse("connections:directory")).content.decode()


def test_an_undone_warning_disappears(sender_client, warned, moderator):
    services.review_undo(review_id=warned.review_id, moderator=moderator)
    assert sender_client.get(reverse("moderation:warning", args=[warned.pk])).status_code == 404
    listing = sender_client.get(reverse("notifications:list")).content.decode()
    assert "A moderator warned you" not in listing and BANNER not in listing
