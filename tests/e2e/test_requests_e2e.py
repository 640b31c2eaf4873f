"""A member writes a connection request note in a real browser: the live check highlights a
pitch, the member edits until it looks professional, and sends."""

from __future__ import annotations

import pytest

from connections.models import ConnectionRequest
from netiquette.models import WarningEvent
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PITCH = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"
CLEAN = "Thanks for the talk at the PyCon meetup yesterday. I enjoyed your point on testing."


def test_pitch_is_highlighted_then_edited_until_clean_and_sent(page, screenshot, make_member):
    make_member("alice", name="Alice Archer")
    bob = make_member("bob", name="Bob Baker", headline="Platform lead at Acme")
    log_in(page, "alice")
    page.wait_for_url("**/people/")
    page.goto(f"/people/{bob.id}/connect/")
    assert page.locator("legend").inner_text() == "How do you know Bob Baker?"
    page.get_by_label("I don’t know Bob").check()

    note = page.locator("textarea[name=note]")
    note.click()
    note.press_sequentially(PITCH, delay=5)
    mark = page.locator("#note-findings mark.evidence")
    mark.wait_for()
    assert mark.inner_text() == "book a quick call"
    assert "reads as a sales pitch" in page.locator("#note-findings").inner_text()
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
    # The warning shown while typing is remembered as "edited", without the draft.
    assert WarningEvent.objects.get().outcome == "edited"


def test_without_javascript_the_server_warns_and_send_anyway_works(
    chromium, live_server, make_member, request
):
    from tests.e2e.conftest import SCREENSHOTS

    make_member("alice", name="Alice Archer")
    bob = make_member("bob", name="Bob Baker")
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, "alice")
        page.wait_for_url("**/people/")
        page.goto(f"/people/{bob.id}/connect/")
        page.get_by_label("I don’t know Bob").check()
        page.fill("textarea[name=note]", PITCH)
        page.get_by_role("button", name="Send invitation").click()
        page.get_by_text("Before you send").wait_for()
        assert page.locator("#note-findings mark.evidence").inner_text() == "book a quick call"
        assert not ConnectionRequest.objects.exists()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-warned.png"), full_page=True)
        page.get_by_role("button", name="Send anyway").click()
        page.wait_for_url("**/invitations/sent/")
        assert "Invitation sent to Bob Baker." in page.content()
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-sent.png"), full_page=True)
    finally:
        context.close()
    assert ConnectionRequest.objects.get().action == "warn"
