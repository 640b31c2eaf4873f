"""The datasheet's figures: ``python -m netiquette.etiquette.corpus.stats [--markdown]``.

What is in the corpus by label, kind and split, real items and paraphrases, voices, languages,
source domains, and the agreement (Cohen's kappa per label) between the two labelling passes.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from netiquette.etiquette.corpus import CORPUS_DIR, LABELS, SPLITS, checks

LABELLING_DIR = CORPUS_DIR / "labelling"


def _read(path: Path) -> dict[str, dict]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {row["id"]: row for row in rows}


def cohen_kappa(first: list[int], second: list[int]) -> float:
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1, p2 = sum(first) / n, sum(second) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(directory: Path = LABELLING_DIR) -> dict:
    """Kappa per label (and for "fine") over every item both passes labelled."""
    first, second = _read(directory / "pass_a.jsonl"), _read(directory / "pass_b.jsonl")
    ids = sorted(set(first) & set(second))
    table = {}
    for label in (*LABELS, "fine"):

        def has(row, label=label):
            return int(not row["labels"]) if label == "fine" else int(label in row["labels"])

        a = [has(first[i]) for i in ids]
        b = [has(second[i]) for i in ids]
        table[label] = {
            "kappa": round(cohen_kappa(a, b), 3),
            "pass_a": sum(a),
            "pass_b": sum(b),
            "both": sum(x and y for x, y in zip(a, b, strict=True)),
        }
    same = sum(set(first[i]["labels"]) == set(second[i]["labels"]) for i in ids)
    settled = _read(directory / "settled.jsonl")
    return {
        "items": len(ids),
        "same_labels": same,
        "per_label": table,
        "settled": len(settled),
        "dropped": sum(not row.get("keep", True) for row in settled.values()),
    }


def figures(directory: Path = CORPUS_DIR) -> dict:
    items, _ = checks.load(directory)
    data = [item.data for item in items]
    real = [d for d in data if not d.get("derived_from")]
    by_split = {}
    for split in SPLITS:
        rows = [d for d in data if d["split"] == split]
        counts = Counter(label for d in rows for label in d["labels"])
        by_split[split] = {
            "items": len(rows),
            "real": sum(not d.get("derived_from") for d in rows),
            "fine": sum(not d["labels"] for d in rows),
            "request_note": sum(d["kind"] == "request_note" for d in rows),
            "message": sum(d["kind"] == "message" for d in rows),
            **{label: counts[label] for label in LABELS},
            "sources": len({d["source"] for d in rows}),
        }
    domains = Counter(urlsplit(d["source"]).netloc.lower().removeprefix("www.") for d in real)
    return {
        "items": len(data),
        "real": len(real),
        "paraphrases": len(data) - len(real),
        "fine_share": round(sum(not d["labels"] for d in data) / max(len(data), 1), 3),
        "per_label": {label: sum(label in d["labels"] for d in data) for label in LABELS},
        "no_context_request_notes": sum(
            d["kind"] == "request_note" and "no_context" in d["labels"] for d in data
        ),
        "by_split": by_split,
        "voices": dict(Counter(d.get("voice", "") for d in data if d.get("derived_from"))),
        "languages": dict(Counter(d.get("lang") or "?" for d in real).most_common()),
        "quote_types": dict(Counter(d.get("quote_type") or "?" for d in real)),
        "sources": len({d["source"] for d in real}),
        "domains": len(domains),
        "top_domains": domains.most_common(15),
        "context_known": sum(bool(d.get("context")) for d in real),
    }


def markdown(stats: dict, agreed: dict) -> str:
    lines = ["| split | items | real | fine | " + " | ".join(LABELS) + " | request notes | pages |"]
    lines.append("|" + " ---: |" * (len(LABELS) + 6))
    for split, row in stats["by_split"].items():
        lines.append(
            f"| {split} | {row['items']} | {row['real']} | {row['fine']} | "
            + " | ".join(str(row[label]) for label in LABELS)
            + f" | {row['request_note']} | {row['sources']} |"
        )
    lines += [
        "",
        "| label | kappa | pass A | pass B | both |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, row in agreed["per_label"].items():
        lines.append(
            f"| {label} | {row['kappa']:.3f} | {row['pass_a']} | {row['pass_b']} | {row['both']} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    stats, agreed = figures(), agreement()
    if "--markdown" in argv:
        print(markdown(stats, agreed))
    else:
        print(json.dumps({"corpus": stats, "agreement": agreed}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
