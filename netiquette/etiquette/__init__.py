"""The etiquette rules engine: pure Python, imports nothing from Django.

Public API (see docs/architecture.md and DESIGN.md, "The engine's contract")::

    from netiquette.etiquette import Context, Draft, RuleSettings, check, rule_catalogue

    verdict = check(Draft(kind="request_note", text="…", context=Context(first_contact=True)))
    verdict.labels, verdict.score, verdict.action, verdict.findings

Rules live in ``rules/`` (one module per family, registered in ``registry.RULE_MODULES``);
``normalize`` folds obfuscated text; ``registry`` holds thresholds, settings and aggregation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from netiquette.etiquette import registry
from netiquette.etiquette.signals import Analysis

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
        if isinstance(shared, str):
            shared = (shared,)
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


_DEFAULT_SETTINGS = RuleSettings()


def rule_catalogue() -> list[RuleInfo]:
    """Every registered rule, in registry order, with its default weight."""
    return [
        RuleInfo(rule.rule_id, rule.label, rule.doc, rule.weight, rule.takes_phrases)
        for rule in registry.all_rules()
    ]


def _findings(draft: Draft, settings: RuleSettings) -> list[Finding]:
    steps = registry.plan(settings)  # first: importing the rules registers their phrases
    analysis = Analysis(draft.text, draft.kind, draft.context)
    analysis.present()
    findings: list[Finding] = []
    # Cheap prefilter: a rule none of whose families' leading words occur is not called.
    for rule, extra, weight in registry.runnable(steps, analysis.live):
        hit = rule.detect(analysis, extra)
        if hit is None:
            continue
        span = None if hit == registry.NO_SPAN else analysis.norm.span(*hit)
        findings.append(
            Finding(rule.rule_id, rule.label, rule.message, span, rule.suggestion, weight)
        )
    return findings


_NO_FINDINGS: dict[int, Verdict] = {}


def _no_findings(version: int) -> Verdict:
    """The verdict on a draft no rule fires on: one (immutable) instance per ruleset version."""
    verdict = _NO_FINDINGS.get(version) if type(version) is int else None
    if verdict is None:
        score = round(sum(()), 4)
        verdict = Verdict(frozenset(), score, registry.action_for(score), (), version)
        if type(version) is int and len(_NO_FINDINGS) < 64:
            _NO_FINDINGS[version] = verdict
    return verdict


def check(draft: Draft, settings: RuleSettings | None = None) -> Verdict:
    """Judge one draft. Deterministic, never raises on any ``str``, linear in its length."""
    settings = settings or _DEFAULT_SETTINGS
    text = draft.text if isinstance(draft.text, str) else str(draft.text or "")
    if text is not draft.text:
        draft = Draft(kind=draft.kind, text=text, context=draft.context)
    context = draft.context
    if not isinstance(context, Context):
        context = Context.from_dict(context) if isinstance(context, Mapping) else Context()
    if context is not draft.context:
        draft = Draft(kind=draft.kind, text=text, context=context)
    # An empty message says nothing to judge; an empty request note to a stranger still says
    # nothing about how they know each other, which is what a note is for: it is coached like
    # a generic one (docs/etiquette.md, "One rule for notes and first messages").
    judged = (text and not text.isspace()) or draft.kind == "request_note"
    findings = _findings(draft, settings) if judged else []
    if not findings:
        return _no_findings(settings.version)
    score = round(sum(f.weight for f in findings), 4)
    return Verdict(
        labels=frozenset(f.label for f in findings if f.weight > 0),
        score=score,
        action=registry.action_for_findings(score, findings),
        findings=tuple(findings),
        ruleset_version=settings.version,
    )
