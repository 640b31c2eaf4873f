"""The browser harness itself: a member logs in through the real page."""

from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_and_lands_on_their_home_page(page, screenshot, make_member):
    make_member("carol", name="Carol Chen")
    log_in(page, "carol")
    assert urlparse(page.url).path == "/"
    assert page.locator("h1").inner_text() == "Good to see you, Carol"
    screenshot("home")


def test_the_harness_sees_console_errors(chromium):
    """Every e2e page is watched: a console error or an uncaught exception is recorded (and the
    ``new_page`` fixture fails the test with it)."""
    from tests.e2e.conftest import ConsoleErrors

    errors = ConsoleErrors()
    context = chromium.new_context()
    context.on("page", errors.watch)
    try:
        page = context.new_page()
        page.set_content("<p>hi</p>")
        page.evaluate("console.error('hx-disabled-elt returned no matches')")
        page.evaluate("setTimeout(() => { throw new Error('boom'); })")
        page.wait_for_timeout(100)
    finally:
        context.close()
    assert errors[0].startswith("hx-disabled-elt returned no matches")
    assert errors[1] == "uncaught: boom"
