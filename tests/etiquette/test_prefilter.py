"""The Aho-Corasick prefilter is only an optimisation: it must never change what a family finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netiquette.etiquette import Context
from netiquette.etiquette.registry import all_rules
from netiquette.etiquette.signals import FAMILIES, Analysis


def _examples() -> list[str]:
    texts = []
    for rule in all_rules():
        texts.extend(example.text for example in (*rule.fires, *rule.clean))
    return texts


def _same_first_match(text: str) -> None:
    analysis = Analysis(text, "message", Context())
    for family in FAMILIES:
        plain = family.regex.search(analysis.text)
        fast = family.find(analysis)
        assert (plain is None) == (fast is None), (family.alternatives[0], text[:80])
        if plain is not None:
            assert fast[0] == plain.start(), (family.alternatives[0], text[:80])


def test_families_are_registered() -> None:
    all_rules()
    assert len(FAMILIES) > 20


def test_prefilter_finds_what_the_plain_regex_finds_on_every_example() -> None:
    examples = _examples()
    for text in examples:
        _same_first_match(text)


def test_prefilter_holds_on_long_texts_that_take_the_windowed_path() -> None:
    examples = _examples()
    _same_first_match(" ".join(examples))
    _same_first_match("\n\n".join(reversed(examples)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_examples()) | st.text(max_size=30), min_size=1, max_size=30))
def test_prefilter_holds_on_spliced_examples(pieces: list[str]) -> None:
    _same_first_match(" ".join(pieces))


def test_rule_gates_never_change_a_verdict(monkeypatch) -> None:
    import json
    from pathlib import Path

    from netiquette.etiquette import Draft, check, registry

    drafts = [
        Draft(example.kind, example.text, Context.from_dict(example.context))
        for rule in all_rules()
        for example in (*rule.fires, *rule.clean)
    ]
    for path in sorted((Path(__file__).parent / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            drafts.append(Draft(row["kind"], row["text"], Context.from_dict(row["context"])))
    gated = [check(draft) for draft in drafts]
    original = registry.plan
    monkeypatch.setattr(
        registry, "plan", lambda s: tuple((r, e, w, None) for r, e, w, _ in original(s))
    )
    assert [check(draft) for draft in drafts] == gated


def test_runnable_steps_follow_the_gates_for_alternating_plans() -> None:
    from netiquette.etiquette import RuleSettings, registry

    plans = [
        registry.plan(RuleSettings()),
        registry.plan(RuleSettings(disabled=frozenset({"sales_pitch.unsolicited_offer"}))),
    ]
    for number, text in enumerate(_examples()):
        analysis = Analysis(text, "message", Context())
        analysis.present()
        steps = plans[number % 2]  # a new plan each time: the table must follow it
        expected = tuple(
            (rule, extra, weight)
            for rule, extra, weight, gate in steps
            if gate is None or gate & analysis.live
        )
        assert registry.runnable(steps, analysis.live) == expected
        assert registry.runnable(steps, analysis.live) == expected  # remembered
    assert any(gate is not None for *_, gate in plans[0])
