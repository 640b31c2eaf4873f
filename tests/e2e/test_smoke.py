"""The browser harness itself: a member logs in through the real page."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_and_sees_people(page, screenshot, make_member):
    make_member("carol", name="Carol Chen")
    log_in(page, "carol")
    page.wait_for_url("**/people/")
    assert page.locator("h1").inner_text() == "People"
    screenshot("people")
