"""Moderators never decide their own items (issue 16, finding 5): hidden from their queue and
"next", refused with a reason (403) on every path, and each refused action is in the log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netiquette.moderation import services
from netiquette.moderation.models import ModerationLog, Review

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
REASON = "This is your own message: another moderator must review it. The attempt is logged."


@pytest.fixture
def own_review(moderator, people, flag_message):
    """The moderator's own sales pitch, flagged; and someone else's."""
    flag_message(people["sender"], people["ben"])
    return flag_message(moderator, people["ann"])


def test_own_items_are_not_in_the_queue_nor_next(moderator_client, own_review, people):
    body = moderator_client.get(reverse("moderation:review_queue")).content.decode()
    assert reverse("moderation:review_detail", args=[own_review.pk]) not in body
    others = Review.objects.exclude(pk=own_review.pk)
    assert "Sam Spammer" in body and others.count() == 1
    response = moderator_client.post(reverse("moderation:review_next"), {})
    assert response.url.startswith(reverse("moderation:review_detail", args=[others.get().pk]))


def test_deciding_an_own_item_is_refused_and_logged(moderator_client, moderator, own_review):
    response = moderator_client.post(
        reverse("moderation:review_decide", args=[own_review.pk]),
        {"decision": "dismiss", "expected_status": "open", "source": "review"},
    )
    assert response.status_code == 403
    assert REASON in response.content.decode()
    assert Review.objects.get(pk=own_review.pk).status == "open"
    refused = ModerationLog.objects.get(review=own_review)
    assert (refused.action, refused.moderator_id, refused.reason) == (
        "refused",
        moderator.pk,
        "own item: dismiss",
    )


def test_every_other_path_refuses_too(moderator_client, moderator, own_review):
    detail = moderator_client.get(reverse("moderation:review_detail", args=[own_review.pk]))
    assert detail.status_code == 403
    claim = moderator_client.post(reverse("moderation:review_claim", args=[own_review.pk]))
    assert claim.status_code == 403
    bulk = moderator_client.post(
        reverse("moderation:review_bulk"), {"ids": [own_review.pk], "decision": "dismiss"}
    )
    assert bulk.status_code == 302
    assert Review.objects.get(pk=own_review.pk).status == "open"
    with pytest.raises(services.OwnItem):
        services.review_decide(review_id=own_review.pk, moderator=moderator, decision="confirm")
    actions = list(ModerationLog.objects.filter(review=own_review).values_list("action", "reason"))
    assert sorted(actions) == [
        ("refused", "own item: claim"),
        ("refused", "own item: confirm"),
        ("refused", "own item: dismiss"),
    ]
