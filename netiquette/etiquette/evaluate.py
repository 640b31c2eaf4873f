"""Measure the engine on a labelled corpus, beside the rules alone and a TF-IDF baseline.

    python -m netiquette.etiquette.evaluate CORPUS.jsonl [--split train|validation|test]
        [--half even|odd] [--json] [--misses N] [--train TRAIN.jsonl] [--no-baseline]

Each line is ``{"id", "kind", "text", "context", "labels"}`` (see ``../shared/corpus/README.md``;
the real-world corpus adds ``source``, ``split`` and ``derived_from``). Prints precision, recall
and F1 per label, macro-F1 over the labels, the false-positive rate on items with no label (any
label predicted counts as a false positive), and the worst misses (items with the most wrong
labels), for the engine as it runs (rules and learned layer). Macro-F1 averages the labels that
occur in the corpus or are predicted. Beside it, the same figures for the rules alone, the
learned layer alone and a TF-IDF baseline (``baseline.py``) trained on the train split.

``--split`` keeps the items whose ``split`` field is the one named. ``--half`` keeps only even
or odd lines (0-based), for a corpus without splits such as the dev corpus. The baseline trains
on ``--train`` if given, else on the train split of the corpus file itself, else on
``train.jsonl`` beside it, else (with ``--half``) on the other half; otherwise it is left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from netiquette.etiquette import DEFAULT_MODEL, Context, Draft, check_many

LABELS = ("personal", "no_context", "sales_pitch", "give_me", "political")


SPLITS = ("train", "validation", "test")
HALVES = ("even", "odd")


@dataclass(frozen=True)
class Item:
    item_id: str
    kind: str
    text: str
    context: Context
    labels: frozenset[str]
    split: str | None = None  # the corpus' own ``split`` field, where it has one


def read_corpus(lines: Iterable[str], split: str | None = None) -> list[Item]:
    """The items of a JSON-lines corpus; ``split`` keeps one part of it: ``train``,
    ``validation`` or ``test`` (the items' ``split`` field), or ``even`` / ``odd`` (lines,
    0-based: halves of a corpus that has no split field, such as the dev corpus)."""
    items = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if split == "even" and index % 2:
            continue
        if split == "odd" and not index % 2:
            continue
        row = json.loads(line)
        if split in SPLITS and row.get("split") != split:
            continue
        items.append(
            Item(
                item_id=str(row.get("id", index)),
                kind=row.get("kind") or "message",
                text=row.get("text") or "",
                context=Context.from_dict(row.get("context")),
                labels=frozenset(row.get("labels") or ()),
                split=row.get("split"),
            )
        )
    return items


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def engine_labels(items: list[Item], model: Any = DEFAULT_MODEL) -> list[frozenset[str]]:
    """The engine's labels for each item (``model=None``: the rules alone), in batches."""
    labels: list[frozenset[str]] = []
    for start in range(0, len(items), 500):
        batch = items[start : start + 500]
        drafts = [Draft(kind=i.kind, text=i.text, context=i.context) for i in batch]
        labels.extend(verdict.labels for verdict in check_many(drafts, model=model))
    return labels


def model_labels(items: list[Item]) -> list[frozenset[str]]:
    """The learned layer's own labels (its thresholds and the rules' context gates), with no
    rule: what it would say if the rules were gone."""
    from netiquette.etiquette import learned, rule_findings
    from netiquette.etiquette.registry import model_rules_by_label

    model = learned.default_model()
    gates = model_rules_by_label()
    analyses = [rule_findings(i.kind, i.text, i.context)[0] for i in items]
    texts = [a.text if a is not None else "" for a in analyses]
    if not items:
        return []
    contexts = np.stack([learned.context_vector(i.kind, i.context) for i in items])
    probabilities = model.probabilities(texts, contexts)
    return [
        frozenset(
            label
            for column, label in enumerate(model.labels)
            if analysis is not None
            and probabilities[row, column] >= model.thresholds[column]
            and gates[label].gate(analysis)
        )
        for row, analysis in enumerate(analyses)
    ]


def evaluate(
    items: list[Item], misses: int = 10, predictions: list[frozenset[str]] | None = None
) -> dict[str, Any]:
    """The figures for ``predictions`` (by default the engine's labels) against the items'."""
    if predictions is None:
        predictions = engine_labels(items)
    counts = {label: {"tp": 0, "fp": 0, "fn": 0} for label in LABELS}
    clean_items = clean_flagged = 0
    wrong: list[dict[str, Any]] = []
    for item, predicted in zip(items, predictions, strict=True):
        for label in LABELS:
            if label in predicted and label in item.labels:
                counts[label]["tp"] += 1
            elif label in predicted:
                counts[label]["fp"] += 1
            elif label in item.labels:
                counts[label]["fn"] += 1
        if not item.labels:
            clean_items += 1
            clean_flagged += bool(predicted)
        missing, extra = item.labels - predicted, predicted - item.labels
        if missing or extra:
            wrong.append(
                {
                    "id": item.item_id,
                    "expected": sorted(item.labels),
                    "predicted": sorted(predicted),
                    "missing": sorted(missing),
                    "extra": sorted(extra),
                    "text": item.text[:160],
                }
            )
    per_label = {}
    for label, c in counts.items():
        precision = _ratio(c["tp"], c["tp"] + c["fp"])
        recall = _ratio(c["tp"], c["tp"] + c["fn"])
        f1 = _ratio(2 * precision * recall, precision + recall)
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": c["tp"] + c["fn"],
            **c,
        }
    wrong.sort(key=lambda w: (-(len(w["missing"]) + len(w["extra"])), w["id"]))
    counted = {label: row for label, row in per_label.items() if row["support"] or row["fp"]}
    return {
        "items": len(items),
        "per_label": per_label,
        # Labels that neither occur nor are predicted have no F1; they are left out of the mean
        # (a corpus without, say, political items is not scored down for predicting none).
        "macro_f1": round(
            sum(v["f1"] for v in counted.values()) / len(counted) if counted else 1.0, 4
        ),
        "macro_labels": sorted(counted),
        "clean_items": clean_items,
        "false_positive_rate": round(_ratio(clean_flagged, clean_items), 4),
        "wrong_items": len(wrong),
        "worst_misses": wrong[:misses],
    }


def render(report: Mapping[str, Any]) -> str:
    lines = [f"{'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}"]
    for label, row in report["per_label"].items():
        lines.append(
            f"{label:<12} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f} "
            f"{row['support']:>8}"
        )
    lines.append(f"macro-F1: {report['macro_f1']:.3f}   items: {report['items']}")
    lines.append(
        f"false-positive rate on fine items: {report['false_positive_rate']:.2%} "
        f"({report['clean_items']} fine items)"
    )
    lines.append(f"items with any wrong label: {report['wrong_items']}")
    if report["worst_misses"]:
        lines.append("worst misses:")
        for miss in report["worst_misses"]:
            lines.append(
                f"  {miss['id']}: expected {miss['expected']} got {miss['predicted']} "
                f"— {miss['text']!r}"
            )
    return "\n".join(lines)


def render_comparison(reports: Mapping[str, Mapping[str, Any]]) -> str:
    """F1 per label, macro-F1 and the false-positive rate, one column per system."""
    names = list(reports)
    width = max(12, *(len(n) for n in names))
    lines = ["F1 per label".ljust(14) + "".join(f"{n:>{width + 2}}" for n in names)]
    for label in LABELS:
        lines.append(
            f"{label:<14}"
            + "".join(f"{reports[n]['per_label'][label]['f1']:>{width + 2}.3f}" for n in names)
        )
    lines.append(
        "macro-F1".ljust(14) + "".join(f"{reports[n]['macro_f1']:>{width + 2}.3f}" for n in names)
    )
    lines.append(
        "FP on fine".ljust(14)
        + "".join(f"{reports[n]['false_positive_rate']:>{width + 2}.2%}" for n in names)
    )
    return "\n".join(lines)


def _baseline_train(args: argparse.Namespace) -> tuple[list[Item], str] | None:
    path = Path(args.corpus)
    candidates: list[tuple[Path, str | None]] = []
    if args.train:
        candidates.append((Path(args.train), None))
    else:
        candidates += [(path, "train"), (path.parent / "train.jsonl", "train")]
        if args.half:
            candidates.append((path, "odd" if args.half == "even" else "even"))
    for candidate, split in candidates:
        if not candidate.exists():
            continue
        with open(candidate, encoding="utf-8") as handle:
            items = read_corpus(handle, split)
        if items:
            return items, f"{candidate.name}" + (f" ({split})" if split else "")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a JSON-lines corpus file")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--split", choices=SPLITS, help="only items of this split (field)")
    parser.add_argument("--half", choices=HALVES, help="only even or odd lines")
    parser.add_argument("--misses", type=int, default=10, help="how many misses to list")
    parser.add_argument("--train", help="the baseline's training corpus (its train split)")
    parser.add_argument("--no-baseline", action="store_true", help="leave the baseline out")
    args = parser.parse_args(argv)
    try:
        with open(args.corpus, encoding="utf-8") as handle:
            items = read_corpus(handle, args.split or args.half)
    except (OSError, ValueError) as error:
        print(f"cannot read {args.corpus}: {error}", file=sys.stderr)
        return 2
    report = evaluate(items, args.misses)
    comparison = {"engine": report}
    comparison["rules only"] = evaluate(items, 0, engine_labels(items, model=None))
    comparison["model only"] = evaluate(items, 0, model_labels(items))
    baseline_note = "baseline: left out"
    if not args.no_baseline:
        found = _baseline_train(args)
        if found is None:
            baseline_note = "baseline: no train split found (give --train)"
        else:
            from netiquette.etiquette.baseline import TfidfBaseline

            train_items, source = found
            predictions = TfidfBaseline(train_items, LABELS).predict(items)
            comparison["TF-IDF baseline"] = evaluate(items, 0, predictions)
            baseline_note = f"baseline: TF-IDF + logistic regression trained on {source}"
    if args.json:
        report = {
            **report,
            "comparison": {
                name: {
                    "macro_f1": r["macro_f1"],
                    "false_positive_rate": r["false_positive_rate"],
                    "f1": {label: r["per_label"][label]["f1"] for label in LABELS},
                }
                for name, r in comparison.items()
            },
            "baseline": baseline_note,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render(report))
        print()
        print(render_comparison(comparison))
        print(baseline_note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
