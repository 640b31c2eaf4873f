"""The evaluate command: figures per label, macro-F1, FP rate, misses; text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from netiquette.etiquette import Context
from netiquette.etiquette.evaluate import (
    LABELS,
    Item,
    engine_labels,
    evaluate,
    main,
    read_corpus,
)

MINI = Path(__file__).parent / "data" / "mini.jsonl"


def test_reads_the_corpus_format_with_missing_context() -> None:
    items = read_corpus(MINI.read_text().splitlines())
    assert len(items) == 8
    assert items[5].context == Context()
    assert items[0].labels == frozenset({"sales_pitch"})


def test_even_and_odd_splits_partition_the_corpus() -> None:
    lines = MINI.read_text().splitlines()
    even, odd = read_corpus(lines, "even"), read_corpus(lines, "odd")
    assert {i.item_id for i in even} | {i.item_id for i in odd} == {f"m{n}" for n in range(1, 9)}
    assert not {i.item_id for i in even} & {i.item_id for i in odd}


def test_mini_corpus_scores_perfectly() -> None:
    report = evaluate(read_corpus(MINI.read_text().splitlines()))
    assert report["macro_f1"] == 1.0
    assert report["false_positive_rate"] == 0.0
    assert report["clean_items"] == 3
    assert set(report["per_label"]) == set(LABELS)


def test_misses_and_false_positives_are_counted() -> None:
    items = [
        Item(
            "a", "message", "Please sign the petition to recall the mayor!", Context(), frozenset()
        ),
        Item("b", "message", "Lovely weather today.", Context(), frozenset({"personal"})),
    ]
    report = evaluate(items)
    assert report["false_positive_rate"] == 1.0
    assert report["per_label"]["political"]["fp"] == 1
    assert report["per_label"]["personal"]["fn"] == 1
    assert {m["id"] for m in report["worst_misses"]} == {"a", "b"}


def test_main_prints_text_and_json(capsys) -> None:
    assert main([str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "macro-F1: 1.000" in out and "false-positive rate on fine items: 0.00%" in out
    assert main([str(MINI), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["macro_f1"] == 1.0 and data["items"] == 8


def test_main_reports_an_unreadable_file(tmp_path, capsys) -> None:
    assert main([str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n")
    assert main([str(broken)]) == 2


def test_hand_written_sets_stay_above_the_targets() -> None:
    """Regression guard over every hand-written set in tests/etiquette/data (not the corpus).

    Each set, judged by the rules layer, keeps the targets: the sets were written to the
    design's etiquette, as the rules were. The whole engine is held to the same targets over
    all the sets together, the guard ``train`` chose the model's policy under (a set of 20
    items cannot hold a 2 % rate: one false positive is 5 %); docs/etiquette.md lists the
    items the learned layer judges differently."""
    every = []
    for path in sorted(MINI.parent.glob("*.jsonl")):
        items = read_corpus(path.read_text(encoding="utf-8").splitlines())
        every += items
        report = evaluate(items, predictions=engine_labels(items, model=None))
        assert report["macro_f1"] >= 0.95, (path.name, report["worst_misses"])
        assert report["false_positive_rate"] <= 0.02, (path.name, report["worst_misses"])
    report = evaluate(every, misses=20)
    assert report["macro_f1"] >= 0.95, report["worst_misses"]
    assert report["false_positive_rate"] <= 0.02, report["worst_misses"]


def test_macro_f1_averages_only_labels_that_occur_or_are_predicted() -> None:
    items = [
        Item("a", "request_note", "Please accept my invitation.", Context(first_contact=True),
             frozenset({"no_context"})),
        Item("b", "message", "Thanks for the notes from today's call.", Context(),
             frozenset()),
    ]  # fmt: skip
    report = evaluate(items)
    assert report["macro_labels"] == ["no_context"]
    assert report["macro_f1"] == 1.0
