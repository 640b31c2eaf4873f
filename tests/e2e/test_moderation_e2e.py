"""A moderator works the queue in headless Chromium: filter by a label, confirm one item with
the keyboard, dismiss another, and see the rule statistics change. Screenshots on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from messaging.models import Message
from netiquette.core.models import Assessed
from netiquette.etiquette import Context, Draft, check
from netiquette.moderation.models import Review
from netiquette.moderation.reviews import open_review
from netiquette.moderation.services import ensure_moderators_group
from tests.e2e.conftest import log_in
from tests.messaging.verdicts import rule_ids
from tests.moderation.factories import thread_between

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PITCH = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"
ROMANTIC = "You look stunning in your photo."


def _flag(sender, recipient, text, *, labels=None):
    verdict = check(Draft(kind="message", text=text, context=Context(first_contact=True)))
    message = Message.objects.create(
        thread=thread_between(sender, recipient),
        sender=sender,
        recipient=recipient,
        text=text,
        **Assessed.verdict_fields(verdict),
    )
    review, _ = open_review(
        sender_id=sender.pk,
        message_id=message.pk,
        score=verdict.score,
        labels=labels if labels is not None else verdict.labels,
        rule_ids=[f.rule_id for f in verdict.findings],
    )
    return review, verdict


def test_moderator_filters_confirms_with_the_keyboard_dismisses_and_sees_stats(
    page, screenshot, make_member
):
    moderator = make_member("mona", name="Mona Moderator")
    moderator.groups.add(ensure_moderators_group())
    sam = make_member("sam", name="Sam Seller")
    ann = make_member("ann", name="Ann Anders")
    ben = make_member("ben", name="Ben Brook")
    first, verdict = _flag(sam, ann, PITCH)
    second, second_verdict = _flag(sam, ben, PITCH + " Only 15 minutes.")
    other, other_verdict = _flag(ben, ann, ROMANTIC)
    # A label and a rule of the pitch that the romantic note does not share, as the engine
    # says: the filter must leave the two pitches, and the rule flagged the pitches.
    labels = sorted(set(verdict.labels) - set(other_verdict.labels))
    pitch_rules = sorted(set(rule_ids(verdict)) - set(rule_ids(other_verdict)))
    assert labels and pitch_rules, "the pitch and the romantic note must differ for the engine"
    label, rule_id = labels[0], pitch_rules[0]
    hits = sum(rule_id in rule_ids(v) for v in (verdict, second_verdict, other_verdict))
    assert hits == 2, "both pitches fire the rule"

    log_in(page, "mona")
    page.click("text=Review queue")
    page.wait_for_url("**/moderation/")
    expect(page.locator(".queue-item")).to_have_count(3)
    screenshot("queue")

    # Rule statistics before any decision.
    page.goto("/moderation/rules/")
    row = page.locator(f'tr[data-rule="{rule_id}"]')
    expect(row.locator('[data-stat="confirmed"]')).to_have_text("0")
    expect(row.locator('[data-stat="dismissed"]')).to_have_text("0")
    expect(row.locator('[data-stat="flagged"]')).to_have_text(str(hits))
    screenshot("rules-before")

    # Filter by the label: htmx swaps the results and keeps the URL.
    page.goto("/moderation/")
    page.select_option("select[name=label]", label)
    expect(page.locator(".queue-item")).to_have_count(2)
    expect(page).to_have_url(re.compile(rf"label={label}"))
    expect(page.locator(f"#review-{other.pk}")).to_have_count(0)
    screenshot("filtered")

    # Open the top item and confirm it with the keyboard: the next one loads in place.
    page.locator(".queue-item a.queue-open").first.click()
    page.wait_for_url(re.compile(r"/moderation/reviews/\d+/"))
    expect(page.locator("#review-panel mark.evidence").first).to_be_visible()
    current = int(page.locator("#review-panel").get_attribute("data-review"))
    screenshot("review")
    page.keyboard.press("c")
    expect(page.locator(".undo-bar")).to_contain_text(f"Review #{current}: confirmed.")
    following = {first.pk, second.pk} - {current}
    next_id = following.pop()
    expect(page.locator("#review-panel")).to_have_attribute("data-review", str(next_id))
    expect(page).to_have_url(re.compile(rf"/moderation/reviews/{next_id}/"))
    screenshot("confirmed-next-loaded")

    # Dismiss the next one with its button.
    page.click("#decision-form button[value=dismiss]")
    expect(page.locator(".undo-bar")).to_contain_text(f"Review #{next_id}: dismissed.")
    expect(page.locator("#review-panel h1")).to_have_text("Nothing left to review")
    screenshot("queue-clear")

    assert dict(Review.objects.values_list("pk", "status")) == {
        current: "confirmed",
        next_id: "dismissed",
        other.pk: "open",
    }
    assert Message.objects.get(review__pk=current).hidden_at is not None

    page.goto("/moderation/rules/")
    row = page.locator(f'tr[data-rule="{rule_id}"]')
    expect(row.locator('[data-stat="confirmed"]')).to_have_text("1")
    expect(row.locator('[data-stat="dismissed"]')).to_have_text("1")
    expect(row.locator('[data-stat="precision"]')).to_have_text("50%")
    expect(row.locator('[data-stat="flagged"]')).to_have_text(str(hits))
    # The romantic note is still open: its rules have a hit and no decision.
    other_row = page.locator(f'tr[data-rule="{rule_ids(other_verdict)[0]}"]')
    expect(other_row.locator('[data-stat="flagged"]')).to_have_text("1")
    expect(other_row.locator('[data-stat="confirmed"]')).to_have_text("0")
    screenshot("rules-after")


def test_queue_keyboard_and_bulk_work_in_place(page, screenshot, make_member):
    moderator = make_member("mona", name="Mona Moderator")
    moderator.groups.add(ensure_moderators_group())
    sam = make_member("sam", name="Sam Seller")
    ann = make_member("ann", name="Ann Anders")
    reviews = [_flag(sam, ann, f"{PITCH} ({n})")[0] for n in range(4)]

    log_in(page, "mona")
    page.goto("/moderation/?sort=age")
    expect(page.locator(".queue-item")).to_have_count(4)
    expect(page.locator(".queue-item.is-selected")).to_have_attribute(
        "data-review", str(reviews[0].pk)
    )
    page.keyboard.press("j")
    expect(page.locator(".queue-item.is-selected")).to_have_attribute(
        "data-review", str(reviews[1].pk)
    )
    page.keyboard.press("d")  # dismiss the selected item: it leaves the list in place
    expect(page.locator(f"#review-{reviews[1].pk}")).to_have_count(0)
    expect(page.locator(".queue-item")).to_have_count(3)
    expect(page.locator(".undo-bar")).to_contain_text(f"Review #{reviews[1].pk}: dismissed.")
    screenshot("dismissed-in-place")

    page.keyboard.press("u")  # undo brings it back
    expect(page.locator(f"#review-{reviews[1].pk}")).to_have_count(1)

    page.check(f"input[name=ids][value='{reviews[2].pk}']")
    page.check(f"input[name=ids][value='{reviews[3].pk}']")
    page.click("button:has-text('Confirm selected')")
    expect(page.locator(".notice")).to_contain_text("Confirm: 2 items.")
    expect(page.locator(".queue-item")).to_have_count(2)
    screenshot("bulk-confirmed")
    assert dict(Review.objects.values_list("pk", "status")) == {
        reviews[0].pk: "open",
        reviews[1].pk: "open",
        reviews[2].pk: "confirmed",
        reviews[3].pk: "confirmed",
    }
