"""The rule list, rule settings (enabled, weight, extra phrases) and score aggregation.

Rules are registered from an explicit module list (``RULE_MODULES``): each module in
``netiquette.etiquette.rules`` holds one rule family and exports ``RULES``. A rule only
*detects*; the score is summed here, in one place, and mapped to an action by ``THRESHOLDS``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# The one place where a total score becomes an action (checked from the top).
THRESHOLDS: tuple[tuple[str, float], ...] = (("block", 4.0), ("flag", 2.0), ("warn", 1.0))

RULE_MODULES: tuple[str, ...] = (
    "netiquette.etiquette.rules.personal",
    "netiquette.etiquette.rules.no_context",
    "netiquette.etiquette.rules.sales_pitch",
    "netiquette.etiquette.rules.give_me",
    "netiquette.etiquette.rules.political",
)

# A detector's answer: a span of the *normalised* text, NO_SPAN for "the whole draft", or None.
NO_SPAN = (-1, -1)


@dataclass(frozen=True, slots=True)
class Example:
    """A should-fire or should-not-fire text for a rule, with the context it is judged in."""

    text: str
    kind: str = "message"
    context: Mapping[str, Any] = field(default_factory=dict)
    evidence: str | None = None  # words the finding's span must cover, when it fires


def ex(text: str, kind: str = "message", evidence: str | None = None, **context: Any) -> Example:
    return Example(text=text, kind=kind, context=context, evidence=evidence)


def note(text: str, evidence: str | None = None, **context: Any) -> Example:
    return Example(text=text, kind="request_note", context=context, evidence=evidence)


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    label: str
    doc: str
    weight: float
    message: str
    suggestion: str
    detect: Callable[..., tuple[int, int] | None]
    fires: tuple[Example, ...] = ()
    clean: tuple[Example, ...] = ()
    takes_phrases: bool = False  # settings may add phrases; detect(analysis, extra) gets them
    # The phrase family (or tuple of families) the rule cannot fire without: when none of
    # their anchors occur in the draft (and no extra phrases are set), the rule is skipped.
    needs: Any = None


@dataclass(frozen=True, slots=True)
class ModelRule:
    """The learned layer's finding for one label: ``model.<label>``, declared by the label's
    rule family beside its rules, because that family knows where the label can apply.

    ``gate(analysis)`` says whether the context lets the model raise the label at all (the
    model judges the words; the gate holds what the etiquette says about the context).
    ``weight`` is the finding's weight at the model's threshold; it doubles at certainty.
    """

    label: str
    doc: str
    message: str
    suggestion: str
    gate: Callable[..., bool]
    fires: tuple[Example, ...] = ()
    clean: tuple[Example, ...] = ()
    weight: float = 1.0

    @property
    def rule_id(self) -> str:
        return f"model.{self.label}"


def total(findings: Any) -> float:
    """A verdict's score: per label, the stronger of the rules' summed weights and the learned
    layer's weight, summed over labels. A model that agrees with a rule confirms the label
    rather than doubling it: severity stays the rules' (a get-rich scheme weighs more than a
    thank-you with a pitch), and the model raises the score only where it is surer than they
    are, or where no rule fired."""
    rules: dict[str, float] = {}
    learned: dict[str, float] = {}
    for finding in findings:
        side = learned if finding.rule_id.startswith("model.") else rules
        side[finding.label] = side.get(finding.label, 0.0) + finding.weight
    labels = sorted(rules.keys() | learned.keys())
    return round(sum(max(rules.get(label, 0.0), learned.get(label, 0.0)) for label in labels), 4)


def action_for(score: float) -> str:
    for action, threshold in THRESHOLDS:
        if score >= threshold:
            return action
    return "ok"


# Labels that coach but never refuse: a request note that does not say how the two know each
# other gets a warning, and moderators see it, but it is what the text says that decides a
# block. So the same words get the same block decision as a request note and as a first
# message (docs/etiquette.md, "One rule for notes and first messages").
COACHING_ONLY_LABELS = frozenset({"no_context"})


def action_for_findings(score: float, findings) -> str:
    """The action for a verdict: ``action_for(score)``, except that a block needs the findings
    of the other labels alone to reach the block threshold (else it is a flag)."""
    action = action_for(score)
    if action == "block":
        content = total(f for f in findings if f.label not in COACHING_ONLY_LABELS)
        if action_for(content) != "block":
            return "flag"
    return action


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: set[str] = set()
    for module_name in RULE_MODULES:
        module = importlib.import_module(module_name)
        for rule in module.RULES:
            if rule.rule_id in seen:
                raise ValueError(f"duplicate rule id {rule.rule_id}")
            seen.add(rule.rule_id)
            rules.append(rule)
    return tuple(rules)


@lru_cache(maxsize=1)
def model_rules() -> tuple[ModelRule, ...]:
    """Each rule family's ``MODEL`` (the learned layer's finding for its label), in order."""
    return tuple(
        importlib.import_module(name).MODEL
        for name in RULE_MODULES
        if hasattr(importlib.import_module(name), "MODEL")
    )


@lru_cache(maxsize=1)
def model_rules_by_label() -> dict[str, ModelRule]:
    return {rule.label: rule for rule in model_rules()}


def model_gates() -> dict[str, Callable[..., bool]]:
    return {label: rule.gate for label, rule in model_rules_by_label().items()}


def model_rules_all_disabled(settings: Any) -> bool:
    disabled = settings.disabled or ()
    return bool(disabled) and all(rule.rule_id in disabled for rule in model_rules())


def setting_weight(settings: Any, rule_id: str, default: float) -> float:
    return _weight((settings.weights or {}).get(rule_id), default)


_plan_cache: list[Any] = [None, ()]


def plan(settings: Any) -> tuple[tuple[Rule, re.Pattern[str] | None, float, Any], ...]:
    """The enabled rules with their extra-phrase pattern, weight and prefilter gate.

    Cached for the last settings object seen: the live check and the workers reuse one.
    """
    cached_settings, cached_plan = _plan_cache
    if cached_settings is settings:
        return cached_plan
    steps = []
    disabled = settings.disabled or ()
    weights = settings.weights or {}
    extra_phrases = settings.extra_phrases or {}
    for rule in all_rules():
        if rule.rule_id in disabled:
            continue
        extra = None
        if rule.takes_phrases:
            phrases = extra_phrases.get(rule.rule_id)
            if isinstance(phrases, str):  # straight from a text field: one phrase per line
                phrases = phrases.splitlines()
            if phrases:
                extra = phrase_pattern(tuple(str(p) for p in phrases))
        weight = _weight(weights.get(rule.rule_id), rule.weight)
        gate = None
        needs = rule.needs if isinstance(rule.needs, tuple) else (rule.needs,)
        if rule.needs is not None and extra is None and not any(f.always for f in needs):
            gate = sum({f.gate_bit() for f in needs})  # one bit per family
        steps.append((rule, extra, weight, gate))
    result = tuple(steps)
    _plan_cache[:] = [settings, result]
    return result


# The last plan and, for it, the steps each combination of family bits lets run. One tuple,
# replaced as a whole: a thread never reads one plan's steps with another plan's table.
_runnable: tuple[Any, dict[int, tuple]] = (None, {})


def runnable(steps: tuple, live: int) -> tuple[tuple[Rule, Any, float], ...]:
    """The steps of a plan whose gate lets them run, given ``Analysis.live`` (in order).

    A pure function of the plan and the family bits, remembered for the last plan: drafts
    share a few hundred combinations of families, so most drafts skip the 26 gate tests.
    """
    global _runnable
    cached_steps, by_live = _runnable
    if cached_steps is not steps:
        by_live = {}
        _runnable = (steps, by_live)
    found = by_live.get(live)
    if found is None:
        found = tuple(
            (rule, extra, weight)
            for rule, extra, weight, gate in steps
            if gate is None or gate & live
        )
        if len(by_live) < 4096:
            by_live[live] = found
    return found


def _weight(value: Any, default: float) -> float:
    """A weight from the settings; missing, empty or unreadable means the rule's own."""
    if value is None or value == "":
        return default
    try:
        weight = float(value)
    except (TypeError, ValueError):
        return default
    return weight if weight == weight and weight >= 0 else default  # no NaN, no negatives


@lru_cache(maxsize=256)
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """Extra phrases from the settings as one pattern over the normalised text."""
    from netiquette.etiquette.normalize import normalize

    words = sorted(
        {normalize(p.strip()).text for p in phrases if p and p.strip()}, key=len, reverse=True
    )
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
