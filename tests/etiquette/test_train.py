"""The train command: seeded and deterministic, writes a model the engine loads; and the
evaluate command's splits and side-by-side figures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from netiquette.etiquette import Context, Draft, check, learned, train
from netiquette.etiquette.evaluate import LABELS, read_corpus
from netiquette.etiquette.evaluate import main as evaluate_main

DATA = Path(__file__).parent / "data"


def _sample() -> tuple[list, list]:
    """A small sample of the hand-written sets: every third line trains, the next validates."""
    lines = []
    for path in sorted(DATA.glob("*.jsonl")):
        lines += path.read_text(encoding="utf-8").splitlines()
    items = read_corpus(lines)
    return items[0::3][:150], items[1::3][:100]


@pytest.fixture(scope="module")
def trained():
    train_items, validation_items = _sample()
    # one regularisation strength instead of the grid: the same code, in seconds
    first = train.train(train_items, validation_items, seed=7, c_grid=(10.0,))
    second = train.train(train_items, validation_items, seed=7, c_grid=(10.0,))
    return first, second


def test_training_is_deterministic(trained) -> None:
    (arrays, card), (again, card_again) = trained
    assert train.model_bytes(arrays) == train.model_bytes(again)
    assert card == card_again


def test_the_written_model_loads_and_judges(trained, tmp_path) -> None:
    arrays, card = trained[0]
    manifest = train.write(arrays, card, tmp_path)
    assert manifest["serial"] == 1
    model = learned.load(tmp_path / "manifest.json")
    assert model.version == f"1-{manifest['sha256'][:12]}"
    assert model.labels == ("personal", "no_context", "sales_pitch", "give_me", "political")
    assert ((model.thresholds > 0) & (model.thresholds < 1)).all()
    verdict = check(
        Draft("message", "Please give me a job in your company.", Context(first_contact=True)),
        model=model,
    )
    assert verdict.action in {"ok", "warn", "flag", "block"}
    # the same bytes again: the same serial; other bytes: the next one
    assert train.write(arrays, card, tmp_path)["serial"] == 1
    changed = {**arrays, "bias": arrays["bias"] + np.float32(0.5)}
    assert train.write(changed, card, tmp_path)["serial"] == 2


def test_the_card_says_what_it_learned_from_and_what_it_chose(trained) -> None:
    _, card = trained[0]
    assert card["train_items"] == 150 and card["validation_items"] == 100
    assert set(card["thresholds"]) == set(card["may_raise_alone"]) == set(LABELS)
    assert set(card["uses_context"]) == set(card["regularisation_c"]) == set(LABELS)
    # every rule that fired on validation has its precision there, beside the model's
    assert all(f"model.{label}" in card["precision_on_validation"] for label in LABELS)
    assert set(card["rules_the_model_covers"]) <= set(card["precision_on_validation"])
    assert "scikit-learn" in card["libraries"]


def test_the_command_needs_both_splits(tmp_path, capsys) -> None:
    assert train.main(["--corpus-dir", str(tmp_path), "--out", str(tmp_path / "m")]) == 2
    assert "cannot read the corpus" in capsys.readouterr().err


def test_the_committed_model_is_marked_with_what_it_was_trained_on() -> None:
    manifest = json.loads(learned.MANIFEST.read_text(encoding="utf-8"))
    card = manifest["card"]
    assert card["trained_on"]
    if card["placeholder"]:
        assert "stand-in" in card["trained_on"]
    assert learned.file_sha256(learned.MODEL_DIR / manifest["file"]) == manifest["sha256"]


# --- evaluate: splits and the side-by-side table ---------------------------------------------


def _split_corpus(tmp_path: Path) -> Path:
    rows = []
    for index, line in enumerate((DATA / "mini.jsonl").read_text().splitlines() * 3):
        row = json.loads(line)
        row["id"] = f"{row['id']}-{index}"
        row["split"] = ("train", "validation", "test")[index % 3]
        row["source"] = "hand-written"
        row["derived_from"] = None
        rows.append(json.dumps(row))
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_split_reads_the_split_field(tmp_path) -> None:
    lines = _split_corpus(tmp_path).read_text().splitlines()
    for split in ("train", "validation", "test"):
        items = read_corpus(lines, split)
        assert items and {item.split for item in items} == {split}
    assert len(read_corpus(lines)) == len(lines)


def test_evaluate_prints_the_engine_beside_rules_model_and_baseline(tmp_path, capsys) -> None:
    path = _split_corpus(tmp_path)
    assert evaluate_main([str(path), "--split", "test"]) == 0
    out = capsys.readouterr().out
    assert "engine" in out and "rules only" in out and "model only" in out
    assert "TF-IDF baseline" in out
    assert "baseline: TF-IDF + logistic regression trained on corpus.jsonl (train)" in out
    assert evaluate_main([str(path), "--split", "test", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["comparison"]) == {"engine", "rules only", "model only", "TF-IDF baseline"}


def test_evaluate_halves_train_the_baseline_on_the_other_half(capsys) -> None:
    assert evaluate_main([str(DATA / "fresh.jsonl"), "--half", "odd"]) == 0
    assert "trained on fresh.jsonl (even)" in capsys.readouterr().out
