"""Rule settings in the database: each change bumps the ruleset version; settings are cached."""

from __future__ import annotations

import pytest

from netiquette.core import rule_settings
from netiquette.core.models import Ruleset, RuleSetting
from netiquette.etiquette import rule_catalogue

pytestmark = [pytest.mark.django_db]

RULE = rule_catalogue()[0].rule_id


def test_every_change_bumps_the_version():
    assert Ruleset.current_version() == 1
    rule = RuleSetting.objects.create(rule_id=RULE, weight=2.0)
    assert Ruleset.current_version() == 2
    rule.enabled = False
    rule.save()
    assert Ruleset.current_version() == 3
    rule.delete()
    assert Ruleset.current_version() == 4
    assert Ruleset.objects.count() == 1


def test_current_rule_settings_reflect_the_rows():
    RuleSetting.objects.create(
        rule_id=RULE, weight=2.5, enabled=False, extra_phrases="hop on a call\n\n  quick sync \n"
    )
    settings = rule_settings.current_rule_settings()
    assert settings.version == Ruleset.current_version()
    assert settings.weights == {RULE: 2.5}
    assert settings.disabled == frozenset({RULE})
    assert settings.extra_phrases == {RULE: ("hop on a call", "quick sync")}


def test_settings_are_rebuilt_only_when_the_version_changes(django_assert_num_queries):
    RuleSetting.objects.create(rule_id=RULE, weight=1.5)
    first = rule_settings.current_rule_settings()
    with django_assert_num_queries(1):  # only the version
        assert rule_settings.current_rule_settings() is first
    RuleSetting.objects.filter(rule_id=RULE).update(weight=3.0)  # bypasses signals…
    Ruleset.bump()  # …so the admin's path is what bumps; here by hand
    assert rule_settings.current_rule_settings().weights == {RULE: 3.0}


def test_live_checks_read_the_settings_at_most_every_few_seconds(
    django_assert_num_queries, monkeypatch
):
    RuleSetting.objects.create(rule_id=RULE, weight=1.5)
    first = rule_settings.live_rule_settings()
    with django_assert_num_queries(0):  # no query at all while fresh
        assert rule_settings.live_rule_settings() is first
    # Another process changed a rule (no signal here): seen once the few seconds are over.
    RuleSetting.objects.filter(rule_id=RULE).update(weight=3.0)
    Ruleset.objects.filter(pk=1).update(version=99)
    assert rule_settings.live_rule_settings() is first
    clock = rule_settings.time.monotonic() + rule_settings.LIVE_SETTINGS_SECONDS + 1
    monkeypatch.setattr(rule_settings.time, "monotonic", lambda: clock)
    assert rule_settings.live_rule_settings().weights == {RULE: 3.0}


def test_a_rule_change_in_this_process_reaches_the_live_check_at_once():
    first = rule_settings.live_rule_settings()
    RuleSetting.objects.create(rule_id=RULE, enabled=False)
    changed = rule_settings.live_rule_settings()
    assert changed is not first
    assert changed.disabled == frozenset({RULE})


def test_a_new_model_moves_the_version_on_once(monkeypatch):
    """The learned layer's version is part of the ruleset's: a new model re-scores the backlog
    like any rule change, once, however many processes notice it. Only the scoring side
    adopts it (the live checks write nothing)."""
    assert rule_settings.current_rule_settings().version == 1
    assert not Ruleset.objects.exists()  # reading wrote nothing
    first = rule_settings.current_rule_settings(adopt_model=True)
    engine_model = rule_settings.model_version()
    assert Ruleset.current() == (first.version, engine_model) == (2, engine_model)
    monkeypatch.setattr(rule_settings, "model_version", lambda: "9999-0123456789ab")
    assert rule_settings.current_rule_settings().version == first.version  # not adopted
    newer = rule_settings.current_rule_settings(adopt_model=True)
    assert newer.version == first.version + 1
    assert Ruleset.current() == (newer.version, "9999-0123456789ab")
    assert rule_settings.current_rule_settings(adopt_model=True) is newer  # noticed once
    # A process still on an older model (a rolling deploy) does not move it back.
    monkeypatch.setattr(rule_settings, "model_version", lambda: engine_model)
    assert rule_settings.current_rule_settings(adopt_model=True).version == newer.version
    assert Ruleset.current()[1] == "9999-0123456789ab"


def test_a_batch_scored_under_a_new_model_is_stamped_with_the_new_version():
    from netiquette.scoring.pipeline import stale_bounds

    stale_bounds("message")  # the sweep's first look adopts the model
    assert Ruleset.current() == (2, rule_settings.model_version())


def test_adopting_a_model_is_conditional_on_what_was_seen():
    Ruleset.adopt_model("5-aaaaaaaaaaaa", seen="")
    assert Ruleset.current() == (2, "5-aaaaaaaaaaaa")
    Ruleset.adopt_model("6-bbbbbbbbbbbb", seen="")  # someone else adopted first: no bump
    assert Ruleset.current() == (2, "5-aaaaaaaaaaaa")
