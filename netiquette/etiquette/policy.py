"""How the learned layer and the rules combine: the policy ``train`` chooses on validation.

Per label the policy holds three numbers and a set (``learned.LearnedModel`` carries them):

- ``threshold``: from this calibrated probability on, the model adds a ``model.<label>``
  finding where the label's context gate lets it;
- ``alone``: whether it may do so where no rule of the label fired;
- ``overrule_below``: below this probability the model's doubt drops the findings of the
  ``overrules`` rules of the label (a rule that is not overruled always stands).

``engine_labels`` computes, from the model's probabilities, the gates and the rules' findings,
exactly the labels ``etiquette.check`` gives with that policy, so the choice can be made on
arrays, thousands of times, without running the engine again.

``choose`` searches the policy jointly, for the whole engine, not label by label: every label's
false positives land on the same fine items, and the target (issue 12) is about the share of
fine items the *engine* flags. It is a coordinate ascent (each label's threshold, overrule
threshold and "alone" in turn, then each rule's overrule, until nothing improves), seeded by
nothing and deterministic, that maximises on validation

    macro-F1 − FP_WEIGHT × (share of fine items flagged)

under guards: each corpus written to the design's etiquette (the dev corpus the rules were
written from, and the engine tests' hand-written sets taken together; ``--guard``) must keep
its macro-F1 ≥ ``GUARD_F1`` and its fine items flagged ≤ ``GUARD_FP``, so that what the rules
are known to get right is not traded away for the real corpus' labels, where they differ.
``FP_WEIGHT`` says one point of false positives costs two points of macro-F1: a fine message
flagged is the failure members feel most. A rule
is overruled only with evidence (``unreliable_rules``): where it fired on train and validation
together, it was wrong at least as often as right. A rule that is right more often than not
(the obfuscated "add me on W h a t s A p p") keeps its say whatever the model thinks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

FP_WEIGHT = 2.0
GUARD_F1 = 0.95
GUARD_FP = 0.02
MIN_DISAGREEMENTS = 3
# Probabilities tried, ascending; 0.99 is "almost never" (an overrule threshold may also be 0,
# doubt nowhere, or 1, doubt everywhere: the rule is off while the model is on).
GRID = tuple(float(x) for x in np.round(np.arange(0.05, 0.995, 0.01), 2))
MAX_SWEEPS = 8


@dataclass(frozen=True)
class Judged:
    """One corpus as the policy sees it: the model's probabilities, the context gates, which
    rule fired on which item, and the truth (items × labels)."""

    p: np.ndarray  # float[items, labels]
    gates: np.ndarray  # bool[items, labels]
    fired: dict[str, np.ndarray]  # rule id -> bool[items]
    rule_label: dict[str, int]  # rule id -> label column
    truth: np.ndarray  # bool[items, labels]

    @classmethod
    def of(
        cls,
        p: np.ndarray,
        gates: np.ndarray,
        findings: Sequence[Sequence[Any]],
        truth: np.ndarray,
        labels: Sequence[str],
    ) -> Judged:
        rule_label, fired = {}, {}
        for row, found in enumerate(findings):
            for finding in found:
                if finding.weight <= 0:
                    continue
                rule_label[finding.rule_id] = list(labels).index(finding.label)
                fired.setdefault(finding.rule_id, np.zeros(len(p), bool))[row] = True
        return cls(p, gates, fired, rule_label, truth)


@dataclass(frozen=True)
class Policy:
    thresholds: tuple[float, ...]
    alone: tuple[bool, ...]
    overrule_below: tuple[float, ...]
    overrules: frozenset[str]

    def replace(self, column: int, **values: Any) -> Policy:
        fields = {
            name: tuple(
                values[name] if name in values and i == column else v
                for i, v in enumerate(getattr(self, name))
            )
            for name in ("thresholds", "alone", "overrule_below")
        }
        return Policy(**fields, overrules=self.overrules)


def rules_only(labels: int) -> Policy:
    """Where the search starts: the model adds nothing and overrules nothing (yet: its doubt
    reaches everywhere, so that overruling a rule is one move)."""
    return Policy((0.99,) * labels, (False,) * labels, (1.0,) * labels, frozenset())


def engine_labels(judged: Judged, policy: Policy) -> np.ndarray:
    """The labels (items × labels) the engine gives with this policy."""
    p, predicted = judged.p, np.zeros(judged.truth.shape, bool)
    for column in range(p.shape[1]):
        any_rule = np.zeros(len(p), bool)
        kept = np.zeros(len(p), bool)
        doubted = p[:, column] < policy.overrule_below[column]
        for rule_id, fired in judged.fired.items():
            if judged.rule_label[rule_id] != column:
                continue
            any_rule |= fired
            kept |= fired & ~doubted if rule_id in policy.overrules else fired
        model = (
            (p[:, column] >= policy.thresholds[column])
            & judged.gates[:, column]
            & (policy.alone[column] | any_rule)
        )
        predicted[:, column] = kept | model
    return predicted


def figures(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float, list[float]]:
    """Macro-F1 (over labels that occur or are predicted, as ``evaluate``), the share of fine
    items flagged, and each label's F1."""
    f1s, counted = [], []
    for column in range(truth.shape[1]):
        said, y = predicted[:, column], truth[:, column]
        tp, fp, fn = int((said & y).sum()), int((said & ~y).sum()), int((~said & y).sum())
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        if tp + fn or fp:
            counted.append(f1s[-1])
    fine = ~truth.any(axis=1)
    fp_rate = float(predicted[fine].any(axis=1).mean()) if fine.any() else 0.0
    return (float(np.mean(counted)) if counted else 1.0), fp_rate, f1s


def _objective(policy: Policy, validation: Judged, guards: Sequence[Judged]) -> tuple[float, float]:
    """(minus the guards' shortfall, validation's macro-F1 − FP_WEIGHT × FP): larger is better."""
    shortfall = 0.0
    for guard in guards:
        f1, fp, _ = figures(engine_labels(guard, policy), guard.truth)
        shortfall += max(0.0, GUARD_F1 - f1) + max(0.0, fp - GUARD_FP)
    f1, fp, _ = figures(engine_labels(validation, policy), validation.truth)
    return (-round(shortfall, 9), round(f1 - FP_WEIGHT * fp, 9))


def unreliable_rules(*corpora: Judged) -> list[str]:
    """The rules wrong at least as often as right where they fired, over corpora the rules
    were not written from (train and validation together: neither was used to write them, and
    together they hold the most evidence), at least ``MIN_DISAGREEMENTS`` times: the only
    rules the model's doubt may overrule."""
    right: dict[str, int] = {}
    fired_count: dict[str, int] = {}
    for judged in corpora:
        for rule_id, fired in judged.fired.items():
            y = judged.truth[:, judged.rule_label[rule_id]]
            right[rule_id] = right.get(rule_id, 0) + int((fired & y).sum())
            fired_count[rule_id] = fired_count.get(rule_id, 0) + int(fired.sum())
    return sorted(
        rule_id
        for rule_id, count in fired_count.items()
        if count >= MIN_DISAGREEMENTS and 2 * right[rule_id] <= count
    )


def choose(
    validation: Judged, guards: Sequence[Judged] = (), overrulable: Sequence[str] = ()
) -> Policy:
    """The policy with the best objective a coordinate ascent from the rules alone reaches;
    only the ``overrulable`` rules may be overruled."""
    labels = validation.truth.shape[1]
    policy = rules_only(labels)
    best = _objective(policy, validation, guards)
    candidates = sorted(overrulable)
    for _ in range(MAX_SWEEPS):
        improved = False
        for column in range(labels):
            # the threshold, the overrule threshold, and both together, each with "alone"
            for moves in ("thresholds", "overrule_below", "both"):
                for value in (0.0, *GRID, 1.0) if moves == "overrule_below" else GRID:
                    for alone in (False, True):
                        change = {"alone": alone}
                        if moves != "overrule_below":
                            change["thresholds"] = value
                        if moves != "thresholds":
                            change["overrule_below"] = value
                        trial = policy.replace(column, **change)
                        score = _objective(trial, validation, guards)
                        if score > best:
                            policy, best, improved = trial, score, True
        for rule_id in candidates:
            trial = Policy(
                policy.thresholds,
                policy.alone,
                policy.overrule_below,
                policy.overrules ^ {rule_id},
            )
            score = _objective(trial, validation, guards)
            if score > best:
                policy, best, improved = trial, score, True
        if not improved:
            break
    # An overrule with nothing below its threshold drops nothing: keep the card honest.
    overrules = frozenset(
        rule_id
        for rule_id in policy.overrules
        if policy.overrule_below[validation.rule_label[rule_id]] > 0
    )
    return Policy(policy.thresholds, policy.alone, policy.overrule_below, overrules)


def report(judged: Judged, policy: Policy, labels: Sequence[str]) -> dict[str, Any]:
    """What the card says of the chosen policy on validation: the engine's figures beside the
    rules alone, where rule and model disagreed and who was right, each rule's and the model's
    precision, and the rules the model covers (every item a rule rightly fires on, the model
    flags too, at a higher precision): the candidates for pruning, which a person removes."""
    disagreements: dict[str, dict[str, int]] = {}
    precision: dict[str, float] = {}
    prune: list[str] = []
    p = judged.p
    for column, label in enumerate(labels):
        y = judged.truth[:, column]
        said = (p[:, column] >= policy.thresholds[column]) & judged.gates[:, column]
        rule_ids = sorted(r for r, c in judged.rule_label.items() if c == column)
        by_rule = np.zeros(len(p), bool)
        for rule_id in rule_ids:
            by_rule |= judged.fired[rule_id]
        alone = said & ~by_rule
        disagreements[f"model.{label} alone"] = {
            "right": int((alone & y).sum()),
            "wrong": int((alone & ~y).sum()),
        }
        model_precision = float((said & y).sum() / said.sum()) if said.any() else 0.0
        for rule_id in rule_ids:
            fired = judged.fired[rule_id]
            doubted = fired & (p[:, column] < policy.thresholds[column])
            disagreements[f"{rule_id} against the model"] = {
                "right": int((doubted & y).sum()),
                "wrong": int((doubted & ~y).sum()),
            }
            rule_precision = float((fired & y).sum() / fired.sum())
            precision[rule_id] = round(rule_precision, 3)
            covered = not (fired & y & ~said).any()
            if fired.sum() >= MIN_DISAGREEMENTS and covered and model_precision > rule_precision:
                prune.append(rule_id)
        precision[f"model.{label}"] = round(model_precision, 3)
    engine = figures(engine_labels(judged, policy), judged.truth)
    rules = figures(engine_labels(judged, rules_only(len(labels))), judged.truth)
    return {
        "figures_on_validation": {
            name: {
                "macro_f1": round(f1, 4),
                "fine_flagged": round(fp, 4),
                "f1": {label: round(v, 4) for label, v in zip(labels, per_label, strict=True)},
            }
            for name, (f1, fp, per_label) in (("engine", engine), ("rules only", rules))
        },
        "disagreements_on_validation": disagreements,
        "precision_on_validation": precision,
        "rules_the_model_covers": prune,
    }
