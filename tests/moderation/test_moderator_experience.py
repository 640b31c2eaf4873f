"""What the moderator sees and what one key does (issue 13.6 and 13.7)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from messaging.models import Message
from netiquette.core.models import RuleSetting
from netiquette.moderation.models import SenderWarning
from netiquette.moderation.priority import RECENCY_DAYS
from netiquette.moderation.selectors.performance import MIN_DECIDED_FOR_PRECISION

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

QUEUE = reverse("moderation:review_queue")


def test_queue_confirm_hides_nothing_and_warns_nobody_unless_ticked(
    moderator_client, people, flag_message
):
    """The bulk bar's boxes were pre-ticked, so a row's Confirm (and the c key) also warned the
    sender and hid the message without the moderator choosing it."""
    review = flag_message(people["sender"], people["ann"])
    page = moderator_client.get(QUEUE).content.decode()
    assert re.search(r'<input type="checkbox" name="hide">', page)
    assert re.search(r'<input type="checkbox" name="warn">', page)
    assert 'name="hide" checked' not in page and 'name="warn" checked' not in page
    # What the browser sends for a row's Confirm with the bar as it loads: no hide, no warn.
    form = {"decision": "confirm", "source": "queue", "expected_status": "open", "q": ""}
    response = moderator_client.post(reverse("moderation:review_decide", args=[review.pk]), form)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "confirmed"
    assert not SenderWarning.objects.exists()
    assert Message.objects.get(pk=review.message_id).hidden_at is None
    # Ticked, they apply, and the notice says so.
    other = flag_message(people["sender"], people["ben"])
    url = reverse("moderation:review_decide", args=[other.pk])
    moderator_client.post(url, {**form, "hide": "on", "warn": "on"})
    assert SenderWarning.objects.filter(review=other).exists()
    notice = moderator_client.get(QUEUE).content.decode()
    assert f"Confirmed: review #{other.pk} (message hidden, sender warned)." in notice


def test_the_priority_is_explained_relative_to_now(moderator_client, people, flag_message):
    review = flag_message(people["sender"], people["ann"])
    days_old = 2
    type(review).objects.filter(pk=review.pk).update(
        opened_at=timezone.now() - timezone.timedelta(days=days_old)
    )
    page = moderator_client.get(reverse("moderation:review_detail", args=[review.pk]))
    body = page.content.decode()
    decorated = page.context["review"]
    parts = decorated.parts
    age = days_old / RECENCY_DAYS
    assert abs(decorated.age_points - age) < 0.01
    standing = parts.score + parts.reports + parts.history - decorated.age_points
    assert f"− age {decorated.age_points:.2f} (opened 2\xa0days ago" in body
    assert f"= <strong>{standing:.2f}</strong>" in body
    assert "recency" not in body  # the stored term counts from 2024: hundreds of points
    queue = moderator_client.get(QUEUE).content.decode()
    assert f"ranked {standing:.2f} = score {parts.score:.1f}" in queue


def test_change_the_weight_opens_that_rule_in_the_admin(
    moderator, people, flag_message, make_member
):
    from netiquette.moderation import services

    rule_id = "sales_pitch.unsolicited_offer"
    for _ in range(MIN_DECIDED_FOR_PRECISION):
        review = flag_message(people["sender"], people["ann"], rule_ids=[rule_id])
        services.review_decide(review_id=review.pk, moderator=moderator, decision="dismiss")
    moderator.is_staff = True
    moderator.is_superuser = True  # the admin's rule settings are for staff with the right
    moderator.save()
    client = Client()
    client.force_login(moderator)
    body = client.get(reverse("moderation:rule_stats")).content.decode()
    add = f"{reverse('admin:netiquette_rulesetting_add')}?rule_id={rule_id}"
    assert f'<a href="{add}">Change its weight</a>' in body  # not an empty admin search
    form = client.get(add).content.decode()
    assert f'<option value="{rule_id}" selected>' in form
    setting = RuleSetting.objects.create(rule_id=rule_id, weight=0.5)
    body = client.get(reverse("moderation:rule_stats")).content.decode()
    change = reverse("admin:netiquette_rulesetting_change", args=[setting.pk])
    assert f'<a href="{change}">Change its weight</a>' in body


def test_each_charts_caption_sits_above_its_own_chart(moderator_client):
    body = moderator_client.get(reverse("moderation:rule_stats")).content.decode()
    for label in ("Flags per day", "Decisions per day"):
        caption = body.index(f'<figcaption class="chart-title">{label}')
        figure = body.rindex("<figure", 0, caption)
        assert "<svg" not in body[figure:caption]  # the caption comes first in its figure
