"""A newcomer signs up, fills a profile, searches the directory and opens someone's profile."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_newcomer_signs_up_edits_profile_searches_and_opens_a_profile(
    page, screenshot, make_member
):
    from connections.models import Affiliation, Organisation

    bob = make_member("bob", name="Bob Baker", headline="Head baker at Acme")
    acme, _ = Organisation.objects.get_or_create(kind="company", name="Acme")
    Affiliation.objects.create(
        profile=bob.profile, organisation=acme, kind="position", title="Head baker"
    )
    for i in range(3):
        make_member(f"other{i}", name=f"Other Person {i}")

    page.goto("/accounts/signup/")
    page.fill("input[name=username]", "newbie")
    page.fill("input[name=name]", "Nina Newbie")
    page.fill("input[name=email]", "nina@example.com")
    page.fill("input[name=password1]", "plum-orchard-47-sky")
    page.fill("input[name=password2]", "plum-orchard-47-sky")
    page.click("button[type=submit]")
    page.wait_for_url("**/people/me/edit/")
    assert page.get_by_role("heading", name="Profile checklist").is_visible()

    page.fill("input[name=profile-headline]", "Pastry engineer")
    page.select_option("select[name=history-0-organisation_kind]", "company")
    page.fill("input[name=history-0-organisation_name]", "Acme")
    page.fill("input[name=history-0-title]", "Pastry engineer")
    page.fill("textarea[name=history-0-description]", "Automated the croissant line.")
    screenshot("edit-profile")
    page.click("button:has-text('Save profile')")
    page.wait_for_url("**/people/*/")
    assert page.locator("h1").inner_text() == "Nina Newbie"
    assert page.get_by_text("Your profile is saved.").is_visible()
    assert page.get_by_text("Automated the croissant line.").is_visible()

    # Live search (htmx) narrows the directory without a page load.
    page.click("a:has-text('People')")
    page.wait_for_url("**/people/")
    assert page.locator(".person-card").count() == 4
    page.fill("input[name=q]", "baker")
    # A function, not an expression string: the page's CSP forbids eval (issue 16).
    page.wait_for_function("() => document.querySelectorAll('.person-card').length === 1")
    assert "q=baker" in page.url  # hx-push-url keeps the search in the address
    screenshot("search")
    page.click("a:has-text('Bob Baker')")
    page.wait_for_url(f"**/people/{bob.id}/")
    assert page.locator("h1").inner_text() == "Bob Baker"
    assert page.get_by_text("You both worked at Acme").is_visible()
    screenshot("profile")


def test_directory_search_works_without_javascript(new_page, make_member):
    from tests.e2e.conftest import log_in

    make_member("carol", name="Carol Chen")
    make_member("bob", name="Bob Baker")
    page = new_page(javascript=False)
    log_in(page, "carol")
    page.goto("/people/")
    page.fill("input[name=q]", "bob")
    page.click("button:has-text('Search')")
    page.wait_for_url("**/people/?q=bob")
    assert page.locator(".person-card").count() == 1
