"""Every rule's own should-fire / should-not-fire table, and a meta-test that each has both.

The examples live beside each rule in ``netiquette/etiquette/rules/*.py`` (written for the
rules, not taken from the evaluation corpus). One parametrised test drives them all.

A rule's table says what the *rule* detects, so it is judged by the rules layer
(``model=None``); the learned layer's ``model.<label>`` tables by the whole engine. With the
model on, a rule's finding stands unless the model overrules that rule (``policy.py``), so the
should-fire examples of every rule it does not overrule must fire in the whole engine too.
"""

from __future__ import annotations

import pytest

from netiquette.etiquette import DEFAULT_MODEL, Context, Draft, check, learned, rule_catalogue
from netiquette.etiquette.registry import Example, ModelRule, Rule, all_rules, model_rules


def _cases(kind: str) -> list[tuple[Rule, Example]]:
    cases = []
    # The rules, then the learned layer's ``model.<label>`` findings, each with its own table.
    for rule in (*all_rules(), *model_rules()):
        for example in rule.fires if kind == "fires" else rule.clean:
            cases.append(pytest.param(rule, example, id=f"{rule.rule_id}:{example.text[:40]}"))
    return cases


def _judge(example: Example, rule: Rule | ModelRule, *, engine: bool = False):
    """The rules layer for a rule's table, the whole engine for the model's (or ``engine``)."""
    model = DEFAULT_MODEL if engine or isinstance(rule, ModelRule) else None
    return check(Draft(example.kind, example.text, Context.from_dict(example.context)), model=model)


@pytest.mark.parametrize(("rule", "example"), _cases("fires"))
def test_rule_fires_on_its_examples(rule: Rule, example: Example) -> None:
    verdict = _judge(example, rule)
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


@pytest.mark.parametrize(
    ("rule", "example"),
    [
        case
        for case in _cases("fires")
        if isinstance(case.values[0], Rule)
        and case.values[0].rule_id not in learned.default_model().overrules
    ],
)
def test_the_engine_keeps_what_the_rules_it_does_not_overrule_find(rule, example) -> None:
    verdict = _judge(example, rule, engine=True)
    assert rule.rule_id in {f.rule_id for f in verdict.findings}, example.text
    assert rule.label in verdict.labels


@pytest.mark.parametrize(("rule", "example"), _cases("clean"))
def test_rule_stays_quiet_on_its_counter_examples(rule: Rule, example: Example) -> None:
    verdict = _judge(example, rule)
    assert rule.rule_id not in {f.rule_id for f in verdict.findings}, example.text
    # nor does the whole engine find it there (the model never adds a rule's finding)
    whole = _judge(example, rule, engine=True)
    assert rule.rule_id not in {f.rule_id for f in whole.findings}, example.text


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
