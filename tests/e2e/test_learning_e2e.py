"""A moderator's journey through the learning loop in headless Chromium, with a real Celery
worker: correct a label while deciding, retrain, read the candidate's figures, activate it,
and watch the backlog re-score. Screenshots of each step in ``artifacts/screenshots/``."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from messaging.models import Message
from netiquette.core import rule_settings
from netiquette.core.models import Assessed, Ruleset, TrainedModel
from netiquette.etiquette import Context, Draft, check
from netiquette.moderation.models import ModerationLog, Review
from netiquette.moderation.reviews import open_review
from netiquette.moderation.services import ensure_moderators_group
from tests.e2e.conftest import assert_fits, log_in
from tests.moderation.factories import thread_between

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

PITCH = (
    "Hello, our Acme gutter-cleaning drones keep office roofs spotless. "
    "Shall I send you a brochure and price list for Acme drones?"
)


def test_moderator_relabels_retrains_activates_and_watches_the_rescore(
    page, screenshot, make_member, celery_worker_real
):
    mona = make_member("mona", name="Mona Moderator")
    mona.groups.add(ensure_moderators_group())
    sam = make_member("sam", name="Sam Seller")
    ann = make_member("ann", name="Ann Anders")
    verdict = check(Draft(kind="message", text=PITCH, context=Context(first_contact=True)))
    message = Message.objects.create(
        thread=thread_between(sam, ann),
        sender=sam,
        recipient=ann,
        text=PITCH,
        **Assessed.verdict_fields(verdict),
    )
    # Flagged under the wrong label: the moderator will confirm it as a sales pitch.
    review, _ = open_review(
        sender_id=sam.pk,
        message_id=message.pk,
        score=verdict.score,
        labels=["personal"],
        rule_ids=[f.rule_id for f in verdict.findings],
    )
    # A backlog scored under the current version, for the activation to make stale.
    version = rule_settings.current_rule_settings(adopt_model=True).version
    ben, cleo = make_member("ben"), make_member("cleo")
    thread = thread_between(ben, cleo)
    Message.objects.bulk_create(
        Message(
            thread=thread,
            sender=ben,
            recipient=cleo,
            text=f"Thanks for the intro, see you at the meetup (note {i}).",
            action="ok",
            ruleset_version=version,
            scored_at=timezone.now(),
        )
        for i in range(400)
    )

    log_in(page, "mona")
    page.goto(f"/moderation/reviews/{review.pk}/")
    labels = page.locator("fieldset.confirm-labels")
    expect(labels.locator('input[value="personal"]')).to_be_checked()
    labels.locator('input[value="personal"]').uncheck()
    labels.locator('input[value="sales_pitch"]').check()
    assert_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("1-relabel")
    page.click("button[name=decision][value=confirm]")
    expect(page.locator("body")).to_contain_text("labels corrected to Sales pitch")
    review.refresh_from_db()
    assert (review.status, review.decided_labels) == ("confirmed", ["sales_pitch"])
    screenshot("2-decided")

    call_command("retrain", "--sample", "150", "--c", "10")
    candidate = TrainedModel.objects.get()
    assert candidate.card["decisions"] == 1

    page.goto("/moderation/models/")
    card = page.locator(f'[data-model="{candidate.version}"]')
    expect(card.locator('tr[data-label="sales_pitch"] [data-figure="precision"]')).to_have_text(
        re.compile(r"^(\d+%|—)$")
    )
    assert_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("3-candidate")

    card.get_by_role("button", name=f"Activate {candidate.version}…").click()
    expect(page.locator("h1")).to_contain_text(f"Activate model {candidate.version}?")
    page.fill("#id_reason", "Learns the drone pitches")
    assert_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("4-confirm")
    page.get_by_role("button", name=f"Activate {candidate.version}").click()

    page.wait_for_url("**/scoring/")
    expect(page.locator("body")).to_contain_text(f"Model {candidate.version} is in force.")
    new_version = Ruleset.in_force()[0]
    assert new_version > version
    expect(page.locator("#scoring-status")).to_contain_text(f"Rules version {new_version}")
    screenshot("5-rescoring")
    expect(page.locator("#scoring-status")).to_contain_text("Nothing is waiting", timeout=90_000)
    assert_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("6-rescored")
    assert not Message.objects.exclude(ruleset_version=new_version).exists()
    entry = ModerationLog.objects.get(action="activated")
    assert (entry.moderator_id, entry.reason) == (mona.pk, "Learns the drone pitches")

    page.goto("/moderation/log/")
    expect(page.locator("body")).to_contain_text(f"model {candidate.version}")
    expect(page.locator("body")).to_contain_text("labels corrected: personal → sales_pitch")
    screenshot("7-audit-log")
    assert Review.objects.get(pk=review.pk).status == "confirmed"
