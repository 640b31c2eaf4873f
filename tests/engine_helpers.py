"""What the engine says about a draft, for tests that must hold whatever its rules and weights.

Shared by the messages and the requests tests. Tests compare pages and rows with the engine's
own verdict for the same draft in the same context (rule ids, labels, action, evidence) instead
of hard-coding one engine's numbers, and choose an action (warn, flag, block) by re-weighting
the rules the draft fires, as a moderator could.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from django.utils.html import escape

from netiquette.core import rule_settings
from netiquette.core.templatetags.etiquette import highlight_findings
from netiquette.etiquette import RuleSettings, Verdict

_MARK = re.compile(r"<mark [^>]*>(.*?)</mark>", re.DOTALL)
# Uniform weights tried, smallest first; each is 1.2 times the last, so any action whose score
# band is more than 20% wide is hit whatever the engine's thresholds.
_WEIGHT_LADDER = tuple(round(0.05 * 1.2**step, 4) for step in range(60))

# The engine's verdict on one draft in one context, under ``settings`` (None: those in force).
VerdictOf = Callable[[RuleSettings | None], Verdict]


def rule_ids(verdict: Verdict) -> list[str]:
    """The fired rules as the warning events and reviews store them: sorted, once each."""
    return sorted({finding.rule_id for finding in verdict.findings})


def settings_giving(verdict_of: VerdictOf, *, action: str, what: str) -> RuleSettings:
    """Rule settings under which ``verdict_of`` gives ``action``.

    Only the rules the draft fires with the settings in force are re-weighted (all to one
    weight), so other texts in the test are judged as usual. ``what`` names the draft in
    failure messages.
    """
    fired = rule_ids(verdict_of(None))
    assert fired, f"the engine finds nothing in {what}; a test needs a plainly bad draft"
    for weight in _WEIGHT_LADDER:
        settings = RuleSettings(version=7, weights=dict.fromkeys(fired, weight))
        if verdict_of(settings).action == action:
            return settings
    raise AssertionError(f"no weight for {fired} makes the engine {action!r} {what}")


def force_action(monkeypatch, verdict_of: VerdictOf, *, action: str, what: str) -> RuleSettings:
    """Put settings giving ``action`` in force for the views, services and live checks."""

    settings = settings_giving(verdict_of, action=action, what=what)
    monkeypatch.setattr(rule_settings, "current_rule_settings", lambda: settings)
    return settings


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


def finding_suggestions(findings) -> list[str]:
    """Each finding's suggestion (those that have one), escaped as a page shows it."""
    suggestions = [
        f.suggestion if hasattr(f, "suggestion") else f.get("suggestion") for f in findings
    ]
    return [str(escape(s)) for s in suggestions if s]
