"""docs/etiquette.md lists every rule the engine runs (id, label, why, example)."""

from __future__ import annotations

from pathlib import Path

from netiquette.etiquette import rule_catalogue

DOC = Path(__file__).resolve().parents[2] / "docs" / "etiquette.md"


def test_every_rule_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [info.rule_id for info in rule_catalogue() if f"`{info.rule_id}`" not in text]
    assert not missing, f"add these rules to docs/etiquette.md: {missing}"
    for label in {info.label for info in rule_catalogue()}:
        assert f"## `{label}`" in text
