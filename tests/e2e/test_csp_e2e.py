"""The pages work under the Content-Security-Policy (issue 16, finding 13), in headless
Chromium: every page a member and a moderator use loads with the policy, htmx runs (live
search with its indicator, live checks while typing), and the browser reports no violation."""

from __future__ import annotations

import pytest

from tests.all_pages import build_site
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Every violation the browser reports, kept on the page for the test to read.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_every_page_works_under_the_csp_without_a_violation(page, screenshot, make_member):
    site = build_site(make_member)
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, "mona")

    def visit(path: str) -> None:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert "'nonce-" in response.headers["content-security-policy"], path
        assert page.evaluate("typeof window.htmx") == "object", path
        assert page.evaluate("window.__cspViolations") == [], path

    member, other = site.member.pk, site.other.pk
    for path in (
        "/people/",
        f"/people/{member}/",
        "/people/me/edit/",
        "/invitations/",
        "/invitations/sent/",
        "/messages/",
        f"/messages/thread/{site.thread.pk}/",
        "/messages/warnings/",
        "/moderation/",
        f"/moderation/reviews/{site.review.pk}/",
        "/moderation/log/",
        "/moderation/rules/",
        "/scoring/",
    ):
        visit(path)

    # htmx at work: live search (its indicator style is inline, allowed by the nonce) …
    visit("/people/")
    with page.expect_response(
        lambda r: "/people/" in r.url and r.request.headers.get("hx-request")
    ):
        page.fill("input[name=q]", "Ann")
    page.wait_for_selector("#people-results >> text=Ann Anders")
    assert page.evaluate("document.querySelector('style[nonce]') !== null")
    # … and the live checks while typing a message and a connection note.
    visit(f"/messages/new/{other}/")
    with page.expect_response(lambda r: "/check/" in r.url):
        page.fill("textarea[name=text]", "Hi, I help companies like yours. Book a quick call?")
    stranger = make_member("bea", name="Bea Stranger").pk  # not invited yet
    visit(f"/people/{stranger}/connect/")
    with page.expect_response(lambda r: "/check/" in r.url):
        page.fill("textarea[name=note]", "Hi, I help companies like yours. Book a quick call?")
    screenshot("live-check-under-csp")

    assert page.evaluate("window.__cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text], console
