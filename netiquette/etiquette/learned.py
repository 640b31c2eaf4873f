"""The learned layer: a linear model over hashed n-grams that judges meaning beside the rules.

One logistic regression per label (one-vs-rest) over the features of ``features.py`` and a few
context facts, trained by ``python -m netiquette.etiquette.train`` on the corpus' train split.
Its raw score is calibrated on the train split (Platt scaling of out-of-fold scores), and its
thresholds and its say against the rules are chosen on the validation split. Everything is
numpy at run time: no download, no torch, one small file (``model/etiquette.npz``) whose
sha256 the manifest beside it pins and ``load()`` checks.

What it gives the engine for one draft and one label:

- the calibrated probability (``probabilities``, for a batch at once);
- the sentence that scored highest (each sentence scored on its own with the same weights, so
  the cost stays linear in the text);
- the two nearest labelled examples of that label, found in a small sketch of the features
  that speak for the label (``nearest``): "reads like: …".
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from netiquette.etiquette import features

__all__ = ["CONTEXT_FEATURES", "LearnedModel", "ModelError", "context_vector", "load"]

MODEL_DIR = Path(__file__).resolve().parent / "model"
MANIFEST = MODEL_DIR / "manifest.json"
FORMAT = 1  # the layout of the file; a loader refuses any other

# The context facts the model sees beside the text, as 0/1 columns (the rules' gates still
# decide where a label may be raised at all: see ``etiquette._model_findings``).
CONTEXT_FEATURES = (
    "request_note",
    "first_contact",
    "not_first_contact",
    "connected",
    "how_known:colleague",
    "how_known:classmate",
    "how_known:met_in_person",
    "how_known:business",
    "how_known:friend",
    "how_known:none",
    "recruiter",
    "recipient_open_to_work",
    "shared_facts",
)
SKETCH = 256  # dimensions of the nearest-example sketch
NEAREST = 2  # examples cited per finding


class ModelError(RuntimeError):
    """The model file is missing, altered or of another format."""


def context_vector(kind: str, context: Any) -> np.ndarray:
    """The context columns of one draft (``context`` is an ``etiquette.Context``)."""
    how_known = context.how_known
    return np.array(
        (
            kind == "request_note",
            context.first_contact is True,
            context.first_contact is False,
            context.connected is True,
            how_known == "colleague",
            how_known == "classmate",
            how_known == "met_in_person",
            how_known == "business",
            how_known == "friend",
            how_known == "none",
            context.sender_role == "recruiter",
            context.recipient_open_to_work is True,
            bool(context.shared),
        ),
        dtype=np.float32,
    )


@dataclass(frozen=True, eq=False)
class LearnedModel:
    version: str  # "<serial>-<first 12 hex digits of the file's sha256>"
    serial: int
    labels: tuple[str, ...]
    idf: np.ndarray  # float32[2**BITS]
    weights: np.ndarray  # float32[2**BITS, labels]
    bias: np.ndarray  # float32[labels]
    context_weights: np.ndarray  # float32[len(CONTEXT_FEATURES), labels]
    calibration: np.ndarray  # float32[labels, 2]: p = sigmoid(a * score + b)
    thresholds: np.ndarray  # float32[labels]: a finding from this probability on
    alone: np.ndarray  # bool[labels]: may raise its label where no rule does
    overrule_below: np.ndarray  # float32[labels]: below it, the model's doubt drops ...
    overrules: frozenset[str]  # ... the findings of these rules (``policy.py``)
    example_texts: tuple[str, ...]
    example_labels: np.ndarray  # int16[examples]
    example_sketches: np.ndarray  # float32[examples, SKETCH], unit rows
    card: dict[str, Any]  # what it learned from and its figures (the manifest's copy)

    @property
    def placeholder(self) -> bool:
        return bool(self.card.get("placeholder"))

    # --- scoring ----------------------------------------------------------------------------

    def _values(self, occ: features.Occurrences) -> np.ndarray:
        """Each occurrence's idf over the norm of its group (char n-grams, words), float64."""
        values = self.idf[occ.buckets].astype(np.float64)
        n_char = occ.n_char
        squares = values * values
        values[:n_char] /= math.sqrt(squares[:n_char].sum()) or 1.0
        values[n_char:] /= math.sqrt(squares[n_char:].sum()) or 1.0
        return values

    def raw_scores(
        self, texts: list[str], contexts: np.ndarray
    ) -> tuple[np.ndarray, Callable[[int], features.Occurrences]]:
        """Uncalibrated scores (drafts × labels) for folded texts and their context rows, and
        a function giving each text's occurrences (for its sentence and its examples).

        One draft (the live check) is featurised on its own; a batch (the scoring worker)
        in one pass over all its texts (``features.occurrences_many``). Both sum in float64,
        so a draft scores the same alone and in a batch (to ~1e-15).
        """
        scores = np.repeat(self.bias[None, :], len(texts), axis=0).astype(np.float64)
        if not len(texts):
            return scores, features.occurrences_many([]).of
        scores += _matmul(contexts, self.context_weights)
        if len(texts) == 1:
            occ = features.occurrences(texts[0])
            if len(occ.buckets):
                values = self._values(occ)
                scores[0] += (self.weights[occ.buckets] * values[:, None]).sum(axis=0)
            return scores, lambda index: occ
        batch = features.occurrences_many(texts)
        if len(batch.buckets):
            values = self.idf[batch.buckets].astype(np.float64)
            group = batch.texts * 2 + ~batch.is_char
            norms = np.sqrt(np.bincount(group, weights=values * values, minlength=2 * len(texts)))
            norms[norms == 0] = 1.0
            values /= norms[group]
            contributions = self.weights[batch.buckets] * values[:, None]
            for column in range(len(self.labels)):
                scores[:, column] += np.bincount(
                    batch.texts, weights=contributions[:, column], minlength=len(texts)
                )
        return scores, batch.of

    def calibrate(self, scores: np.ndarray) -> np.ndarray:
        a, b = self.calibration[:, 0], self.calibration[:, 1]
        return 1.0 / (1.0 + np.exp(-(scores * a + b)))

    def probabilities(self, texts: list[str], contexts: np.ndarray) -> np.ndarray:
        scores, _ = self.raw_scores(texts, contexts)
        return self.calibrate(scores)

    def best_sentence(
        self, text: str, occ: features.Occurrences, context_row: np.ndarray, label: int
    ) -> tuple[int, int]:
        """The span (in the folded text) of the sentence that scores highest for ``label``,
        each sentence scored as if it were the whole draft. Linear in the text."""
        starts = features.sentence_starts(text)
        if len(starts) == 1 or not len(occ.buckets):
            return _trim(text, 0, len(text))
        sentence = np.searchsorted(starts, occ.starts, side="right") - 1
        count = len(starts)
        values = self.idf[occ.buckets]
        weights = self.weights[occ.buckets, label]
        char = slice(0, occ.n_char)
        word = slice(occ.n_char, None)
        score = np.full(
            count, float(self.bias[label] + (context_row * self.context_weights[:, label]).sum())
        )
        for group in (char, word):
            ids, v, w = sentence[group], values[group], weights[group]
            norms = np.sqrt(np.bincount(ids, weights=v * v, minlength=count))
            norms[norms == 0] = 1.0
            score += np.bincount(ids, weights=v * w, minlength=count) / norms
        # Empty sentences (a lone "!") do not compete.
        has_words = np.bincount(sentence[word], minlength=count) > 0
        score[~has_words] = -np.inf
        best = int(np.argmax(score))
        end = int(starts[best + 1]) if best + 1 < count else len(text)
        return _trim(text, int(starts[best]), end)

    @cached_property
    def _examples_by_label(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per label: the indices of its examples and their sketches, once per model."""
        by_label = []
        for label in range(len(self.labels)):
            rows = np.flatnonzero(self.example_labels == label)
            by_label.append((rows, np.ascontiguousarray(self.example_sketches[rows])))
        return by_label

    def nearest(self, occ: features.Occurrences, label: int) -> tuple[str, ...]:
        """The labelled examples of ``label`` whose label-bearing features are most like the
        draft's (cosine in a signed sketch of idf × positive weight)."""
        rows, sketches = self._examples_by_label[label]
        if not len(rows) or not len(occ.buckets):
            return ()
        query = sketch(occ.buckets, self._values(occ) * self.weights[occ.buckets, label])
        if not query.any():
            return ()
        similarity = (sketches * query).sum(axis=1)
        order = np.argsort(-similarity, kind="stable")[:NEAREST]
        return tuple(self.example_texts[rows[i]] for i in order if similarity[i] > 0)


def _matmul(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``left @ right`` in float64 without BLAS: these products are tiny, and a BLAS call
    wakes OpenBLAS's thread pool, whose spinning threads compete with the web and scoring
    workers for the cores (the engine makes no BLAS call on its hot path)."""
    return (left.astype(np.float64)[:, :, None] * right.astype(np.float64)[None, :, :]).sum(axis=1)


def sketch(buckets: np.ndarray, contributions: np.ndarray) -> np.ndarray:
    """A unit vector of ``SKETCH`` dimensions summing each feature's positive contribution
    into a bucket with a sign (a count sketch): similar evidence, similar sketch."""
    positive = np.maximum(contributions, 0.0)
    signs = 1.0 - 2.0 * ((buckets >> 8) & 1)
    folded = np.bincount(buckets & (SKETCH - 1), weights=positive * signs, minlength=SKETCH)
    norm = math.sqrt(float(np.square(folded).sum()))
    return (folded / norm if norm else folded).astype(np.float32)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- the file ------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(manifest_path: Path = MANIFEST) -> LearnedModel:
    """The model the manifest names, after checking the file's sha256 and format."""
    try:
        manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
        path = Path(manifest_path).parent / manifest["file"]
        sha256 = file_sha256(path)
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"cannot read the model named by {manifest_path}: {error}") from error
    if sha256 != manifest.get("sha256"):
        raise ModelError(f"{path} does not match the sha256 its manifest pins")
    if manifest.get("format") != FORMAT:
        raise ModelError(f"{path} is of format {manifest.get('format')}, not {FORMAT}")
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    return _from_arrays(arrays, manifest, sha256, str(path))


def load_bytes(payload: bytes, manifest: dict[str, Any]) -> LearnedModel:
    """A model stored elsewhere than in the package (a candidate trained from moderators'
    decisions, kept in the database): the file's bytes and its manifest, checked the same way."""
    sha256 = hashlib.sha256(payload).hexdigest()
    if sha256 != manifest.get("sha256"):
        raise ModelError("the stored model does not match the sha256 its manifest pins")
    if manifest.get("format") != FORMAT:
        raise ModelError(f"the stored model is of format {manifest.get('format')}, not {FORMAT}")
    with np.load(io.BytesIO(payload), allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    return _from_arrays(arrays, manifest, sha256, "the stored model")


def _from_arrays(
    arrays: dict[str, np.ndarray], manifest: dict[str, Any], sha256: str, path: str
) -> LearnedModel:
    if int(arrays["bits"]) != features.BITS or tuple(arrays["context_features"]) != (
        CONTEXT_FEATURES
    ):
        raise ModelError(f"{path} was trained on other features")
    weights = np.zeros((1 << features.BITS, len(manifest["labels"])), dtype=np.float32)
    weights[arrays["weight_rows"]] = arrays["weight_values"].astype(np.float32)
    # Buckets no training text had get the largest idf, as TF-IDF gives an unseen term.
    idf = np.full(1 << features.BITS, float(arrays["idf_default"]), dtype=np.float32)
    idf[arrays["idf_rows"]] = arrays["idf_values"].astype(np.float32)
    serial = int(manifest["serial"])
    return LearnedModel(
        version=manifest.get("version") or f"{serial}-{sha256[:12]}",
        serial=serial,
        labels=tuple(manifest["labels"]),
        idf=idf,
        weights=weights,
        bias=arrays["bias"].astype(np.float32),
        context_weights=arrays["context_weights"].astype(np.float32),
        calibration=arrays["calibration"].astype(np.float32),
        thresholds=arrays["thresholds"].astype(np.float32),
        alone=arrays["alone"].astype(bool),
        # models written before the overrule threshold existed doubted below the threshold
        overrule_below=arrays.get("overrule_below", arrays["thresholds"]).astype(np.float32),
        overrules=frozenset(str(r) for r in arrays["overrules"]),
        example_texts=tuple(str(t) for t in arrays["example_texts"]),
        example_labels=arrays["example_labels"].astype(np.int16),
        example_sketches=arrays["example_sketches"].astype(np.float32),
        card=manifest.get("card", {}),
    )


@lru_cache(maxsize=1)
def default_model() -> LearnedModel:
    """The committed model, loaded once per process."""
    return load()
