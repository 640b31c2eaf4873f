"""The etiquette rules engine: pure Python, imports nothing from Django.

Public API (see docs/architecture.md and DESIGN.md, "The engine's contract")::

    from netiquette.etiquette import Context, Draft, RuleSettings, check, rule_catalogue

    verdict = check(Draft(kind="request_note", text="…", context=Context(first_contact=True)))
    verdict.labels, verdict.score, verdict.action, verdict.findings

NOTE: this is the contract stub of the foundation commit; the engine issue fills in the rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Context",
    "Draft",
    "Finding",
    "RuleInfo",
    "RuleSettings",
    "Verdict",
    "check",
    "rule_catalogue",
]

HOW_KNOWN = ("colleague", "classmate", "met_in_person", "business", "friend", "none")


@dataclass(frozen=True, slots=True)
class Context:
    """What the network knows about sender and recipient. ``None`` means unknown."""

    first_contact: bool | None = None
    connected: bool | None = None
    how_known: str | None = None
    sender_role: str | None = None  # "member" | "recruiter"
    recipient_open_to_work: bool | None = None
    shared: tuple[str, ...] = ()  # "employer:Acme", "school:MIT", "event:…", "group:…"
    # Cross-message facts computed by the scoring layer from stored history:
    template_copies: int | None = None  # near-identical texts this sender sent to others
    stranger_request_share: float | None = None  # share of recent requests sent to strangers
    recent_requests: int | None = None  # how many requests that share is taken over

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Context:
        data = data or {}
        shared = data.get("shared") or ()
        return cls(
            first_contact=data.get("first_contact"),
            connected=data.get("connected"),
            how_known=data.get("how_known"),
            sender_role=data.get("sender_role"),
            recipient_open_to_work=data.get("recipient_open_to_work"),
            shared=tuple(str(s) for s in shared),
            template_copies=data.get("template_copies"),
            stranger_request_share=data.get("stranger_request_share"),
            recent_requests=data.get("recent_requests"),
        )


@dataclass(frozen=True, slots=True)
class Draft:
    kind: str  # "request_note" | "message"
    text: str
    context: Context = field(default_factory=Context)


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    label: str
    message: str
    span: tuple[int, int] | None
    suggestion: str
    weight: float

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span) if self.span else None
        return data


@dataclass(frozen=True, slots=True)
class Verdict:
    labels: frozenset[str]
    score: float
    action: str  # "ok" | "warn" | "flag" | "block"
    findings: tuple[Finding, ...]
    ruleset_version: int = 0


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Overrides from the database: rules switched off, re-weighted, extra phrases; versioned."""

    version: int = 0
    disabled: frozenset[str] = frozenset()
    weights: Mapping[str, float] = field(default_factory=dict)
    extra_phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    rule_id: str
    label: str
    doc: str
    weight: float
    takes_phrases: bool


_STUB_RULE = RuleInfo(
    "sales_pitch.book_a_call",
    "sales_pitch",
    "Asks a stranger to book a call.",
    1.0,
    True,
)
_STUB_PATTERN = re.compile(r"book (?:a|an) (?:quick )?(?:\d+[- ]min(?:ute)? )?call", re.I)


def rule_catalogue() -> list[RuleInfo]:
    return [_STUB_RULE]


def _action(score: float) -> str:
    if score >= 3:
        return "block"
    if score >= 2:
        return "flag"
    if score >= 1:
        return "warn"
    return "ok"


def check(draft: Draft, settings: RuleSettings | None = None) -> Verdict:
    settings = settings or RuleSettings()
    findings = []
    if _STUB_RULE.rule_id not in settings.disabled:
        weight = settings.weights.get(_STUB_RULE.rule_id, _STUB_RULE.weight)
        for m in _STUB_PATTERN.finditer(draft.text):
            findings.append(
                Finding(
                    _STUB_RULE.rule_id,
                    "sales_pitch",
                    "Asking someone you have not met to book a call reads as a sales pitch.",
                    m.span(),
                    "Start with a question about their work instead.",
                    weight,
                )
            )
            break
    score = sum(f.weight for f in findings)
    return Verdict(
        labels=frozenset(f.label for f in findings),
        score=score,
        action=_action(score),
        findings=tuple(findings),
        ruleset_version=settings.version,
    )
