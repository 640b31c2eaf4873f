"""Template helpers for showing the engine's evidence.

``{{ text|highlight_findings:findings }}`` wraps each finding's span in ``<mark>``. Every piece
of user text is escaped first; only the ``<mark>`` tags are ours.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _span_and_rule(finding: Any) -> tuple[tuple[int, int] | None, str, str]:
    if isinstance(finding, dict):
        span = finding.get("span")
        return (tuple(span) if span else None), finding.get("rule_id", ""), finding.get("label", "")
    return finding.span, finding.rule_id, finding.label


@register.filter
def highlight_findings(text: str, findings: Iterable[Any] | None) -> SafeString:
    text = text or ""
    spans = []
    for index, finding in enumerate(findings or ()):
        span, rule_id, label = _span_and_rule(finding)
        if span and 0 <= span[0] < span[1] <= len(text):
            spans.append((span[0], span[1], index, rule_id, label))
    # A rule's exact words win over the learned layer's sentence where they overlap; among
    # the same kind, the earlier mark covers the later one.
    spans.sort(key=lambda s: (s[3].startswith("model."), s[0], s[1]))
    chosen: list[tuple[int, int, int, str, str]] = []
    for span in spans:
        if all(span[1] <= other[0] or other[1] <= span[0] for other in chosen):
            chosen.append(span)
    chosen.sort()
    pieces: list[str] = []
    cursor = 0
    for start, end, index, rule_id, label in chosen:
        pieces.append(escape(text[cursor:start]))
        pieces.append(
            format_html(
                '<mark class="evidence evidence-{}" data-rule="{}" id="evidence-{}">{}</mark>',
                label,
                rule_id,
                index,
                text[start:end],
            )
        )
        cursor = end
    pieces.append(escape(text[cursor:]))
    # Safe: every piece of user text above went through escape() or format_html().
    return mark_safe("".join(pieces))


LABEL_NAMES = {
    "personal": "Personal",
    "no_context": "No context",
    "sales_pitch": "Sales pitch",
    "give_me": "Only asks",
    "political": "Political",
}


@register.filter
def label_name(label: str) -> str:
    """A label id as people read it: ``sales_pitch`` → "Sales pitch"."""
    return LABEL_NAMES.get(label, str(label).replace("_", " ").capitalize())


@register.filter
def draft_length(text: str | None) -> int:
    """A draft's length as the counters and limits count it: one character per line break
    (browsers send CR LF)."""
    return len((text or "").replace("\r\n", "\n"))
