"""The engine's verdict on a message draft, from the views' context (see tests/engine_helpers)."""

from __future__ import annotations

from messaging.selectors import message_context
from netiquette import scoring
from netiquette.etiquette import Draft, RuleSettings, Verdict, check
from tests.engine_helpers import (  # noqa: F401  (re-exported for the messages tests)
    evidence_html,
    evidence_texts,
    finding_messages,
    rule_ids,
)


def verdict_for(*, sender, recipient, text: str, settings: RuleSettings | None = None) -> Verdict:
    """The engine's verdict on ``text`` from ``sender`` to ``recipient`` right now, with the
    settings the views use (or ``settings``). Stores nothing."""
    context = message_context(sender=sender, recipient=recipient)
    return check(
        Draft(kind="message", text=text, context=context),
        settings if settings is not None else scoring.current_rule_settings(),
    )
