"""The audit log, browsable per item, per sender and per moderator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netiquette.moderation import services
from netiquette.moderation.models import ModerationLog
from netiquette.moderation.selectors import log as log_selectors

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LOG = reverse("moderation:moderation_log")


@pytest.fixture
def history(moderator, make_moderator, people, flag_message):
    olga = make_moderator("olga", "Olga Other")
    sam_review = flag_message(people["sender"], people["ann"])
    ben_review = flag_message(people["ben"], people["ann"])
    services.review_claim(review_id=sam_review.pk, moderator=moderator)
    services.review_decide(
        review_id=sam_review.pk, moderator=moderator, decision="confirm", reason="pitch"
    )
    services.review_decide(
        review_id=ben_review.pk, moderator=olga, decision="dismiss", reason="fine <b>really</b>"
    )
    return {"sam": sam_review, "ben": ben_review, "olga": olga}


def actions(response):
    return [(e.action, e.review_id) for e in response.context["page"].entries]


def test_log_lists_who_did_what_when_and_why(moderator_client, history):
    response = moderator_client.get(LOG)
    body = response.content.decode()
    sam, ben = history["sam"].pk, history["ben"].pk
    assert actions(response) == [("dismissed", ben), ("confirmed", sam), ("claimed", sam)]
    assert "Olga Other" in body and "Mona Moderator" in body
    assert "fine &lt;b&gt;really&lt;/b&gt;" in body


def test_log_per_item_per_sender_per_moderator(moderator_client, moderator, history):
    sam, ben = history["sam"], history["ben"]
    by_item = moderator_client.get(LOG, {"review": sam.pk})
    assert actions(by_item) == [("confirmed", sam.pk), ("claimed", sam.pk)]
    by_sender = moderator_client.get(LOG, {"sender": ben.sender_id})
    assert actions(by_sender) == [("dismissed", ben.pk)]
    by_moderator = moderator_client.get(LOG, {"moderator": history["olga"].pk})
    assert actions(by_moderator) == [("dismissed", ben.pk)]
    review_page = moderator_client.get(reverse("moderation:review_detail", args=[sam.pk]))
    assert "confirmed (open → confirmed): “pitch”" in review_page.content.decode()


def test_log_pages_by_keyset(moderator_client, moderator, people, flag_message, monkeypatch):
    monkeypatch.setattr(log_selectors, "LOG_PAGE", 3)
    review = flag_message(people["sender"], people["ann"])
    for _ in range(4):
        services.review_claim(review_id=review.pk, moderator=moderator)
    first = moderator_client.get(LOG)
    cursor = first.context["page"].next_cursor
    assert cursor and len(first.context["page"].entries) == 3
    second = moderator_client.get(LOG, {"before": cursor})
    ids = [e.pk for e in first.context["page"].entries + second.context["page"].entries]
    assert (
        sorted(ids, reverse=True) == ids == list(ModerationLog.objects.values_list("pk", flat=True))
    )
    bad = moderator_client.get(LOG, {"before": "yesterday"})
    assert "That page link is out of date" in bad.content.decode()
