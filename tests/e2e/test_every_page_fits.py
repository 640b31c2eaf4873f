"""Every page of the site on a phone (issue 13.5): at 390 and 360 px nothing scrolls sideways,
and no page logs a browser console error (the fixtures fail the test on one). A screenshot of
each page at 390 px goes to artifacts/screenshots/."""

from __future__ import annotations

import pytest

from connections.models import Block, ConnectionRequest
from connections.profiles.selectors import connection_pair
from netiquette.moderation import services as moderation
from netiquette.moderation.models import SenderWarning
from netiquette.moderation.services import ensure_moderators_group
from tests.e2e.conftest import SCREENSHOTS, assert_fits, log_in
from tests.e2e.test_moderation_e2e import PITCH, ROMANTIC, _flag

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Maximiliana Bartholomew-Featherstonehaugh"


@pytest.fixture
def site(make_member):
    """A small network with something on every page: connections, invitations both ways, a
    flagged conversation, a warning, a block, and a moderator with decisions."""
    from connections.models import Connection

    def connect(a, b):
        low, high = connection_pair(a.id, b.id)
        Connection.objects.create(user_low_id=low, user_high_id=high)

    dana = make_member("dana", name="Dana Demo", headline="Product manager, curious about manners")
    bob = make_member("bob", name="Bob Baker", headline="Head of platform engineering at Acme")
    carol = make_member("carol", name=LONG_NAME, headline="Recruiter for data and ML roles")
    erin = make_member("erin", name="Erin Eames")
    sam = make_member("sam", name="Sam Seller")
    frank = make_member("frank", name="Frank Fields")
    mona = make_member("mona", name="Mona Moderator")
    mona.groups.add(ensure_moderators_group())
    mona.is_staff = True
    mona.save()
    connect(dana, bob)
    invited = ConnectionRequest.objects.create(sender=carol, recipient=dana, how_known="none")
    ConnectionRequest.objects.create(sender=dana, recipient=erin, how_known="colleague")
    flagged, _ = _flag(sam, dana, PITCH + " https://example.com/a-very-long-link-" + "x" * 60)
    _flag(bob, dana, "Thanks for the review — see you at the planning meeting on Monday.")
    own, _ = _flag(dana, frank, ROMANTIC)
    moderation.review_decide(review_id=own.pk, moderator=mona, decision="confirm", warn=True)
    Block.objects.create(blocker=dana, blocked=frank)
    return {
        "dana": dana,
        "bob": bob,
        "carol": carol,
        "erin": erin,
        "sam": sam,
        "invitation": invited,
        "thread": flagged.message.thread_id,
        "message": flagged.message_id,
        "review": flagged,
        "warning": SenderWarning.objects.get(),
    }


def check_pages(page, request, who: str, paths: list[str]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, path in enumerate(paths, start=1):
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(path)
        assert_fits(page, 390, 360)
        page.set_viewport_size({"width": 390, "height": 800})
        name = f"{request.node.name}-{who}-{number:02d}.png"
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_a_members_pages_fit_a_phone(new_page, site, request):
    # Two error pages opened on purpose; any other console error still fails the test.
    new_page.expect_status(f"/messages/{site['message']}/report/", 405)
    new_page.expect_status("/no-such-page/", 404)
    page = new_page(width=390)
    log_in(page, "dana")
    s = site
    check_pages(
        page,
        request,
        "member",
        [
            "/",
            "/people/",
            "/people/?q=engineering",
            f"/people/{s['bob'].id}/",
            f"/people/{s['carol'].id}/",
            f"/people/{s['erin'].id}/",
            f"/people/{s['dana'].id}/",
            "/people/me/edit/",
            f"/people/{s['sam'].id}/connect/",
            f"/people/{s['bob'].id}/connect/",
            "/network/",
            "/network/blocked/",
            "/invitations/",
            "/invitations/sent/",
            f"/invitations/{s['invitation'].pk}/accept/",
            "/messages/",
            "/messages/?folder=other",
            f"/messages/thread/{s['thread']}/",
            f"/messages/new/{s['sam'].id}/",
            "/notifications/",
            f"/notifications/warnings/{s['warning'].pk}/",
            "/accounts/logout/",
            f"/messages/{s['message']}/report/",
            "/no-such-page/",
        ],
    )


def test_a_moderators_pages_fit_a_phone(new_page, site, request):
    page = new_page(width=390)
    log_in(page, "mona")
    check_pages(
        page,
        request,
        "moderator",
        [
            "/moderation/",
            f"/moderation/reviews/{site['review'].pk}/",
            "/moderation/rules/",
            "/moderation/log/",
            "/messages/warnings/",
            "/scoring/",
        ],
    )


def test_a_visitors_pages_fit_a_phone(new_page, db, request):
    page = new_page(width=390)
    check_pages(
        page,
        request,
        "visitor",
        ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"],
    )
