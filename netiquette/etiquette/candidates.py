"""Candidate models trained from moderators' decisions, and their figures beside the live model.

Pure Python like the rest of the engine: the site reads the decisions from its database, hands
them here as corpus ``Item``s, and stores what comes back (``netiquette.moderation``'s
``retrain`` command). Nothing here activates anything.

- ``train_candidate``: the corpus' train split plus the decisions (and, with a lower sample
  weight, members' own signals) through ``train.train``; the nearest examples a finding cites
  are taken from the corpus only, so no member's text can ever be shown to another member as
  "reads like: …". Returns the model file's bytes and its manifest.
- ``figures``: per label, precision, recall and the false-positive rate on fine items of each
  model on the validation split, and how many of the held-back recent decisions each model
  would have got right.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from netiquette.etiquette import learned, model_file, train
from netiquette.etiquette.evaluate import LABELS, Item, engine_labels

__all__ = ["SIGNAL_WEIGHT", "figures", "model_from", "split_recent", "train_candidate"]

# A member's report, mark-safe or "I don't know this person" counts this much beside a
# moderator's decision (1): one member's judgement, unreviewed, on an item they received.
SIGNAL_WEIGHT = 0.25
# The share of the most recent decisions kept out of training to judge the models on.
HELD_BACK_SHARE = 0.2

Progress = Callable[[str], None]


def split_recent(decisions: Sequence[Item], share: float = HELD_BACK_SHARE):
    """(to train on, held back): the most recent ``share`` of the decisions (they come oldest
    first) is held back, none while there are fewer than five."""
    held = int(len(decisions) * share) if len(decisions) >= 5 else 0
    cut = len(decisions) - held
    return list(decisions[:cut]), list(decisions[cut:])


def train_candidate(
    train_items: Sequence[Item],
    validation_items: Sequence[Item],
    *,
    decisions: Sequence[Item] = (),
    signals: Sequence[Item] = (),
    signal_weight: float = SIGNAL_WEIGHT,
    seed: int = 12,
    c_grid: Sequence[float] = train.C_GRID,
    version: str,
    serial: int,
    card: Mapping[str, Any] | None = None,
    progress: Progress = lambda line: None,
) -> tuple[bytes, dict[str, Any]]:
    """The candidate's file (bytes) and manifest. Deterministic for the same items and seed."""
    items = [*train_items, *decisions, *signals]
    weights = [1.0] * (len(train_items) + len(decisions)) + [signal_weight] * len(signals)
    progress(
        f"training on {len(train_items)} corpus items, {len(decisions)} decisions and "
        f"{len(signals)} member signals (weight {signal_weight}); "
        f"{len(c_grid)} regularisation strength(s) per label"
    )
    arrays, trained_card = train.train(
        items,
        validation_items,
        seed=seed,
        c_grid=c_grid,
        sample_weight=weights if signals else None,
        card={
            **(card or {}),
            "placeholder": False,
            "corpus_items": len(train_items),
            "decisions": len(decisions),
            "member_signals": len(signals),
            "member_signal_weight": signal_weight,
        },
    )
    manifest = {
        "format": learned.FORMAT,
        "file": "etiquette.npz",
        "serial": serial,
        "version": version,
        "labels": list(LABELS),
        "card": trained_card,
    }
    # The examples a finding cites: the corpus' train items only, never a member's text.
    model = model_from(arrays, manifest)
    texts, labels, sketches = model_file.examples_of(model, train_items, train._folded(train_items))
    arrays = {
        **arrays,
        "example_texts": np.array(texts, dtype=str),
        "example_labels": labels,
        "example_sketches": sketches.astype(np.float32),
    }
    payload = model_file.model_bytes(arrays)
    sha256 = hashlib.sha256(payload).hexdigest()
    manifest["sha256"] = sha256
    manifest["version"] = f"{version}-{sha256[:12]}"
    return payload, manifest


def model_from(arrays: Mapping[str, Any], manifest: Mapping[str, Any]) -> learned.LearnedModel:
    """A run-time model from arrays in memory (no file, no sha256 to check yet)."""
    return learned._from_arrays(dict(arrays), dict(manifest), "0" * 64, "the candidate")


def _per_label(items: Sequence[Item], predicted: Sequence[frozenset[str]]) -> dict[str, Any]:
    fine = [i for i, item in enumerate(items) if not item.labels]
    result: dict[str, Any] = {}
    for label in LABELS:
        tp = sum(1 for item, p in zip(items, predicted, strict=True) if label in p & item.labels)
        fp = sum(1 for item, p in zip(items, predicted, strict=True) if label in p - item.labels)
        fn = sum(1 for item, p in zip(items, predicted, strict=True) if label in item.labels - p)
        fine_flagged = sum(1 for i in fine if label in predicted[i])
        result[label] = {
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None,
            "fine_fp_rate": round(fine_flagged / len(fine), 4) if fine else None,
            "support": tp + fn,
        }
    return result


def figures(
    models: Mapping[str, Any],
    validation_items: Sequence[Item],
    held_back: Sequence[Item],
    progress: Progress = lambda line: None,
) -> dict[str, Any]:
    """Side by side, for each named model (a ``LearnedModel``, judged by the whole engine,
    rules included): its figures per label on validation, and per label how many held-back
    decisions it gets right, out of those where the label was decided, or said by any model."""
    predictions: dict[str, tuple[list, list]] = {}
    for name, model in models.items():
        progress(f"judging {len(validation_items)} validation items with the {name} model")
        on_validation = engine_labels(list(validation_items), model=model)
        on_decisions = engine_labels(list(held_back), model=model) if held_back else []
        predictions[name] = (on_validation, on_decisions)
    fine = sum(1 for item in validation_items if not item.labels)
    validation = {
        name: {
            "per_label": _per_label(validation_items, on_validation),
            "fine_flagged_rate": (
                round(
                    sum(
                        1
                        for item, p in zip(validation_items, on_validation, strict=True)
                        if p and not item.labels
                    )
                    / fine,
                    4,
                )
                if fine
                else None
            ),
        }
        for name, (on_validation, _) in predictions.items()
    }
    decisions: dict[str, Any] = {}
    for label in LABELS:
        relevant = [
            row
            for row, item in enumerate(held_back)
            if label in item.labels or any(label in p[1][row] for p in predictions.values())
        ]
        decisions[label] = {
            "of": len(relevant),
            **{
                name: sum(
                    1
                    for row in relevant
                    if (label in on_decisions[row]) == (label in held_back[row].labels)
                )
                for name, (_, on_decisions) in predictions.items()
            },
        }
    return {
        "validation_items": len(validation_items),
        "held_back_decisions": len(held_back),
        "validation": validation,
        "decisions": decisions,
    }
