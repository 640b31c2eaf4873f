"""A member writes a connection request note in a real browser: the live check highlights a
pitch, the member edits until it looks professional, and sends."""

from __future__ import annotations

import pytest

from connections.models import ConnectionRequest
from netiquette.core.models import WarningEvent
from tests.e2e.conftest import log_in
from tests.engine_helpers import evidence_texts, force_action
from tests.requests.verdicts import note_verdict

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PITCH = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"
CLEAN = "Thanks for the talk at the PyCon meetup yesterday. I enjoyed your point on testing."


def test_pitch_is_highlighted_then_edited_until_clean_and_sent(page, screenshot, make_member):
    alice = make_member("alice", name="Alice Archer")
    bob = make_member("bob", name="Bob Baker", headline="Platform lead at Acme")
    # What the engine says while a stranger types the pitch: the words it marks, and why.
    verdict = note_verdict(sender=alice, recipient=bob, text=PITCH, how_known="none", live=True)
    marked = evidence_texts(PITCH, verdict.findings)
    log_in(page, "alice")
    page.goto(f"/people/{bob.id}/connect/")
    assert page.locator("legend").inner_text() == "How do you know Bob Baker?"
    page.get_by_label("I don’t know Bob").check()

    note = page.locator("textarea[name=note]")
    note.click()
    note.press_sequentially(PITCH, delay=5)
    marks = page.locator("#note-findings mark.evidence")
    marks.first.wait_for()
    assert marks.all_inner_texts() == marked
    findings = page.locator("#note-findings").inner_text()
    assert all(finding.message in findings for finding in verdict.findings)
    assert page.locator("#note-count").inner_text() == f"{len(PITCH)} / 300"
    screenshot("1-warning")

    note.fill("")
    note.press_sequentially(CLEAN, delay=5)
    page.locator("#note-findings .findings-clean").wait_for()
    assert page.locator("#note-findings").inner_text().strip() == "✓ Looks professional"
    assert page.locator("#note-findings mark").count() == 0
    screenshot("2-clean")

    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to Bob Baker.").wait_for()
    screenshot("3-sent")
    invitation = ConnectionRequest.objects.get()
    assert invitation.note == CLEAN and invitation.recipient_id == bob.id
    # The live check stored nothing, and the send re-check found nothing to warn about.
    assert not WarningEvent.objects.exists()


def test_without_javascript_the_server_warns_and_send_anyway_works(
    new_page, make_member, request, monkeypatch
):
    from tests.e2e.conftest import SCREENSHOTS

    alice = make_member("alice", name="Alice Archer")
    bob = make_member("bob", name="Bob Baker")

    def verdict_of(settings=None):
        return note_verdict(
            sender=alice, recipient=bob, text=PITCH, how_known="none", settings=settings
        )

    # The live server runs in this process: settings under which the pitch warns (the engine
    # may flag or block a stranger's pitch outright) are in force for it too.
    force_action(monkeypatch, verdict_of, action="warn", what=repr(PITCH))
    marked = evidence_texts(PITCH, verdict_of().findings)
    page = new_page(javascript=False)
    log_in(page, "alice")
    page.goto(f"/people/{bob.id}/connect/")
    page.get_by_label("I don’t know Bob").check()
    page.fill("textarea[name=note]", PITCH)
    page.get_by_role("button", name="Check wording").click()  # a POST: no draft in the URL
    page.wait_for_url(f"**/people/{bob.id}/connect/check/")
    assert "?" not in page.url
    assert page.locator("#note-findings mark.evidence").all_inner_texts() == marked
    assert page.locator("textarea[name=note]").input_value() == PITCH
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Before you send").wait_for()
    assert page.locator("#note-findings mark.evidence").all_inner_texts() == marked
    assert not ConnectionRequest.objects.exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-warned.png"), full_page=True)
    page.get_by_role("button", name="Send anyway").click()
    page.wait_for_url("**/invitations/sent/")
    assert "Invitation sent to Bob Baker." in page.content()
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-sent.png"), full_page=True)
    assert ConnectionRequest.objects.get().action == "warn"
    assert WarningEvent.objects.get().outcome == "sent_anyway"


def test_answering_invitations_in_place_updates_the_nav_count(page, screenshot, make_member):
    alice = make_member("alice", name="Alice Archer")
    for name in ("bob", "carol"):
        sender = make_member(name, name=f"{name.title()} Example")
        ConnectionRequest.objects.create(sender=sender, recipient=alice, how_known="colleague")
    log_in(page, "alice")
    page.goto("/invitations/")
    badge = page.locator("#nav-invitations")
    assert badge.inner_text().strip() == "2"
    page.get_by_role("button", name="Accept").first.click()
    page.get_by_text("You are now connected with").wait_for()
    assert page.url.endswith("/invitations/")  # answered in place, no page load
    assert badge.inner_text().strip() == "1"
    screenshot("1-accepted")
    page.get_by_role("button", name="Ignore").click()
    page.get_by_text("Ignored").wait_for()
    assert badge.inner_text().strip() == ""
    assert page.locator("#nav-invitations .badge").count() == 0
