"""Train the engine's learned layer, choose its thresholds, and write the versioned model file.

    python -m netiquette.etiquette.train [--corpus-dir DIR] [--out DIR] [--seed N]
    python -m netiquette.etiquette.train --stand-in ../shared/corpus/dev.jsonl   # placeholder

Seeded and deterministic: the same corpus and seed write the same bytes. What it does:

1. reads the corpus' **train** and **validation** splits (``DIR/train.jsonl`` and
   ``DIR/validation.jsonl``; the test split is never opened). ``--stand-in FILE`` uses a corpus
   without splits instead, even lines for train and odd lines for validation, and marks the
   model as a placeholder;
2. turns every text into hashed n-grams (``features.py``) plus context columns, and fits one
   L2 logistic regression per label on train, its regularisation chosen by average precision
   on validation;
3. calibrates each label's score on train: Platt scaling of 5-fold out-of-fold scores;
4. chooses the policy on validation, through the engine itself (rules, gates and model
   together; ``policy.py``): per label the threshold, whether the model may raise the label
   where no rule does, the threshold under which its doubt drops the rules it overrules, and
   which rules those are (only rules wrong at least as often as right on train and validation
   together), jointly, for the best validation macro-F1 less twice the share of fine items the
   whole engine flags, while the dev corpus and the hand-written sets of ``tests/etiquette/data``
   (``--guard``) keep macro-F1 >= 0.95 and fine items flagged <= 2 %; and it lists the rules
   the model covers (every item a rule rightly fires on, the model flags too, at a higher
   precision): the candidates for pruning, which a person removes;
5. writes ``model/etiquette.npz`` and ``model/manifest.json`` (``model_file.py``: the sha256
   the loader checks, a serial that grows with every new model, and the model card: data,
   choices, figures).

scikit-learn and scipy are needed here only (development dependencies); the engine runs the
result with numpy.

Why one module of about 400 lines: it is the one training run, read top to bottom; the policy
search (``policy.py``) and the file format (``model_file.py``) already live apart.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from netiquette.etiquette import features, learned
from netiquette.etiquette import policy as policy_
from netiquette.etiquette.evaluate import LABELS, Item, read_corpus
from netiquette.etiquette.model_file import (
    arrays_of,
    examples_of,
    library_versions,
    model_bytes,  # noqa: F401  (part of the command's API: the bytes a model file holds)
    write,
)
from netiquette.etiquette.normalize import normalize

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
# What the rules were written from and the design's hand-written sets: the policy must keep
# each right (``policy.py``, the guards): the dev corpus beside the repository
# (../shared/corpus), and the engine tests' sets (a folder: its files taken together).
_ROOT = Path(__file__).resolve().parents[2]
GUARDS = (
    _ROOT.parent / "shared" / "corpus" / "dev.jsonl",
    _ROOT / "tests" / "etiquette" / "data",
)
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
FOLDS = 5


# --- features ------------------------------------------------------------------------------


def _folded(items: Sequence[Item]) -> list[str]:
    return [normalize(item.text).text for item in items]


def _contexts(items: Sequence[Item]) -> np.ndarray:
    if not items:
        return np.zeros((0, len(learned.CONTEXT_FEATURES)), np.float32)
    return np.stack([learned.context_vector(item.kind, item.context) for item in items])


def document_frequencies(occs: Sequence[features.Occurrences]) -> np.ndarray:
    df = np.zeros(1 << features.BITS, dtype=np.int64)
    for occ in occs:
        df[np.unique(occ.buckets)] += 1
    return df


def idf_from(df: np.ndarray, documents: int) -> tuple[np.ndarray, float]:
    """Smoothed idf (as scikit-learn's ``TfidfVectorizer``): ln((1+n)/(1+df)) + 1."""
    idf = (np.log((1.0 + documents) / (1.0 + df)) + 1.0).astype(np.float32)
    return idf, float(math.log(1.0 + documents) + 1.0)


def design_matrix(model: learned.LearnedModel, texts: list[str], contexts: np.ndarray):
    """The sparse rows the run-time scoring sums over: buckets × scaled values, plus context."""
    from scipy import sparse

    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        occ = features.occurrences(text)
        rows.append(np.full(len(occ.buckets), row))
        cols.append(occ.buckets)
        vals.append(model._values(occ))
    counts = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(texts), 1 << features.BITS),
        dtype=np.float64,
    )
    counts.sum_duplicates()
    return sparse.hstack([counts, sparse.csr_matrix(contexts.astype(np.float64))], format="csr")


# --- fitting --------------------------------------------------------------------------------


def _fit(x, y: np.ndarray, c: float, seed: int, weight=None) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():  # one class only: a constant
        return np.zeros(x.shape[1]), (8.0 if y[0] else -8.0)
    fitted = LogisticRegression(
        C=c, class_weight="balanced", solver="lbfgs", max_iter=2000, random_state=seed
    ).fit(x, y, sample_weight=weight)
    return fitted.coef_[0].astype(np.float64), float(fitted.intercept_[0])


def _average_precision(scores: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, scores)) if y.any() else 0.0


def _out_of_fold(x, y: np.ndarray, c: float, seed: int, weight=None) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    scores = np.zeros(len(y))
    folds = min(FOLDS, int(y.sum()), int(len(y) - y.sum()))
    if folds < 2:
        return scores
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fit_rows, held_rows in splitter.split(np.zeros(len(y)), y):
        fold_weight = None if weight is None else weight[fit_rows]
        weights, bias = _fit(x[fit_rows], y[fit_rows], c, seed, fold_weight)
        scores[held_rows] = x[held_rows] @ weights + bias
    return scores


def _platt(scores: np.ndarray, y: np.ndarray, seed: int) -> tuple[float, float]:
    """p = sigmoid(a * score + b), fitted on out-of-fold scores (weakly regularised)."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max() or not scores.any():
        return 1.0, 0.0
    fitted = LogisticRegression(C=100.0, solver="lbfgs", random_state=seed).fit(scores[:, None], y)
    return float(fitted.coef_[0, 0]), float(fitted.intercept_[0])


# --- choosing on validation -----------------------------------------------------------------


def _judged(model: learned.LearnedModel, items: Sequence[Item]) -> policy_.Judged:
    """The items as the policy search sees them: the model's probabilities, the rules' gates
    and findings (the engine's rules only), and the truth."""
    from netiquette.etiquette import rule_findings
    from netiquette.etiquette.registry import model_gates

    gate_for = model_gates()
    gates = np.zeros((len(items), len(LABELS)), dtype=bool)
    findings, texts = [], []
    for row, item in enumerate(items):
        analysis, found = rule_findings(item.kind, item.text, item.context)
        findings.append(found)
        texts.append(analysis.text if analysis is not None else "")
        for column, label in enumerate(LABELS):
            gates[row, column] = analysis is not None and gate_for[label](analysis)
    p = model.probabilities(texts, _contexts(items))
    return policy_.Judged.of(p, gates, findings, _truth(items), LABELS)


# --- the whole run --------------------------------------------------------------------------


def _truth(items: Sequence[Item]) -> np.ndarray:
    return np.array([[label in item.labels for label in LABELS] for item in items], dtype=bool)


def train(
    train_items: Sequence[Item],
    validation_items: Sequence[Item],
    *,
    seed: int = 12,
    card: dict[str, Any] | None = None,
    c_grid: Sequence[float] = C_GRID,
    context_options: Sequence[bool] = (True, False),
    sample_weight: Sequence[float] | None = None,
    guards: Mapping[str, Sequence[Item]] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The model's arrays and its card. Deterministic for the same items and seed.

    ``sample_weight`` (one per train item, default 1): weaker evidence counts for less, such
    as members' own signals beside moderators' decisions (``docs/etiquette.md``)."""
    weight = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    train_texts, validation_texts = _folded(train_items), _folded(validation_items)
    train_ctx, validation_ctx = _contexts(train_items), _contexts(validation_items)
    train_occs = [features.occurrences(text) for text in train_texts]
    idf, idf_default = idf_from(document_frequencies(train_occs), len(train_texts))
    labels = LABELS
    dims = 1 << features.BITS
    # A model shell with the idf, to scale features exactly as the engine will.
    shell = _model(idf, np.zeros((dims, len(labels)), np.float32), labels)
    x_train = design_matrix(shell, train_texts, train_ctx)
    x_validation = design_matrix(shell, validation_texts, validation_ctx)
    # Fit on the columns train uses only: a bucket no train text has keeps weight 0 under the
    # L2 penalty anyway, and L-BFGS costs grow with the number of columns.
    used = np.union1d(np.unique(x_train.indices), np.arange(dims, x_train.shape[1]))
    x_train, x_validation = x_train[:, used], x_validation[:, used]
    y_train, y_validation = _truth(train_items), _truth(validation_items)

    weights = np.zeros((dims, len(labels)), dtype=np.float32)
    context_weights = np.zeros((len(learned.CONTEXT_FEATURES), len(labels)), dtype=np.float32)
    bias = np.zeros(len(labels), dtype=np.float32)
    calibration = np.zeros((len(labels), 2), dtype=np.float32)
    chosen_c, chosen_context = {}, {}
    text_only = x_train.shape[1] - len(learned.CONTEXT_FEATURES)  # context columns come last
    for column, label in enumerate(labels):
        y = y_train[:, column]
        best = None
        # Per label, the regularisation and whether the context columns help, by average
        # precision on validation (the context's priors may not carry over to new data).
        for with_context in context_options:
            x_fit = x_train if with_context else x_train[:, :text_only]
            x_check = x_validation if with_context else x_validation[:, :text_only]
            for c in c_grid:
                w, b = _fit(x_fit, y, c, seed, weight)
                ap = _average_precision(x_check @ w + b, y_validation[:, column])
                if best is None or ap > best[0] + 1e-9:
                    best = (ap, c, with_context, w, b)
        _, c, with_context, w, b = best
        chosen_c[label], chosen_context[label] = c, with_context
        full = np.zeros(dims + len(learned.CONTEXT_FEATURES))
        full[used[: len(w)]] = w
        weights[:, column] = full[:dims]
        context_weights[:, column] = full[dims:]
        bias[column] = b
        x_fit = x_train if with_context else x_train[:, :text_only]
        calibration[column] = _platt(_out_of_fold(x_fit, y, c, seed, weight), y, seed)

    model = replace(
        shell,
        weights=weights,
        bias=bias,
        context_weights=context_weights,
        calibration=calibration,
    )
    judged = _judged(model, validation_items)
    guards = guards or {}
    guarded = [_judged(model, items) for items in guards.values()]
    overrulable = policy_.unreliable_rules(judged, _judged(model, train_items))
    chosen = policy_.choose(judged, guarded, overrulable)
    guard_figures = {
        name: dict(
            zip(
                ("macro_f1", "fine_flagged"),
                (
                    round(x, 4)
                    for x in policy_.figures(policy_.engine_labels(g, chosen), g.truth)[:2]
                ),
                strict=True,
            )
        )
        for name, g in zip(guards, guarded, strict=True)
    }
    model = replace(
        model,
        thresholds=np.asarray(chosen.thresholds, dtype=np.float32),
        alone=np.asarray(chosen.alone, dtype=bool),
        overrule_below=np.asarray(chosen.overrule_below, dtype=np.float32),
        overrules=chosen.overrules,
    )
    examples = examples_of(model, train_items, train_texts)
    arrays = arrays_of(model, idf, idf_default, examples)
    card = {
        **(card or {}),
        "seed": seed,
        "train_items": len(train_items),
        "validation_items": len(validation_items),
        "train_support": {label: int(y_train[:, i].sum()) for i, label in enumerate(labels)},
        "validation_support": {
            label: int(y_validation[:, i].sum()) for i, label in enumerate(labels)
        },
        "regularisation_c": chosen_c,
        "uses_context": chosen_context,
        "thresholds": dict(zip(labels, chosen.thresholds, strict=True)),
        "may_raise_alone": dict(zip(labels, chosen.alone, strict=True)),
        "overrule_below": dict(zip(labels, chosen.overrule_below, strict=True)),
        "overrules": sorted(chosen.overrules),
        "overrulable": overrulable,
        "policy_objective": f"macro-F1 - {policy_.FP_WEIGHT} x fine items flagged, on validation",
        "guards": {
            "rule": f"each keeps macro-F1 >= {policy_.GUARD_F1} and fine flagged <= "
            f"{policy_.GUARD_FP}",
            **{
                name: {"items": len(items), **guard_figures[name]} for name, items in guards.items()
            },
        },
        **policy_.report(judged, chosen, labels),
        "libraries": library_versions(),
    }
    return arrays, card


def _model(idf, weights, labels) -> learned.LearnedModel:
    """A model with these idf and weights and a neutral rest (no calibration, no policy)."""
    count = len(labels)
    return learned.LearnedModel(
        version="0-training",
        serial=0,
        labels=tuple(labels),
        idf=idf,
        weights=weights,
        bias=np.zeros(count, np.float32),
        context_weights=np.zeros((len(learned.CONTEXT_FEATURES), count), np.float32),
        calibration=np.tile(np.array([1.0, 0.0], np.float32), (count, 1)),
        thresholds=np.full(count, 0.5, np.float32),
        alone=np.zeros(count, bool),
        overrule_below=np.zeros(count, np.float32),
        overrules=frozenset(),
        example_texts=(),
        example_labels=np.zeros(0, np.int16),
        example_sketches=np.zeros((0, learned.SKETCH), np.float32),
        card={},
    )


def _read(path: Path, split: str) -> list[Item]:
    with open(path, encoding="utf-8") as handle:
        return read_corpus(handle, split)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus-dir", default=str(CORPUS_DIR), help="holds train.jsonl and validation.jsonl"
    )
    parser.add_argument(
        "--stand-in", help="a corpus without splits: even lines train, odd lines validate"
    )
    parser.add_argument("--out", default=str(learned.MODEL_DIR), help="where the model goes")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--guard",
        nargs="*",
        default=[str(path) for path in GUARDS],
        help="corpora the engine must keep right, each a file or a folder of them taken "
        "together (default: the dev corpus, and the hand-written sets of tests/etiquette/data)",
    )
    args = parser.parse_args(argv)
    try:
        if args.stand_in:
            train_items = _read(Path(args.stand_in), "even")
            validation_items = _read(Path(args.stand_in), "odd")
            card = {
                "placeholder": True,
                "trained_on": f"{Path(args.stand_in).name} (stand-in: even lines train, "
                "odd lines validate)",
            }
        else:
            corpus = Path(args.corpus_dir)
            train_items = _read(corpus / "train.jsonl", "train")
            validation_items = _read(corpus / "validation.jsonl", "validation")
            card = {"placeholder": False, "trained_on": f"{corpus.name}/train.jsonl"}
    except (OSError, ValueError) as error:
        print(f"cannot read the corpus: {error}", file=sys.stderr)
        return 2
    if not train_items or not validation_items:
        print("the corpus has no train or no validation items", file=sys.stderr)
        return 2
    guards: dict[str, list[Item]] = {}
    for guard in map(Path, args.guard):
        files = sorted(guard.glob("*.jsonl")) if guard.is_dir() else [guard]
        items = [item for path in files if path.exists() for item in _read(path, None)]
        if items:
            guards[guard.name] = items
    arrays, card = train(train_items, validation_items, seed=args.seed, card=card, guards=guards)
    manifest = write(arrays, card, Path(args.out))
    print(
        f"model {manifest['serial']}-{manifest['sha256'][:12]} written to {args.out} "
        f"({len(train_items)} train, {len(validation_items)} validation items)"
    )
    chosen = (
        "thresholds",
        "may_raise_alone",
        "overrule_below",
        "overrules",
        "figures_on_validation",
        "uses_context",
        "rules_the_model_covers",
    )
    print(json.dumps({k: card[k] for k in chosen}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
