"""What the engine says about a draft, for tests that must hold whatever its rules and weights.

Tests compare pages and rows with the engine's own verdict for the same draft (rule ids,
labels, action, evidence) instead of hard-coding one engine's numbers, and choose an action
(warn, flag, block) by re-weighting the rules the draft fires, as a moderator could.
"""

from __future__ import annotations

import html
import re

from django.utils.html import escape

from messaging.selectors import message_context
from netiquette import scoring
from netiquette.etiquette import Context, Draft, RuleSettings, Verdict, check
from netiquette.templatetags.etiquette import highlight_findings

_MARK = re.compile(r"<mark [^>]*>(.*?)</mark>", re.DOTALL)
# Uniform weights tried, smallest first; each is 1.2 times the last, so any action whose score
# band is more than 20% wide is hit whatever the engine's thresholds.
_WEIGHT_LADDER = tuple(round(0.05 * 1.2**step, 4) for step in range(60))


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
    one the scoring service builds for a stored item (``scoring.item_contexts``).
    """
    if context is None:
        context = message_context(sender=sender, recipient=recipient)
    return check(
        Draft(kind=kind, text=text, context=context),
        settings if settings is not None else scoring.current_rule_settings(),
    )


def rule_ids(verdict: Verdict) -> list[str]:
    """The fired rules as the warning events and reviews store them: sorted, once each."""
    return sorted({finding.rule_id for finding in verdict.findings})


def settings_for_action(
    *,
    sender=None,
    recipient=None,
    text: str,
    action: str,
    context: Context | None = None,
    kind: str = "message",
) -> RuleSettings:
    """Rule settings under which the engine's action for ``text`` is ``action``.

    Only the rules the draft fires with the settings in force are re-weighted (all to one
    weight), so other texts in the test are judged as usual. ``context`` and ``kind`` as for
    ``verdict_for``.
    """
    judge = dict(sender=sender, recipient=recipient, text=text, context=context, kind=kind)
    fired = rule_ids(verdict_for(**judge))
    assert fired, f"the engine finds nothing in {text!r}; a test needs a plainly bad draft"
    for weight in _WEIGHT_LADDER:
        settings = RuleSettings(version=7, weights=dict.fromkeys(fired, weight))
        if verdict_for(**judge, settings=settings).action == action:
            return settings
    raise AssertionError(f"no weight for {fired} makes the engine {action!r} {text!r}")


def evidence_html(text: str, findings) -> str:
    """The highlighted text a page must show for these findings (each piece escaped)."""
    marked = str(highlight_findings(text, findings))
    assert "<mark " in marked, "the engine's findings point at no words"
    return marked


def evidence_texts(text: str, findings) -> list[str]:
    """The words each ``<mark>`` holds, in page order (overlapping evidence is marked once)."""
    return [html.unescape(words) for words in _MARK.findall(evidence_html(text, findings))]


def finding_messages(findings) -> list[str]:
    """Each finding's reason, escaped as a page shows it."""
    return [str(escape(f.message if hasattr(f, "message") else f["message"])) for f in findings]
