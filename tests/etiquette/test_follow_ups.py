"""Reported from the messages area: follow-ups between connected members are not sales
pitches, and the sales rules' messages must hold in the context they fire in."""

from __future__ import annotations

import pytest

from netiquette.etiquette import Context, Draft, check

CONNECTED_COLLEAGUES = Context(first_contact=False, connected=True, how_known="colleague")
CONNECTED_MEMBERS = Context(first_contact=False, connected=True)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Just following up on my last message about the release plan.", CONNECTED_COLLEAGUES),
        ("Just following up on my last message about the release plan.", CONNECTED_MEMBERS),
        ("Did you see my last message?", CONNECTED_MEMBERS),
        ("Did you get a chance to read my previous email about the rota?", CONNECTED_MEMBERS),
        ("Just bumping this: can you approve the travel request?", CONNECTED_COLLEAGUES),
    ],
)
def test_follow_ups_between_connected_members_are_ok(text: str, context: Context) -> None:
    verdict = check(Draft("message", text, context))
    assert verdict.action == "ok", verdict.findings
    assert verdict.score == 0


def test_a_follow_up_on_a_pitch_is_still_a_pitch() -> None:
    text = (
        "Following up on my last message: our SEO packages start at $99 this month. "
        "Can we book a quick call?"
    )
    draft = Draft("message", text, Context(first_contact=True, connected=True))
    assert "sales_pitch" in check(draft).labels
    # the rules alone see it too (the offer with a price), not only the learned layer
    assert "sales_pitch" in check(draft, model=None).labels


@pytest.mark.parametrize(
    "context",
    [
        Context(first_contact=True, connected=False, how_known="none"),
        Context(first_contact=False, connected=True, how_known="business"),
        Context(first_contact=False, connected=True, how_known="colleague"),
        Context(),
    ],
)
def test_sales_messages_do_not_assume_a_connection_or_a_stranger(context: Context) -> None:
    text = (
        "We provide bookkeeping for dental practices, 30% off this month. "
        "Book a quick 15-minute call: calendly.example/acme"
    )
    verdict = check(Draft("message", text, context))
    sales = [f for f in verdict.findings if f.label == "sales_pitch"]
    assert sales, verdict.findings
    for finding in sales:
        message = finding.message.casefold()
        assert "connected with you" not in message
        assert "have not met" not in message
