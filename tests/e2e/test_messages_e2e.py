"""Messages in a real headless Chromium: live warnings while typing, Send anyway, and the
recipient finding the pitch in Other with a warning bar. Screenshots in artifacts/screenshots/."""

import pytest

from messaging.models import Message
from tests.e2e.conftest import log_in
from tests.messaging.verdicts import evidence_texts, verdict_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PITCH = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"
CLEAN = "Thanks for the talk at the PyCon meetup yesterday — I enjoyed your point on testing."


def test_pitch_to_a_stranger_lands_in_their_other_folder(page, screenshot, make_member):
    sam = make_member("sam", name="Sam Sender")
    rita = make_member("rita", name="Rita Recipient")
    # What the engine says about the pitch as a first contact: the words it marks, and why.
    verdict = verdict_for(sender=sam, recipient=rita, text=PITCH)
    marked = evidence_texts(PITCH, verdict.findings)

    log_in(page, "sam")
    page.goto(f"/messages/new/{rita.id}/")
    page.fill("textarea[name=text]", PITCH)
    evidence = page.locator("#message-warnings mark.evidence")
    evidence.first.wait_for()
    assert evidence.all_inner_texts() == marked
    warnings = page.locator("#message-warnings").inner_text()
    assert all(finding.message in warnings for finding in verdict.findings)
    screenshot("1-live-warning")

    page.click("button.send")
    page.locator(".send-warning").wait_for()
    assert page.locator("button.send-anyway").is_visible()
    screenshot("2-edit-or-send-anyway")
    page.click("button.send-anyway")
    page.wait_for_url("**/messages/thread/*/")
    assert Message.objects.get().folder == "other"

    page.context.clear_cookies()
    log_in(page, "rita")
    page.goto("/messages/")
    assert "Sam Sender" not in page.locator("#thread-list").inner_text()
    page.click("a.folder-other")  # htmx swaps the list and pushes ?folder=other
    page.wait_for_url("**/messages/?folder=other")
    row = page.locator("#thread-list .thread-row", has_text="Sam Sender")
    row.wait_for()
    assert "1 unread" in row.inner_text()
    screenshot("3-recipient-other-folder")

    row.locator("a.thread-link").click()
    bar = page.locator(".warning-bar")
    bar.wait_for()
    assert "Netiquette flagged this message" in bar.inner_text()
    assert page.locator(".message-body mark.evidence").all_inner_texts() == marked
    screenshot("4-warning-bar")

    page.click("button.mark-safe")  # htmx swaps the message in place
    page.get_by_text("Marked safe: this conversation is in Focused.").wait_for()
    assert page.locator(".warning-bar").count() == 0
    screenshot("5-marked-safe")


def test_editing_a_pitch_until_clean_then_sending(page, screenshot, make_member):
    make_member("sam", name="Sam Sender")
    rita = make_member("rita", name="Rita Recipient")
    log_in(page, "sam")
    page.goto(f"/messages/new/{rita.id}/")
    page.fill("textarea[name=text]", PITCH)
    page.locator("#message-warnings mark.evidence").first.wait_for()
    page.fill("textarea[name=text]", CLEAN)
    page.locator("#message-warnings .findings-clean").wait_for()
    assert page.locator("#message-counter").inner_text() == f"{len(CLEAN)} / 8000"
    screenshot("1-looks-professional")
    page.click("button.send")
    page.wait_for_url("**/messages/thread/*/")
    assert CLEAN in page.locator("#message-list").inner_text()
    screenshot("2-sent")
    message = Message.objects.get()
    assert (message.folder, message.first_contact) == ("focused", True)


def test_compose_works_without_javascript(new_page, make_member, request):
    """Same flow with JavaScript off: full page loads for the check, the warning and sending.
    "Check wording" is a POST: the draft never reaches the address bar or the history."""
    from tests.e2e.conftest import SCREENSHOTS

    sam = make_member("sam", name="Sam Sender")
    rita = make_member("rita", name="Rita Recipient")
    verdict = verdict_for(sender=sam, recipient=rita, text=PITCH)
    page = new_page(javascript=False)
    log_in(page, "sam")
    page.goto(f"/messages/new/{rita.id}/")
    page.fill("textarea[name=text]", PITCH)
    page.click("button.check-wording")  # a POST to …/check/: the page with the findings
    page.wait_for_url(f"**/messages/new/{rita.id}/check/")
    assert "?" not in page.url and "csrfmiddlewaretoken" not in page.url
    marks = page.locator("#message-warnings mark.evidence").all_inner_texts()
    assert marks == evidence_texts(PITCH, verdict.findings)
    assert page.locator("textarea[name=text]").input_value() == PITCH
    page.click("button.send")
    page.locator(".send-warning").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-warning.png"), full_page=True)
    page.click("button.send-anyway")
    page.wait_for_url("**/messages/thread/*/")
    assert Message.objects.get().text == PITCH
