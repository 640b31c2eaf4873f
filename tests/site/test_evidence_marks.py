"""The evidence marks on the pages: which finding's words a ``<mark>`` shows."""

from __future__ import annotations

from netiquette.core.templatetags.etiquette import highlight_findings
from netiquette.etiquette import Context, Draft, check

TEXT = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"


def test_a_rules_exact_words_win_over_the_models_sentence() -> None:
    verdict = check(Draft("message", TEXT, Context(first_contact=True)))
    rule_ids = {f.rule_id for f in verdict.findings}
    # the rule marks three words, the model the whole sentence around them
    assert {"sales_pitch.unsolicited_offer", "model.sales_pitch"} <= rule_ids
    marked = str(highlight_findings(TEXT, verdict.findings))
    assert 'data-rule="sales_pitch.unsolicited_offer"' in marked
    assert ">I help companies</mark>" in marked
    assert 'data-rule="model.sales_pitch"' not in marked  # overlapping: shown once, as the rule


def test_the_models_sentence_is_marked_where_no_rule_marks_anything() -> None:
    findings = [
        {"rule_id": "model.personal", "label": "personal", "span": [0, 5]},
        {"rule_id": "personal.appearance", "label": "personal", "span": [11, 15]},
    ]
    marked = str(highlight_findings("Hello you. Cute <b>", findings))
    assert '<mark class="evidence evidence-personal" data-rule="model.personal"' in marked
    assert ">Hello</mark>" in marked and ">Cute</mark>" in marked
    assert "&lt;b&gt;" in marked
