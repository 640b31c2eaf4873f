"""Measure the engine on a labelled corpus.

    python -m netiquette.etiquette.evaluate CORPUS.jsonl [--json] [--split even|odd] [--misses N]

Each line is ``{"id", "kind", "text", "context", "labels"}`` (see ``../shared/corpus/README.md``).
Prints precision, recall and F1 per label, macro-F1 over the labels, the false-positive rate
on items with no label (any label predicted counts as a false positive), and the worst misses
(items with the most wrong labels). Macro-F1 averages the labels that occur in the corpus or
are predicted. ``--split`` keeps only even or odd lines (0-based), so rules can be developed
on one half and checked on the other.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from netiquette.etiquette import Context, Draft, check

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


def evaluate(items: list[Item], misses: int = 10) -> dict[str, Any]:
    counts = {label: {"tp": 0, "fp": 0, "fn": 0} for label in LABELS}
    clean_items = clean_flagged = 0
    wrong: list[dict[str, Any]] = []
    for item in items:
        predicted = check(Draft(kind=item.kind, text=item.text, context=item.context)).labels
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a JSON-lines corpus file")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--split", choices=("even", "odd"), help="only even or odd lines")
    parser.add_argument("--misses", type=int, default=10, help="how many misses to list")
    args = parser.parse_args(argv)
    try:
        with open(args.corpus, encoding="utf-8") as handle:
            items = read_corpus(handle, args.split)
    except (OSError, ValueError) as error:
        print(f"cannot read {args.corpus}: {error}", file=sys.stderr)
        return 2
    report = evaluate(items, args.misses)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
