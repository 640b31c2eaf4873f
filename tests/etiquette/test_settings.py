"""Rule settings: switch off, re-weight, extra phrases, version; thresholds in one place."""

from __future__ import annotations

from netiquette.etiquette import Context, Draft, RuleSettings, check, rule_catalogue
from netiquette.etiquette.registry import THRESHOLDS, action_for, total

PITCH = Draft(
    "message",
    "Hi, I help companies like yours grow revenue. Can we book a quick call this week?",
    Context(first_contact=True),
)


def test_default_verdict_sums_weights_and_maps_to_an_action() -> None:
    rules = check(PITCH, model=None)
    assert rules.score == sum(f.weight for f in rules.findings)
    # With the learned layer: per label the stronger of rules and model (registry.total).
    verdict = check(PITCH)
    assert verdict.score == total(verdict.findings) >= rules.score
    assert verdict.action == action_for(verdict.score)
    assert "sales_pitch.unsolicited_offer" in {f.rule_id for f in verdict.findings}


def test_thresholds_map_scores_to_actions() -> None:
    by_action = dict(THRESHOLDS)
    assert action_for(0) == "ok"
    assert action_for(by_action["warn"]) == "warn"
    assert action_for(by_action["flag"]) == "flag"
    assert action_for(by_action["block"] + 10) == "block"


def test_disabling_a_rule_removes_its_findings() -> None:
    settings = RuleSettings(disabled=frozenset({"sales_pitch.unsolicited_offer"}))
    verdict = check(PITCH, settings)
    assert "sales_pitch.unsolicited_offer" not in {f.rule_id for f in verdict.findings}
    # the rules alone: the model's own finding for the label may be as strong as the rule's
    assert check(PITCH, settings, model=None).score < check(PITCH, model=None).score


def test_disabling_every_rule_gives_ok() -> None:
    everything = frozenset(info.rule_id for info in rule_catalogue())
    verdict = check(PITCH, RuleSettings(disabled=everything))
    assert verdict.findings == () and verdict.action == "ok" and verdict.score == 0


def test_reweighting_changes_score_and_action() -> None:
    # The rules alone: a rule's weight is its finding's weight. (The learned layer's setting is
    # its weight at the threshold: tests/etiquette/test_learned.py.)
    ids = {f.rule_id for f in check(PITCH, model=None).findings}
    heavy = RuleSettings(weights={rule_id: 5.0 for rule_id in ids})
    verdict = check(PITCH, heavy, model=None)
    assert verdict.score == 5.0 * len(ids)
    assert verdict.action == "block"
    light = check(PITCH, RuleSettings(weights={rule_id: 0.1 for rule_id in ids}), model=None)
    assert light.action == "ok"


def test_zero_weight_keeps_the_finding_but_not_the_label() -> None:
    ids = {f.rule_id for f in check(PITCH).findings}
    verdict = check(PITCH, RuleSettings(weights={rule_id: 0.0 for rule_id in ids}))
    assert verdict.score == 0 and verdict.labels == frozenset()


def test_extra_phrases_extend_phrase_rules_and_span_the_phrase() -> None:
    text = "Let's synergise our verticals — ping me for a paradigm huddle."
    draft = Draft("message", text, Context(first_contact=True))
    assert "sales_pitch.get_rich" not in {f.rule_id for f in check(draft).findings}
    settings = RuleSettings(version=7, extra_phrases={"sales_pitch.get_rich": ("Paradigm Huddle",)})
    verdict = check(draft, settings)
    finding = next(f for f in verdict.findings if f.rule_id == "sales_pitch.get_rich")
    start, end = finding.span
    assert text[start:end] == "paradigm huddle"
    assert verdict.ruleset_version == 7


def test_extra_phrases_only_for_rules_that_take_them() -> None:
    takes = {info.rule_id for info in rule_catalogue() if info.takes_phrases}
    assert "sales_pitch.get_rich" in takes
    assert "no_context.missing_context" not in takes
    settings = RuleSettings(extra_phrases={"no_context.missing_context": ("hello",)})
    verdict = check(Draft("message", "hello there", Context(how_known="colleague")), settings)
    assert verdict.findings == ()


def test_version_is_carried_to_the_verdict() -> None:
    assert check(PITCH, RuleSettings(version=42)).ruleset_version == 42
    assert check(PITCH).ruleset_version == 0


def test_finding_as_dict_is_json_ready() -> None:
    finding = check(PITCH).findings[0]
    data = finding.as_dict()
    assert set(data) == {"rule_id", "label", "message", "span", "suggestion", "weight"}
    assert isinstance(data["span"], list)


def test_settings_straight_from_the_database_are_tolerated() -> None:
    settings = RuleSettings(
        version=3,
        weights={"sales_pitch.unsolicited_offer": None, "sales_pitch.get_rich": "2.5"},
        extra_phrases={"sales_pitch.get_rich": "paradigm huddle\n\nsynergy sprint\n"},
        disabled=["political.partisan"],  # a list works as well as a frozenset
    )
    text = "Hi, I help companies like yours. Can we book a quick call for a synergy sprint?"
    verdict = check(Draft("message", text, Context(first_contact=True)), settings)
    weights = {f.rule_id: f.weight for f in verdict.findings}
    assert weights["sales_pitch.unsolicited_offer"] == 1.5  # None: the rule's own weight
    assert weights["sales_pitch.get_rich"] == 2.5
    bad = RuleSettings(weights={"sales_pitch.unsolicited_offer": "heavy"})
    assert check(PITCH, bad).findings  # unreadable weight: default, no exception
