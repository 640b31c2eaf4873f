"""The etiquette rules engine: pure Python, imports nothing from Django.

Public API (see docs/architecture.md and DESIGN.md, "The engine's contract")::

    from netiquette.etiquette import Context, Draft, RuleSettings, check, rule_catalogue

    verdict = check(Draft(kind="request_note", text="…", context=Context(first_contact=True)))
    verdict.labels, verdict.score, verdict.action, verdict.findings

Rules live in ``rules/`` (one module per family, registered in ``registry.RULE_MODULES``);
``normalize`` folds obfuscated text; ``registry`` holds thresholds, settings and aggregation.
The learned layer (``learned.py``, trained by ``train.py``) judges the same drafts beside the
rules: its findings are ordinary ``Finding``s with rule ids ``model.<label>``, and
``check_many`` scores a whole batch with it at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from netiquette.etiquette import learned, registry
from netiquette.etiquette.signals import Analysis

__all__ = [
    "Context",
    "Draft",
    "Finding",
    "RuleInfo",
    "RuleSettings",
    "Verdict",
    "check",
    "check_many",
    "model_version",
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
    # The learned layer's explanation: the nearest labelled examples ("reads like: …").
    examples: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span) if self.span else None
        if self.examples:
            data["examples"] = list(self.examples)
        else:  # stored findings keep the shape they had before the learned layer
            del data["examples"]
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
    # The learned layer's model in force (``learned.LearnedModel``): ``None`` means the
    # committed one. The database's settings carry a model a moderator activated.
    model: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    rule_id: str
    label: str
    doc: str
    weight: float
    takes_phrases: bool


_DEFAULT_SETTINGS = RuleSettings()
# ``check(..., model=DEFAULT_MODEL)``: the settings' model, else the committed one;
# ``model=None``: the rules alone.
DEFAULT_MODEL: Any = object()


def rule_catalogue() -> list[RuleInfo]:
    """Every registered rule, in registry order, with its default weight; then the learned
    layer's ``model.<label>`` (its weight is the weight at its threshold)."""
    return [
        RuleInfo(rule.rule_id, rule.label, rule.doc, rule.weight, rule.takes_phrases)
        for rule in registry.all_rules()
    ] + [
        RuleInfo(rule.rule_id, rule.label, rule.doc, rule.weight, False)
        for rule in registry.model_rules()
    ]


def model_version() -> str:
    """The committed model's version ("<serial>-<sha256 prefix>"): part of the rule settings'
    version, so a new model re-scores the backlog (``netiquette.core.rule_settings``)."""
    return learned.default_model().version


def _rule_findings(draft: Draft, settings: RuleSettings) -> tuple[Analysis, list[Finding]]:
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
    return analysis, findings


def rule_findings(
    kind: str, text: str, context: Context, settings: RuleSettings | None = None
) -> tuple[Analysis | None, list[Finding]]:
    """The rules' findings alone, with the draft's ``Analysis`` (None for an empty text)."""
    draft = _prepared(Draft(kind=kind, text=text, context=context))
    if not draft.text or draft.text.isspace():
        return None, []
    return _rule_findings(draft, settings or _DEFAULT_SETTINGS)


def _model_findings(
    analysis: Analysis,
    findings: list[Finding],
    probabilities: np.ndarray,
    occurrences: Any,
    context_row: np.ndarray,
    model: learned.LearnedModel,
    settings: RuleSettings,
) -> list[Finding]:
    """The rules' findings combined with the model's judgement of one draft.

    Per label (the policy ``train`` chose on validation, ``policy.py``): below its overrule
    threshold the model's doubt drops the findings of the rules it overrules. Below its
    threshold it adds nothing. From its threshold on, where the rules' gate lets it (context
    decides: no missing context between colleagues, no pitch in a recruiter's real job, …), it
    adds a ``model.<label>`` finding: beside a rule of the same label (even one its doubt
    dropped), or alone where the policy lets it. Its weight grows from the setting's
    weight at the threshold to twice that at certainty; ``registry.total`` takes, per label,
    the stronger of it and the rules' weights.
    """
    rules = registry.model_rules_by_label()
    disabled = settings.disabled
    added: list[Finding] = []
    for column, label in enumerate(model.labels):
        rule = rules.get(label)
        if rule is None or rule.rule_id in disabled:
            continue
        probability = float(probabilities[column])
        threshold = float(model.thresholds[column])
        # whether a rule spoke for the label, before the model's doubt drops any
        rule_said = any(f.label == label for f in findings)
        if model.overrules and probability < float(model.overrule_below[column]):
            findings = [
                f for f in findings if not (f.label == label and f.rule_id in model.overrules)
            ]
        if probability < threshold:
            continue
        if not rule.gate(analysis):
            continue
        if not model.alone[column] and not rule_said:
            continue
        base = registry.setting_weight(settings, rule.rule_id, rule.weight)
        certainty = (probability - threshold) / max(1.0 - threshold, 1e-6)
        weight = round(base * (1.0 + min(max(certainty, 0.0), 1.0)), 2)
        start, end = model.best_sentence(analysis.text, occurrences, context_row, column)
        span = analysis.norm.span(start, end) if end > start else None
        added.append(
            Finding(
                rule.rule_id,
                label,
                rule.message,
                span,
                rule.suggestion,
                weight,
                model.nearest(occurrences, column),
            )
        )
    return findings + added


def _prepared(draft: Draft) -> Draft:
    """The draft with a ``str`` text and a ``Context`` (any input is accepted)."""
    text = draft.text if isinstance(draft.text, str) else str(draft.text or "")
    if text is not draft.text:
        draft = Draft(kind=draft.kind, text=text, context=draft.context)
    context = draft.context
    if not isinstance(context, Context):
        context = Context.from_dict(context) if isinstance(context, Mapping) else Context()
    if context is not draft.context:
        draft = Draft(kind=draft.kind, text=text, context=context)
    return draft


_NO_FINDINGS: dict[int, Verdict] = {}


def _no_findings(version: int) -> Verdict:
    """The verdict on a draft nothing fires on: one (immutable) instance per ruleset version."""
    verdict = _NO_FINDINGS.get(version) if type(version) is int else None
    if verdict is None:
        score = round(sum(()), 4)
        verdict = Verdict(frozenset(), score, registry.action_for(score), (), version)
        if type(version) is int and len(_NO_FINDINGS) < 64:
            _NO_FINDINGS[version] = verdict
    return verdict


def _verdict(findings: list[Finding], settings: RuleSettings) -> Verdict:
    if not findings:
        return _no_findings(settings.version)
    score = registry.total(findings)
    return Verdict(
        labels=frozenset(f.label for f in findings if f.weight > 0),
        score=score,
        action=registry.action_for_findings(score, findings),
        findings=tuple(findings),
        ruleset_version=settings.version,
    )


def check(
    draft: Draft, settings: RuleSettings | None = None, *, model: Any = DEFAULT_MODEL
) -> Verdict:
    """Judge one draft. Deterministic, never raises on any ``str``, linear in its length.

    ``model=None`` judges with the rules alone (benchmarks, evaluation side by side).
    """
    return check_many((draft,), settings, model=model)[0]


def check_many(
    drafts: Sequence[Draft], settings: RuleSettings | None = None, *, model: Any = DEFAULT_MODEL
) -> list[Verdict]:
    """Judge a batch: the rules per draft, the learned layer for all drafts at once.

    The same verdicts as ``check`` on each draft; the scoring worker calls this per batch.
    """
    settings = settings or _DEFAULT_SETTINGS
    if model is DEFAULT_MODEL:
        model = settings.model if settings.model is not None else learned.default_model()
    prepared = [_prepared(draft) for draft in drafts]
    analyses: list[Analysis | None] = []
    found: list[list[Finding]] = []
    for draft in prepared:
        # An empty message says nothing to judge; an empty request note to a stranger still says
        # nothing about how they know each other, which is what a note is for: it is coached like
        # a generic one (docs/etiquette.md, "One rule for notes and first messages").
        if (draft.text and not draft.text.isspace()) or draft.kind == "request_note":
            analysis, findings = _rule_findings(draft, settings)
        else:
            analysis, findings = None, []
        analyses.append(analysis)
        found.append(findings)
    judged = [i for i, analysis in enumerate(analyses) if analysis is not None]
    if model is not None and judged and not registry.model_rules_all_disabled(settings):
        contexts = np.stack(
            [learned.context_vector(prepared[i].kind, prepared[i].context) for i in judged]
        )
        scores, occurrences = model.raw_scores([analyses[i].text for i in judged], contexts)
        probabilities = model.calibrate(scores)
        for row, i in enumerate(judged):
            found[i] = _model_findings(
                analyses[i],
                found[i],
                probabilities[row],
                occurrences(row),
                contexts[row],
                model,
                settings,
            )
    return [_verdict(findings, settings) for findings in found]
