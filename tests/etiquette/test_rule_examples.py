"""Every rule's own should-fire / should-not-fire table, and a meta-test that each has both.

The examples live beside each rule in ``netiquette/etiquette/rules/*.py`` (written for the
rules, not taken from the evaluation corpus). One parametrised test drives them all.
"""

from __future__ import annotations

import pytest

from netiquette.etiquette import Context, Draft, check, rule_catalogue
from netiquette.etiquette.registry import Example, Rule, all_rules, model_rules


def _cases(kind: str) -> list[tuple[Rule, Example]]:
    cases = []
    # The rules, then the learned layer's ``model.<label>`` findings, each with its own table.
    for rule in (*all_rules(), *model_rules()):
        for example in rule.fires if kind == "fires" else rule.clean:
            cases.append(pytest.param(rule, example, id=f"{rule.rule_id}:{example.text[:40]}"))
    return cases


def _judge(example: Example):
    return check(Draft(example.kind, example.text, Context.from_dict(example.context)))


@pytest.mark.parametrize(("rule", "example"), _cases("fires"))
def test_rule_fires_on_its_examples(rule: Rule, example: Example) -> None:
    verdict = _judge(example)
    fired = [f for f in verdict.findings if f.rule_id == rule.rule_id]
    assert fired, f"{rule.rule_id} did not fire on {example.text!r}"
    finding = fired[0]
    assert finding.label == rule.label
    assert rule.label in verdict.labels
    if example.evidence is not None:
        assert finding.span is not None
        start, end = finding.span
        marked = example.text[start:end].casefold()
        wanted = example.evidence.casefold()
        assert wanted in marked or marked in wanted, (marked, wanted)


@pytest.mark.parametrize(("rule", "example"), _cases("clean"))
def test_rule_stays_quiet_on_its_counter_examples(rule: Rule, example: Example) -> None:
    verdict = _judge(example)
    assert rule.rule_id not in {f.rule_id for f in verdict.findings}, example.text


def test_every_rule_has_examples_of_both_kinds() -> None:
    catalogue = {info.rule_id for info in rule_catalogue()}
    rules = {rule.rule_id: rule for rule in (*all_rules(), *model_rules())}
    assert catalogue == set(rules)
    missing = [rule_id for rule_id, rule in rules.items() if not rule.fires or not rule.clean]
    assert not missing, f"rules without should-fire and should-not-fire examples: {missing}"


def test_rule_ids_are_dotted_under_their_label() -> None:
    for info in rule_catalogue():
        family, _, name = info.rule_id.partition(".")
        if family == "model":  # the learned layer: model.<label>
            assert name == info.label, info.rule_id
        else:
            assert family == info.label and name, info.rule_id
        assert info.doc and info.weight > 0


def test_every_label_of_the_design_has_rules() -> None:
    labels = {info.label for info in rule_catalogue()}
    assert labels == {"personal", "no_context", "sales_pitch", "give_me", "political"}


def test_fine_messages_get_no_findings() -> None:
    fine = [
        Draft(
            "message",
            "Thanks for the talk at the PyCon meetup yesterday — I enjoyed your point on testing.",
            Context(first_contact=True),
        ),
        Draft(
            "message",
            "Could you send me the Q3 numbers before Friday's review?",
            Context(how_known="colleague", connected=True),
        ),
        Draft(
            "request_note",
            "Hi Ana, we met at the Lisbon data meetup — great chat about dbt. Let's stay in touch.",
            Context(first_contact=True),
        ),
        Draft(
            "message", "Congratulations on the new role, well deserved!", Context(connected=True)
        ),
    ]
    for draft in fine:
        verdict = check(draft)
        assert verdict.findings == () and verdict.action == "ok", draft.text
