"""The engine's verdict on a request note, in the context the views build for it.

The submit re-check judges the note with the sender's recent-request figures; the live check
without them (it reads the cached relationship only). See tests/engine_helpers for the rest.
"""

from __future__ import annotations

from connections.requests import limits, selectors, services
from netiquette.core import rule_settings
from netiquette.etiquette import Draft, RuleSettings, Verdict, check


def note_verdict(
    *,
    sender,
    recipient,
    text: str,
    how_known: str | None,
    live: bool = False,
    settings: RuleSettings | None = None,
) -> Verdict:
    """The engine's verdict on ``text`` as a note from ``sender`` to ``recipient`` right now,
    as the submit (or, with ``live``, the live check) judges it. Stores nothing."""
    profile = selectors.recipient_for_request(sender=sender, user_id=recipient.id)
    shared = selectors.shared_context(user_a_id=sender.id, user_b_id=recipient.id)
    context = services.note_context(
        sender=sender,
        recipient=profile,
        how_known=how_known,
        shared=shared.facts,
        stats=None if live else limits.request_stats(sender),
    )
    return check(
        Draft(kind="request_note", text=text, context=context),
        settings if settings is not None else rule_settings.current_rule_settings(),
    )
