"""Issue 13's journeys in headless Chromium, with a screenshot of each step in
artifacts/screenshots/: a newcomer signs up, edits their profile twice, invites someone and sees
Pending, who accepts and then sees Message; a member's compose box through an empty send, a
warning and an edit; a moderator's journey to a warning the sender reads. Every page fails the
test on a browser console error (conftest), and every page checked here must fit a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from connections.models import Affiliation, ConnectionRequest, Organisation
from messaging.models import Message
from netiquette.moderation.models import SenderWarning
from netiquette.moderation.services import ensure_moderators_group
from tests.e2e.conftest import assert_fits, log_in
from tests.e2e.test_moderation_e2e import PITCH, _flag

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLEAN = "Thanks for your talk on queueing at the PyCon meetup. I enjoyed your point on testing."


def shoot(page, request, step: str) -> None:
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-{step}.png"), full_page=True)


def test_member_journey_sign_up_edit_twice_invite_pending_accept_message(
    new_page, make_member, request
):
    bob = make_member("bob", name="Bob Baker", headline="Head baker at Acme")
    acme, _ = Organisation.objects.get_or_create(kind="company", name="Acme")
    Affiliation.objects.create(profile=bob.profile, organisation=acme, kind="position")
    page = new_page()

    # Sign up: name, e-mail, username, password.
    page.goto("/accounts/signup/")
    shoot(page, request, "01-sign-up")
    page.fill("input[name=name]", "Nina Newbie")
    page.fill("input[name=email]", "nina@example.com")
    page.fill("input[name=username]", "nina")
    page.fill("input[name=password1]", "plum-orchard-47-sky")
    page.fill("input[name=password2]", "plum-orchard-47-sky")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/people/me/edit/")
    assert_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # First edit: only a headline; the blank "add a position" row is left as it is.
    page.fill("input[name=profile-headline]", "Pastry engineer")
    shoot(page, request, "02-first-edit")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    shoot(page, request, "03-saved-with-a-headline")

    # Second edit: a location and a position at Acme.
    page.goto("/people/me/edit/")
    page.fill("input[name=profile-location]", "Leeds")
    page.fill("input[name=history-0-organisation_name]", "Acme")
    page.fill("input[name=history-0-title]", "Pastry engineer")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    expect(page.get_by_text("Pastry engineer · Acme")).to_be_visible()
    shoot(page, request, "04-saved-with-a-position")

    # Invite Bob from People; the card then says Pending, with Withdraw.
    page.goto("/people/?q=bob")
    card = page.locator(".person-card", has_text="Bob Baker")
    card.get_by_role("button", name="Connect").click()
    page.wait_for_url(f"**/people/{bob.id}/connect/")
    page.get_by_label("Colleague").check()
    page.fill("textarea[name=note]", "Hi Bob, we both work at Acme, on the pastry line.")
    page.locator("#note-findings .findings").wait_for()
    shoot(page, request, "05-invite")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to Bob Baker.").wait_for()
    page.goto("/people/?q=bob")
    card = page.locator(".person-card", has_text="Bob Baker")
    expect(card.locator(".tag-pending")).to_have_text("Pending")
    expect(card.get_by_role("button", name="Withdraw")).to_be_visible()
    assert card.get_by_role("button", name="Connect").count() == 0
    shoot(page, request, "06-pending")
    page.goto(f"/people/{bob.id}/")
    expect(page.locator(".profile-actions .tag-pending")).to_have_text("Pending")

    # Bob accepts from his home page; Nina's profile then offers Message.
    bobs = new_page()
    log_in(bobs, "bob", password="correct-horse-battery")
    invitation = bobs.locator(".person-card", has_text="Nina Newbie")
    expect(invitation.get_by_text("Says you worked together")).to_be_visible()
    shoot(bobs, request, "07-bob-home")
    invitation.get_by_role("button", name="Accept").click()
    bobs.get_by_text("You are now connected with Nina Newbie.").wait_for()
    nina = ConnectionRequest.objects.get().sender
    bobs.goto(f"/people/{nina.id}/")
    expect(bobs.locator(".profile-actions").get_by_role("button", name="Message")).to_be_visible()
    expect(bobs.locator(".profile-actions .tag-connected")).to_have_text("Connected")
    shoot(bobs, request, "08-bob-sees-message")

    # Nina is told, in her notifications.
    page.goto("/")
    expect(page.locator("#nav-notifications .badge")).to_have_text("1")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_text("Bob Baker accepted your invitation.")).to_be_visible()
    shoot(page, request, "09-notified")
    expect(page.locator("#nav-notifications .badge")).to_have_count(0)  # seen on view


def test_compose_box_clears_a_stale_error_and_returns_to_send_once_clean(
    new_page, make_member, request
):
    make_member("sam", name="Sam Sender")
    rita = make_member("rita", name="Rita Recipient")
    page = new_page()
    log_in(page, "sam")
    page.goto(f"/messages/new/{rita.id}/")
    box = page.locator("textarea[name=text]")
    box.fill("   ")  # only spaces: past the browser's own "required", refused by the server
    page.locator("button.send").click()
    page.get_by_text("Write a message before sending.").wait_for()
    assert box.get_attribute("aria-invalid") == "true"
    shoot(page, request, "1-empty-send")
    box.fill("")
    box.press_sequentially("Hello Rita", delay=10)
    expect(page.get_by_text("Write a message before sending.")).to_have_count(0)
    assert box.get_attribute("aria-invalid") is None
    page.locator("#message-warnings .findings-clean").wait_for()

    box.fill(PITCH)
    page.locator("#message-warnings mark.evidence").first.wait_for()
    page.locator("button.send").click()
    page.locator(".send-warning").wait_for()
    expect(page.locator("button.send-anyway")).to_be_visible()
    shoot(page, request, "2-before-you-send")
    box.fill(CLEAN)
    page.locator("#message-warnings .findings-clean").wait_for()
    expect(page.locator("button.send-anyway")).to_have_count(0)
    expect(page.locator(".send-warning")).to_have_count(0)
    expect(page.locator("button.send")).to_have_text("Send")
    shoot(page, request, "3-clean-plain-send")
    page.locator("button.send").click()
    page.wait_for_url("**/messages/thread/*/")
    assert Message.objects.get().text == CLEAN


def test_a_pasted_note_over_the_limit_is_kept_and_the_counter_turns_red(new_page, make_member):
    make_member("alice", name="Alice Archer")
    bob = make_member("bob", name="Bob Baker")
    page = new_page()
    log_in(page, "alice")
    page.goto(f"/people/{bob.id}/connect/")
    long_note = "We met at the PyCon sprint. " * 11  # 308 characters, pasted at once
    page.locator("textarea[name=note]").fill(long_note)
    assert page.locator("textarea[name=note]").input_value() == long_note  # not cut at 300
    counter = page.locator("#note-count")
    expect(counter).to_have_text(f"{len(long_note)} / 300")
    expect(counter).to_have_class("note-count note-count-over")
    page.get_by_text(
        f"The note has {len(long_note)} characters; keep it to 300 or fewer."
    ).wait_for()


def test_moderator_journey_to_a_warning_the_sender_reads(new_page, make_member, request):
    moderator = make_member("mona", name="Mona Moderator")
    moderator.groups.add(ensure_moderators_group())
    sam = make_member("sam", name="Sam Seller")
    ann = make_member("ann", name="Ann Anders")
    review, _verdict = _flag(sam, ann, PITCH)
    page = new_page()
    log_in(page, "mona")
    page.goto("/moderation/")
    expect(page.locator('input[name="warn"]')).not_to_be_checked()  # one key, one step
    shoot(page, request, "1-queue")
    page.get_by_role("button", name="Start reviewing: claim the next item").click()
    page.wait_for_url(f"**/moderation/reviews/{review.pk}/**")
    table = page.locator(".score-table").bounding_box()
    column = page.locator(".review-main").bounding_box()
    assert table["x"] + table["width"] <= column["x"] + column["width"] + 1, "under the sidebar"
    expect(page.locator(".priority-note")).to_contain_text("− age")
    shoot(page, request, "2-review")
    page.locator("#decision-form input[name=warn]").check()
    page.locator("#decision-form button[data-shortcut=c]").click()
    undo = page.locator(".undo-bar")
    undo.wait_for()
    assert undo.locator("span").bounding_box()["height"] < 40, "the undo text keeps one line"
    shoot(page, request, "3-decided")
    page.goto("/moderation/rules/")
    box = page.locator("section[aria-labelledby=rules-h] .table-scroll")  # the per-rule table
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), "precision is on screen"
    shoot(page, request, "4-rules")

    warning = SenderWarning.objects.get()
    sams = new_page()
    log_in(sams, "sam")
    expect(sams.get_by_text("A moderator has warned you about something you sent.")).to_be_visible()
    sams.get_by_role("link", name="Read the warning").click()
    sams.get_by_role("link", name="A moderator warned you about a message you sent.").click()
    sams.wait_for_url(f"**/notifications/warnings/{warning.pk}/")
    expect(sams.locator(".moderator-words")).to_be_visible()
    expect(sams.locator("mark.evidence").first).to_be_visible()
    assert_fits(sams)
    sams.set_viewport_size({"width": 1280, "height": 900})
    shoot(sams, request, "5-sender-reads")
    sams.get_by_role("button", name="I understand").click()
    sams.get_by_text("You read this on").wait_for()
    expect(sams.get_by_text("A moderator has warned you about something you sent.")).to_have_count(
        0
    )
    warning.refresh_from_db()
    assert warning.seen_at is not None


@pytest.mark.parametrize("javascript", [True, False])
def test_a_long_name_and_the_send_anyway_state_fit_a_phone(
    new_page, make_member, request, javascript
):
    """QA at 390 px: "Send anyway" pushed the note and buttons past the card, and an unbroken
    120-character name pushed Send off-screen on the connect and compose pages."""
    make_member("alice", name="Alice Archer")
    long_name = "Bartholomew" + "x" * 109
    bob = make_member("bob", name=long_name)
    page = new_page(width=390, javascript=javascript)
    log_in(page, "alice")
    page.goto(f"/people/{bob.id}/connect/")
    assert_fits(page)
    page.set_viewport_size({"width": 390, "height": 800})
    page.get_by_label("I don’t know Bartholomew").check()
    page.locator("textarea[name=note]").fill(PITCH)
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_role("button", name="Send anyway").wait_for()
    shoot(page, request, "confirm-390")
    assert_fits(page)
    page.goto(f"/messages/new/{bob.id}/")
    assert_fits(page)
