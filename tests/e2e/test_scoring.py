"""The scoring progress page in a real browser: it follows the backlog without a reload."""

import pytest

from netiquette.scoring import pipeline as scoring
from tests.e2e.conftest import log_in
from tests.scoring.conftest import CLEAN, PITCH, send_message

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_staff_watch_the_backlog_empty_itself(page, screenshot, make_member):
    staff = make_member("sam", name="Sam Staff")
    staff.is_staff = True
    staff.save()
    alice, bob = make_member("alice"), make_member("bob")
    send_message(alice, bob, PITCH)
    send_message(bob, alice, CLEAN)

    log_in(page, "sam")
    page.goto("/scoring/")
    status = page.locator("#scoring-status")
    assert "2 items waiting." in status.inner_text()
    screenshot("waiting")

    scoring.score_batch("message")  # what a worker does

    # htmx polls every 5 s and swaps the status in place.
    page.wait_for_function(  # a function, not a string: the CSP forbids eval (issue 16)
        "() => document.querySelector('#scoring-status').innerText.includes('Nothing is waiting')",
        timeout=15_000,
    )
    assert "Nothing is waiting" in status.inner_text()
    screenshot("done")
