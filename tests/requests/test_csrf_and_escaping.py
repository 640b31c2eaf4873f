"""htmx POSTs carry CSRF; user text is escaped, also inside highlighted evidence."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from connections.models import ConnectionRequest
from tests.engine_helpers import evidence_html
from tests.requests.conftest import HX, PITCH
from tests.requests.verdicts import note_verdict

pytestmark = pytest.mark.postgres

# A stranger's pitch with markup around and inside the words the engine marks.
NASTY = f'<script>alert(1)</script> "onmouseover=alert(2) {PITCH}'


def csrf_from_body(html: str) -> str:
    match = re.search(r"<body hx-headers='([^']*)'", html)
    assert match, "the body carries hx-headers"
    return json.loads(match.group(1))["X-CSRFToken"]


@pytest.fixture
def csrf_client(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


@pytest.mark.parametrize(
    "page", ["connections:request_new", "connections:invitations", "connections:invitations_sent"]
)
def test_pages_put_the_csrf_header_on_body(csrf_client, bob, page):
    args = [bob.id] if page == "connections:request_new" else []
    html = csrf_client.get(reverse(page, args=args)).content.decode()
    assert csrf_from_body(html)
    assert "hx-post=" in html or page != "connections:request_new"


def test_htmx_post_without_token_is_rejected_and_with_it_accepted(csrf_client, bob, scheduled):
    url = reverse("connections:request_new", args=[bob.id])
    data = {"how_known": "colleague", "note": ""}
    assert csrf_client.post(url, data, **HX).status_code == 403
    assert not ConnectionRequest.objects.exists()
    token = csrf_from_body(csrf_client.get(url).content.decode())
    response = csrf_client.post(url, data, HTTP_X_CSRFTOKEN=token, **HX)
    assert response.status_code == 200
    assert ConnectionRequest.objects.count() == 1


@pytest.mark.parametrize(
    "name", ["invitation_accept", "invitation_report", "invitations_withdraw_older"]
)
def test_invitation_posts_need_the_token(csrf_client, member, bob, invite, name):
    invitation = invite(bob, member)
    args = [] if name == "invitations_withdraw_older" else [invitation.pk]
    url = reverse(f"connections:{name}", args=args)
    assert csrf_client.post(url, {"older_than_days": 7}, **HX).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    token = csrf_from_body(csrf_client.get(reverse("connections:invitations")).content.decode())
    response = csrf_client.post(url, {"older_than_days": 7}, HTTP_X_CSRFTOKEN=token, **HX)
    assert response.status_code == 200


def assert_escaped(body: str) -> None:
    assert "<script>alert(1)</script>" not in body
    assert '"onmouseover' not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&quot;onmouseover=alert(2)" in body


def test_live_check_escapes_the_note_around_highlighted_evidence(member_client, member, bob):
    verdict = note_verdict(sender=member, recipient=bob, text=NASTY, how_known=None, live=True)
    url = reverse("connections:request_check", args=[bob.id])
    body = member_client.post(url, {"note": NASTY}, **HX).content.decode()
    assert evidence_html(NASTY, verdict.findings) in body
    assert_escaped(body)


@pytest.mark.parametrize("htmx", [False, True])
def test_submit_warning_escapes_the_note(member_client, member, bob, engine_action, htmx):
    engine_action("warn", text=NASTY)
    verdict = note_verdict(sender=member, recipient=bob, text=NASTY, how_known="none")
    url = reverse("connections:request_new", args=[bob.id])
    response = member_client.post(url, {"how_known": "none", "note": NASTY}, **(HX if htmx else {}))
    body = response.content.decode()
    assert "Send anyway" in body
    assert evidence_html(NASTY, verdict.findings) in body
    assert_escaped(body)


def test_received_invitation_escapes_note_and_evidence(member_client, member, make_member, invite):
    sender = make_member("mallory", name='<img src=x onerror=alert(3)> "Mal"')
    verdict = note_verdict(sender=sender, recipient=member, text=NASTY, how_known="none")
    invite(
        sender,
        member,
        note=NASTY,
        how_known="none",
        action=verdict.action,
        findings=[f.as_dict() for f in verdict.findings],
    )
    body = member_client.get(reverse("connections:invitations")).content.decode()
    assert evidence_html(NASTY, [f.as_dict() for f in verdict.findings]) in body
    assert_escaped(body)
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(3)&gt;" in body


def test_live_check_is_a_post_with_the_csrf_token(csrf_client, bob):
    """The live check is a POST (issue 16.10): no draft in a URL, and CSRF protects it."""
    url = reverse("connections:request_check", args=[bob.id])
    assert csrf_client.get(url, {"note": PITCH}, **HX).status_code == 405
    assert csrf_client.post(url, {"note": PITCH}, **HX).status_code == 403
    token = csrf_from_body(
        csrf_client.get(reverse("connections:request_new", args=[bob.id])).content.decode()
    )
    response = csrf_client.post(url, {"note": PITCH}, HTTP_X_CSRFTOKEN=token, **HX)
    assert response.status_code == 200
    assert "<mark" in response.content.decode()
