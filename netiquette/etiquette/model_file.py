"""The learned layer's model file: its arrays, the examples it cites, and the bytes written.

``train`` fits the model and chooses its policy; this module turns the result into
``model/etiquette.npz`` (a zip of ``.npy`` arrays with fixed timestamps, so the same model
gives the same bytes and sha256) and ``model/manifest.json`` (the sha256 ``learned.load``
checks, a serial that grows with every new model, and the model card).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from netiquette.etiquette import features, learned
from netiquette.etiquette.evaluate import LABELS, Item

MAX_EXAMPLES_PER_LABEL = 400
EXAMPLE_CHARS = 280


def examples_of(model: learned.LearnedModel, items: Sequence[Item], texts: list[str]):
    """The train items each label's findings may cite, with their sketches."""
    chosen_texts, chosen_labels, sketches = [], [], []
    for column, label in enumerate(model.labels):
        positives = [
            (item, text) for item, text in zip(items, texts, strict=True) if label in item.labels
        ]
        for item, text in positives[:MAX_EXAMPLES_PER_LABEL]:
            occ = features.occurrences(text)
            contributions = model._values(occ) * model.weights[occ.buckets, column]
            chosen_texts.append(shorten(item.text))
            chosen_labels.append(column)
            sketches.append(learned.sketch(occ.buckets, contributions))
    sketches_array = np.stack(sketches) if sketches else np.zeros((0, learned.SKETCH), np.float32)
    return chosen_texts, np.asarray(chosen_labels, np.int16), sketches_array


def shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1].rstrip() + "…"


def arrays_of(model: learned.LearnedModel, idf, idf_default, examples) -> dict[str, np.ndarray]:
    texts, example_labels, sketches = examples
    rows = np.flatnonzero(np.any(model.weights != 0, axis=1))
    seen = np.flatnonzero(idf != np.float32(idf_default))
    return {
        "bits": np.array(features.BITS),
        "context_features": np.array(learned.CONTEXT_FEATURES),
        "weight_rows": rows.astype(np.int32),
        "weight_values": model.weights[rows].astype(np.float32),
        "idf_rows": seen.astype(np.int32),
        "idf_values": idf[seen].astype(np.float32),
        "idf_default": np.array(idf_default, dtype=np.float32),
        "bias": model.bias,
        "context_weights": model.context_weights,
        "calibration": model.calibration,
        "thresholds": model.thresholds,
        "alone": model.alone,
        "overrule_below": model.overrule_below,
        "overrules": np.array(sorted(model.overrules), dtype=str),
        "example_texts": np.array(texts, dtype=str),
        "example_labels": example_labels,
        "example_sketches": sketches.astype(np.float32),
    }


def library_versions() -> dict[str, str]:
    import scipy
    import sklearn

    return {
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
    }


def model_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """The arrays as an ``.npz`` (a zip of ``.npy``) with fixed timestamps: same arrays, same
    bytes, so the sha256 only changes when the model does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            array_buffer = io.BytesIO()
            np.lib.format.write_array(array_buffer, np.asarray(arrays[name]), allow_pickle=False)
            archive.writestr(info, array_buffer.getvalue())
    return buffer.getvalue()


def write(arrays: dict[str, np.ndarray], card: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """Writes the model file and its manifest; the serial grows only when the bytes change."""
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = model_bytes(arrays)
    sha256 = hashlib.sha256(payload).hexdigest()
    manifest_path = out_dir / "manifest.json"
    serial = 1
    if manifest_path.exists():
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
        serial = int(previous.get("serial", 0))
        if previous.get("sha256") != sha256:
            serial += 1
    (out_dir / "etiquette.npz").write_bytes(payload)
    manifest = {
        "format": learned.FORMAT,
        "file": "etiquette.npz",
        "sha256": sha256,
        "serial": serial,
        "labels": list(LABELS),
        "card": card,
    }
    manifest_path.write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest
