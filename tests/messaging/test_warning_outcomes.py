"""Warning outcomes: recorded per draft (no text), shown to staff as totals."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from messaging import selectors
from netiquette.core.models import WarningEvent
from tests.messaging.conftest import CLEAN, PITCH, send_form
from tests.messaging.verdicts import rule_ids, verdict_for

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def staff_client(make_member):
    staff = make_member("stella", name="Stella Staff")
    staff.is_staff = True
    staff.save()
    client = Client()
    client.force_login(staff)
    return client


def per_rule_from_rows(cutoff) -> dict[str, dict[str, int]]:
    """The per-rule totals worked out in Python from the stored warnings, to hold the
    database's grouped query to."""
    expected: dict[str, dict[str, int]] = {}
    for event in WarningEvent.objects.all():
        result = event.outcome or ("abandoned" if event.shown_at <= cutoff else "pending")
        for rule_id in event.rule_ids:
            counts = expected.setdefault(rule_id, {})
            counts[result] = counts.get(result, 0) + 1
    return expected


def warn_then(client, recipient, *, follow_up: dict | None) -> dict:
    data = send_form(PITCH)
    url = reverse("messaging:send", args=[recipient.id])
    client.post(url, data)
    if follow_up is not None:
        client.post(url, {**data, **follow_up})
    return data


def test_each_outcome_is_recorded_without_the_draft(sender_client, recipient):
    warn_then(sender_client, recipient, follow_up={"send_anyway": "on"})
    warn_then(sender_client, recipient, follow_up={"text": CLEAN})
    warn_then(sender_client, recipient, follow_up=None)
    outcomes = sorted(WarningEvent.objects.values_list("outcome", flat=True))
    assert outcomes == ["", "edited", "sent_anyway"]
    for row in WarningEvent.objects.values():
        assert PITCH not in str(row) and CLEAN not in str(row)
        assert row["kind"] == "message"


def test_a_clean_send_records_no_warning(sender_client, recipient):
    sender_client.post(reverse("messaging:send", args=[recipient.id]), send_form(CLEAN))
    assert not WarningEvent.objects.exists()


def test_totals_count_abandoned_after_a_while(sender, recipient, sender_client):
    first_contact_rules = rule_ids(verdict_for(sender=sender, recipient=recipient, text=PITCH))
    warn_then(sender_client, recipient, follow_up={"send_anyway": "on"})
    warn_then(sender_client, recipient, follow_up=None)
    old = warn_then(sender_client, recipient, follow_up=None)
    WarningEvent.objects.filter(draft_token=old["draft_token"]).update(
        shown_at=timezone.now() - selectors.ABANDONED_AFTER - timedelta(minutes=1)
    )
    now = timezone.now()
    totals = selectors.warning_outcome_totals(now=now)
    assert totals["shown"] == 3
    assert totals["totals"] == {"sent_anyway": 1, "pending": 1, "abandoned": 1}
    # one row per rule the engine fired, each counting its warnings by outcome
    per_rule = {rule_id: dict(counts) for rule_id, counts, _ in totals["per_rule"]}
    assert per_rule == per_rule_from_rows(now - selectors.ABANDONED_AFTER)
    assert set(first_contact_rules) <= set(per_rule)
    assert all(shown == sum(counts.values()) for _, counts, shown in totals["per_rule"])


def test_staff_page_shows_totals_per_outcome_and_rule(
    staff_client, sender_client, sender, recipient
):
    pitch_rules = rule_ids(verdict_for(sender=sender, recipient=recipient, text=PITCH))
    warn_then(sender_client, recipient, follow_up={"send_anyway": "on"})
    warn_then(sender_client, recipient, follow_up={"text": CLEAN})
    WarningEvent.objects.create(
        draft_token=uuid.uuid4(),
        user=recipient,
        kind="request_note",
        rule_ids=["no_context.cold_request"],
        worst_action="warn",
    )
    response = staff_client.get(reverse("messaging:warning_outcomes"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<caption>All warnings (3)</caption>" in body
    assert '<td data-outcome="edited">1</td>' in body
    assert '<td data-outcome="sent_anyway">1</td>' in body
    assert '<td data-outcome="pending">1</td>' in body
    assert pitch_rules and all(f'<tr data-rule="{rule_id}">' in body for rule_id in pitch_rules)
    assert '<tr data-rule="no_context.cold_request">' in body
    assert '<th scope="row">Message</th>' in body
    assert '<th scope="row">Connection request note</th>' in body


def test_staff_page_empty_state(staff_client):
    assert (
        "No warnings shown yet."
        in staff_client.get(reverse("messaging:warning_outcomes")).content.decode()
    )


def test_members_get_404_like_every_staff_page_and_visitors_log_in(sender_client, client):
    """A member learns nothing about the page: 404, as from the moderation pages (13.7)."""
    url = reverse("messaging:warning_outcomes")
    assert sender_client.get(url).status_code == 404
    assert sender_client.get(url, headers={"HX-Request": "true"}).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_totals_take_two_queries(sender_client, sender, recipient, django_assert_num_queries):
    pitch_rules = rule_ids(verdict_for(sender=sender, recipient=recipient, text=PITCH))
    for _ in range(3):
        warn_then(sender_client, recipient, follow_up=None)
    with django_assert_num_queries(2):
        totals = selectors.warning_outcome_totals()
    assert totals["shown"] == 3
    # every rule fired on each of the three drafts; ties are listed by rule id
    assert [(rule_id, shown) for rule_id, _, shown in totals["per_rule"]] == [
        (rule_id, 3) for rule_id in pitch_rules
    ]
