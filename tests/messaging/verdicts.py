"""The engine's verdict on a message draft, from the views' context (see tests/engine_helpers)."""

from __future__ import annotations

from messaging.selectors import message_context
from netiquette.core import rule_settings
from netiquette.etiquette import Context, Draft, RuleSettings, Verdict, check
from tests.engine_helpers import (  # noqa: F401  (re-exported for the messages tests)
    evidence_html,
    evidence_texts,
    finding_messages,
    rule_ids,
    settings_giving,
)


def verdict_for(
    *,
    sender=None,
    recipient=None,
    text: str,
    settings: RuleSettings | None = None,
    context: Context | None = None,
    kind: str = "message",
) -> Verdict:
    """The engine's verdict on ``text`` from ``sender`` to ``recipient`` right now, with the
    settings the views use (or ``settings``). Stores nothing.

    ``context`` (with ``kind``, the draft's kind) replaces the live check's context, e.g. the
    one the scoring service builds for a stored item (``facts.item_contexts``).
    """
    if context is None:
        context = message_context(sender=sender, recipient=recipient)
    return check(
        Draft(kind=kind, text=text, context=context),
        settings if settings is not None else rule_settings.current_rule_settings(),
    )


def settings_for_action(
    *,
    sender=None,
    recipient=None,
    text: str,
    action: str,
    context: Context | None = None,
    kind: str = "message",
) -> RuleSettings:
    """Rule settings under which the engine's action for ``text`` is ``action`` (only the rules
    the draft fires are re-weighted). ``context`` and ``kind`` as for ``verdict_for``."""
    judge = dict(sender=sender, recipient=recipient, text=text, context=context, kind=kind)
    return settings_giving(
        lambda settings: verdict_for(**judge, settings=settings), action=action, what=repr(text)
    )
