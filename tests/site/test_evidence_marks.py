"""The evidence marks on the pages: which finding's words a ``<mark>`` shows."""

from __future__ import annotations

from netiquette.core.templatetags.etiquette import highlight_findings
from netiquette.etiquette import Context, Draft, check

TEXT = "Hi, I help companies like yours grow revenue. Can we book a quick call this week?"


def test_a_rules_exact_words_win_over_the_models_sentence() -> None:
    # the learned layer's finding spans a whole sentence; a rule's, the words inside it
    findings = [
        {"rule_id": "sales_pitch.unsolicited_offer", "label": "sales_pitch", "span": [4, 20]},
        {"rule_id": "model.sales_pitch", "label": "sales_pitch", "span": [0, 45]},
    ]
    assert TEXT[4:20] == "I help companies" and TEXT[0:45].endswith("revenue.")
    marked = str(highlight_findings(TEXT, findings))
    assert 'data-rule="sales_pitch.unsolicited_offer"' in marked
    assert ">I help companies</mark>" in marked
    assert 'data-rule="model.sales_pitch"' not in marked  # overlapping: shown once, as the rule


def test_the_engines_findings_are_marked_on_the_original_text() -> None:
    verdict = check(Draft("message", TEXT, Context(first_contact=True)))
    marked = str(highlight_findings(TEXT, verdict.findings))
    assert 'data-rule="sales_pitch.unsolicited_offer"' in marked
    assert ">I help companies</mark>" in marked


def test_the_models_sentence_is_marked_where_no_rule_marks_anything() -> None:
    findings = [
        {"rule_id": "model.personal", "label": "personal", "span": [0, 5]},
        {"rule_id": "personal.appearance", "label": "personal", "span": [11, 15]},
    ]
    marked = str(highlight_findings("Hello you. Cute <b>", findings))
    assert '<mark class="evidence evidence-personal" data-rule="model.personal"' in marked
    assert ">Hello</mark>" in marked and ">Cute</mark>" in marked
    assert "&lt;b&gt;" in marked
