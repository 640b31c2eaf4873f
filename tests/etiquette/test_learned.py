"""The learned layer inside the engine: model findings, context gates, policy, batch, loading.

Most tests use the committed model with its *policy* opened up (every threshold 0, allowed to
raise a label alone), so that the gates and the mechanics are tested whatever the weights
say; the tests of what the weights say use the committed model as it is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from netiquette.etiquette import (
    Context,
    Draft,
    Finding,
    RuleSettings,
    check,
    check_many,
    learned,
    model_version,
    registry,
)
from netiquette.etiquette.registry import model_rules

MODEL = learned.default_model()
LABELS = MODEL.labels
# Every label above its threshold wherever its gate allows, and allowed to stand alone.
OPEN = replace(
    MODEL, thresholds=np.zeros(len(LABELS), np.float32), alone=np.ones(len(LABELS), bool)
)
ROOT = Path(__file__).resolve().parents[2]

STRANGER = Context(first_contact=True, connected=False, how_known="none")


def _model_ids(verdict) -> set[str]:
    return {f.rule_id for f in verdict.findings if f.rule_id.startswith("model.")}


# --- findings ------------------------------------------------------------------------------


def test_a_model_finding_is_an_ordinary_finding_with_a_sentence_span_and_examples() -> None:
    text = "Hi Jo.  Hello dear, you are so beautiful. Are you single?\n\nThanks!"
    verdict = check(Draft("message", text, STRANGER), model=OPEN)
    finding = next(f for f in verdict.findings if f.rule_id == "model.personal")
    assert finding.label == "personal"
    assert finding.message == next(r for r in model_rules() if r.label == "personal").message
    assert finding.suggestion
    assert 1.0 <= finding.weight <= 2.0
    start, end = finding.span
    sentence = text[start:end]
    # one whole sentence of the original text, no surrounding space
    assert sentence in {"Hi Jo.", "Hello dear, you are so beautiful.", "Are you single?", "Thanks!"}
    assert len(finding.examples) == 2
    assert all(isinstance(example, str) and example for example in finding.examples)


def test_the_span_indexes_the_original_text_when_it_was_folded() -> None:
    # zero-width characters and a Cyrillic "а" are folded away before the model reads it
    text = "Hеllo\u200b dear. Y\u200bou are so beаutiful, are you single? Send me your pics."
    verdict = check(Draft("message", text, STRANGER), model=OPEN)
    finding = next(f for f in verdict.findings if f.rule_id == "model.personal")
    start, end = finding.span
    assert 0 <= start < end <= len(text)
    assert text[start:end] in {
        "Hеllo\u200b dear.",
        "Y\u200bou are so beаutiful, are you single?",
        "Send me your pics.",
    }


def test_the_highest_scoring_sentence_is_the_one_that_speaks_for_the_label() -> None:
    text = (
        "Thanks for the quarterly report you sent on Monday. "
        "Please sign our petition to recall the governor and vote him out. "
        "The figures for Q3 look fine."
    )
    verdict = check(Draft("message", text, STRANGER), model=OPEN)
    finding = next(f for f in verdict.findings if f.rule_id == "model.political")
    start, end = finding.span
    assert text[start:end] == "Please sign our petition to recall the governor and vote him out."


def test_nearest_examples_are_labelled_examples_of_the_same_label() -> None:
    verdict = check(
        Draft("message", "Please give me a job in your company, any department.", STRANGER),
        model=OPEN,
    )
    finding = next(f for f in verdict.findings if f.rule_id == "model.give_me")
    give_me_examples = {
        text
        for text, label in zip(MODEL.example_texts, MODEL.example_labels, strict=True)
        if MODEL.labels[label] == "give_me"
    }
    assert finding.examples and set(finding.examples) <= give_me_examples


def test_as_dict_keeps_the_stored_shape_and_adds_examples_only_when_there_are_some() -> None:
    rule = Finding("personal.appearance", "personal", "m", (0, 3), "s", 2.0)
    assert rule.as_dict() == {
        "rule_id": "personal.appearance",
        "label": "personal",
        "message": "m",
        "span": [0, 3],
        "suggestion": "s",
        "weight": 2.0,
    }
    learned_finding = Finding("model.personal", "personal", "m", None, "s", 1.5, ("a", "b"))
    assert learned_finding.as_dict()["examples"] == ["a", "b"]
    assert json.loads(json.dumps(learned_finding.as_dict()))["span"] is None


def test_user_text_in_examples_and_spans_is_plain_text() -> None:
    """The engine returns plain strings; the templates escape them (tests/scoring)."""
    text = "<script>alert(1)</script> Hello dear, you are so beautiful. Are you single?"
    verdict = check(Draft("message", text, STRANGER), model=OPEN)
    finding = next(f for f in verdict.findings if f.rule_id == "model.personal")
    assert "&lt;" not in text[finding.span[0] : finding.span[1]]


# --- context decides -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "context"),
    [
        ("message", Context(first_contact=False, connected=True)),  # no first contact
        ("message", Context()),  # unknown: not a first contact
        ("request_note", Context(first_contact=True, how_known="colleague")),
        ("request_note", Context(first_contact=True, how_known="met_in_person")),
        ("request_note", Context(first_contact=True, shared=("employer:Contoso",))),
    ],
)
def test_no_context_only_on_request_notes_or_first_contacts_to_strangers(kind, context) -> None:
    text = "Hi, I work at Contoso. Please accept my request, I want to grow my network."
    assert "model.no_context" not in _model_ids(check(Draft(kind, text, context), model=OPEN))


@pytest.mark.parametrize(
    ("kind", "context"),
    [
        ("request_note", Context(first_contact=True)),
        ("request_note", Context()),
        ("message", Context(first_contact=True, connected=True)),
    ],
)
def test_no_context_may_fire_on_a_note_or_a_first_contact(kind, context) -> None:
    text = "Please accept my request, I want to grow my network."
    assert "model.no_context" in _model_ids(check(Draft(kind, text, context), model=OPEN))


def test_a_recruiter_with_a_concrete_role_is_neither_missing_context_nor_pitching() -> None:
    text = (
        "Hi Ana, we're hiring a senior backend engineer (Go, remote, €90k) and your Kafka work "
        "fits. Open to a chat?"
    )
    recruiter = Context(first_contact=True, sender_role="recruiter", recipient_open_to_work=True)
    ids = _model_ids(check(Draft("request_note", text, recruiter), model=OPEN))
    assert not ids & {"model.no_context", "model.sales_pitch"}


def test_an_ask_between_former_colleagues_is_not_give_me() -> None:
    text = "Would you write me a LinkedIn recommendation? It would really help my job hunt."
    colleague = Context(how_known="colleague", connected=True, first_contact=False)
    assert "model.give_me" not in _model_ids(check(Draft("message", text, colleague), model=OPEN))
    in_the_text = "You were my manager at Fabrikam. " + text
    verdict = check(Draft("message", in_the_text, STRANGER), model=OPEN)
    assert "model.give_me" not in _model_ids(verdict)
    assert "model.give_me" in _model_ids(check(Draft("message", text, STRANGER), model=OPEN))


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for thinking of me, but I'm afraid I can't write you a recommendation: we never "
        "worked together.",
        "Sorry, I have to decline — I don't know your work well enough to recommend you.",
        "I won't be able to give you a reference, as I haven't seen your work.",
    ],
)
def test_a_reply_declining_an_ask_is_not_give_me(text) -> None:
    reply = Context(first_contact=False, connected=True)
    verdict = check(Draft("message", text, reply), model=OPEN)
    assert "give_me" not in verdict.labels


def test_history_facts_still_raise_their_labels_with_the_model_on() -> None:
    copies = Context(first_contact=True, template_copies=40)
    verdict = check(Draft("message", "Hi, I'd love to connect.", copies))
    assert "sales_pitch" in verdict.labels
    assert "sales_pitch.template_blast" in {f.rule_id for f in verdict.findings}
    networker = Context(first_contact=True, stranger_request_share=0.95, recent_requests=80)
    verdict = check(Draft("request_note", "Hi Li, we met at the Oslo data meetup.", networker))
    assert "no_context" in verdict.labels


# --- the policy chosen on validation --------------------------------------------------------


def test_below_its_threshold_the_model_adds_nothing() -> None:
    closed = replace(MODEL, thresholds=np.full(len(LABELS), 1.01, np.float32))
    text = "Hello dear, you are so beautiful. Are you single?"
    assert not _model_ids(check(Draft("message", text, STRANGER), model=closed))


def test_a_model_not_allowed_alone_only_joins_a_rule_of_its_label() -> None:
    joins = replace(OPEN, alone=np.zeros(len(LABELS), bool))
    # a rule fires (personal.appearance): the model joins it
    gorgeous = Draft("message", "You are so gorgeous in your new picture", STRANGER)
    verdict = check(gorgeous, model=joins)
    assert "model.personal" in _model_ids(verdict)
    # no personal rule fires: the model stays out
    dinner = Draft("message", "Fancy grabbing dinner? You seem like fun.", STRANGER)
    verdict = check(dinner, model=joins)
    assert "model.personal" not in _model_ids(verdict)


def test_the_model_overrules_only_the_rules_it_was_chosen_to_overrule() -> None:
    doubting = replace(
        MODEL,
        thresholds=np.full(len(LABELS), 1.01, np.float32),
        overrule_below=np.full(len(LABELS), 1.01, np.float32),
        overrules=frozenset({"personal.appearance"}),
    )
    text = "You are so gorgeous in your new picture"
    assert "personal" in check(Draft("message", text, STRANGER), model=None).labels
    assert "personal" not in check(Draft("message", text, STRANGER), model=doubting).labels
    petition = "Please sign our petition to recall the governor: petition.example/x"
    assert "political" in check(Draft("message", petition, STRANGER), model=doubting).labels


def test_an_overruled_rule_stands_where_the_model_does_not_doubt_it() -> None:
    # the model's doubt reaches only below the overrule threshold: at 0 it doubts nothing
    trusting = replace(
        MODEL,
        thresholds=np.full(len(LABELS), 1.01, np.float32),
        overrule_below=np.zeros(len(LABELS), np.float32),
        overrules=frozenset({"personal.appearance"}),
    )
    text = "You are so gorgeous in your new picture"
    verdict = check(Draft("message", text, STRANGER), model=trusting)
    assert "personal.appearance" in {f.rule_id for f in verdict.findings}


def test_the_committed_policy_matches_its_card() -> None:
    card = MODEL.card
    assert not MODEL.placeholder and card["trained_on"] == "corpus/train.jsonl"
    assert sorted(MODEL.overrules) == card["overrules"]
    for column, label in enumerate(LABELS):
        assert float(MODEL.thresholds[column]) == pytest.approx(card["thresholds"][label])
        assert float(MODEL.overrule_below[column]) == pytest.approx(card["overrule_below"][label])
    # only rules wrong at least as often as right on train and validation may be overruled
    assert set(MODEL.overrules) <= set(card["overrulable"])


DECLINES = [
    "I'm afraid I can't write you a recommendation: I don't know your work well enough.",
    "Thanks for asking, but I'll have to decline writing a recommendation for you.",
    "Sorry, I don't feel comfortable giving you a reference since we never worked together.",
    "I won't be able to refer you for the role, but good luck with the application.",
]


@pytest.mark.parametrize("text", DECLINES)
def test_a_reply_declining_an_ask_is_not_a_give_me(text) -> None:
    verdict = check(Draft("message", text, Context(first_contact=False, connected=True)))
    assert "give_me" not in verdict.labels, verdict.findings
    # and from a stranger, who may have been asked in a note the site did not see
    assert "give_me" not in check(Draft("message", text, STRANGER)).labels


def _only(label: str):
    """The committed model with one label open (threshold 0, alone) and the others shut."""
    column = LABELS.index(label)
    thresholds = np.full(len(LABELS), 1.01, np.float32)
    thresholds[column] = 0.0
    return replace(MODEL, thresholds=thresholds, alone=np.ones(len(LABELS), bool))


def test_agreeing_with_a_rule_confirms_the_label_without_doubling_the_score() -> None:
    text = "You are so gorgeous in your new picture"  # personal.appearance, weight 2
    rules = check(Draft("message", text, STRANGER), model=None)
    both = check(Draft("message", text, STRANGER), model=_only("personal"))
    model_weight = next(f.weight for f in both.findings if f.rule_id == "model.personal")
    assert 1.0 <= model_weight <= 2.0
    assert both.score == max(rules.score, model_weight) == 2.0
    assert both.action == rules.action


def test_alone_the_model_weighs_what_its_probability_says() -> None:
    text = "Fancy grabbing dinner when I'm in Leeds next week? You seem like fun."
    verdict = check(Draft("message", text, STRANGER), model=_only("personal"))
    (finding,) = verdict.findings
    assert finding.rule_id == "model.personal"
    assert verdict.score == finding.weight and verdict.action in {"warn", "flag"}


def test_the_score_takes_per_label_the_stronger_of_rules_and_model() -> None:
    findings = [
        Finding("sales_pitch.unsolicited_offer", "sales_pitch", "", None, "", 1.5),
        Finding("sales_pitch.book_a_call", "sales_pitch", "", None, "", 1.0),
        Finding("model.sales_pitch", "sales_pitch", "", None, "", 1.8),
        Finding("model.personal", "personal", "", None, "", 1.2),
    ]
    assert registry.total(findings) == 2.5 + 1.2


def test_settings_switch_off_and_weight_model_findings_by_id() -> None:
    text = "Please give me a job in your company, any department."
    draft = Draft("message", text, STRANGER)
    off = RuleSettings(disabled=frozenset({"model.give_me"}))
    assert "model.give_me" not in _model_ids(check(draft, off, model=OPEN))
    heavy = RuleSettings(weights={"model.give_me": 3.0})
    finding = next(
        f for f in check(draft, heavy, model=OPEN).findings if f.rule_id == "model.give_me"
    )
    assert 3.0 <= finding.weight <= 6.0
    everything = frozenset(r.rule_id for r in model_rules())
    assert not _model_ids(check(draft, RuleSettings(disabled=everything), model=OPEN))


# --- what the committed model says ----------------------------------------------------------

GOVERNOR = "Which candidate are you backing for governor? I hope it's not the incumbent."
ISSUE_TEXTS = [
    ("Fancy grabbing dinner when I'm in Leeds next week? You seem like fun.", "personal"),
    (GOVERNOR, "political"),
    ("Would you write me a LinkedIn recommendation? It would really help my job hunt.", "give_me"),
]
ISSUE_EXAMPLES = [
    ISSUE_TEXTS[0],
    pytest.param(
        GOVERNOR,
        "political",
        # strict: when a model catches it, this fails, and the README's limits must change
        marks=pytest.mark.xfail(
            strict=True,
            reason="a known miss (README, docs/etiquette.md): the model trained on the corpus "
            "raises political alone only from 0.99, which partisan small talk does not reach",
        ),
    ),
    ISSUE_TEXTS[2],
]


@pytest.mark.parametrize(("text", "label"), ISSUE_EXAMPLES)
def test_the_issue_examples_are_caught(text, label) -> None:
    verdict = check(Draft("message", text, STRANGER))
    assert label in verdict.labels, verdict
    finding = next(f for f in verdict.findings if f.rule_id == f"model.{label}")
    assert finding.span is not None and finding.examples


@pytest.mark.parametrize(("text", "label"), ISSUE_TEXTS)
def test_the_issue_examples_get_full_model_findings_where_the_policy_lets_the_model_speak(
    text, label
) -> None:
    verdict = check(Draft("message", text, STRANGER), model=OPEN)
    finding = next(f for f in verdict.findings if f.rule_id == f"model.{label}")
    start, end = finding.span
    assert text[start:end].strip() and end <= len(text)
    assert finding.examples and finding.message and finding.suggestion


# --- batch, determinism, speed shape --------------------------------------------------------


def _corpus_drafts() -> list[Draft]:
    drafts = []
    for path in sorted((Path(__file__).parent / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            drafts.append(Draft(row["kind"], row["text"], Context.from_dict(row.get("context"))))
    return drafts


def test_check_many_gives_what_check_gives_on_each_draft() -> None:
    drafts = [*_corpus_drafts(), Draft("message", ""), Draft("message", "   \n")]
    for model in (None, MODEL, OPEN):
        assert check_many(drafts, model=model) == [check(d, model=model) for d in drafts]


def test_verdicts_are_deterministic() -> None:
    drafts = _corpus_drafts()[:50]
    assert check_many(drafts) == check_many(drafts)


def test_a_long_text_is_scored_sentence_by_sentence_in_linear_time() -> None:
    sentence = "Hello dear, you are so beautiful. "
    occurrences = learned.features.occurrences((sentence * 2000).casefold())
    assert len(occurrences.buckets) < 40 * len(sentence) * 2000 / 10
    verdict = check(Draft("message", sentence * 2000, STRANGER), model=OPEN)
    finding = next(f for f in verdict.findings if f.rule_id == "model.personal")
    assert finding.span[1] - finding.span[0] < 2 * len(sentence)


# --- loading ---------------------------------------------------------------------------------


def test_the_model_version_names_its_serial_and_file() -> None:
    manifest = json.loads(learned.MANIFEST.read_text(encoding="utf-8"))
    assert model_version() == f"{manifest['serial']}-{manifest['sha256'][:12]}"
    assert manifest["card"]["placeholder"] == MODEL.placeholder


def test_an_altered_model_file_is_refused(tmp_path) -> None:
    manifest = json.loads(learned.MANIFEST.read_text(encoding="utf-8"))
    data = bytearray((learned.MODEL_DIR / manifest["file"]).read_bytes())
    data[-20] ^= 0xFF
    (tmp_path / manifest["file"]).write_bytes(bytes(data))
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(learned.ModelError, match="sha256"):
        learned.load(tmp_path / "manifest.json")
    with pytest.raises(learned.ModelError, match="cannot read"):
        learned.load(tmp_path / "missing.json")


def test_a_model_of_another_format_is_refused(tmp_path) -> None:
    manifest = json.loads(learned.MANIFEST.read_text(encoding="utf-8"))
    (tmp_path / manifest["file"]).write_bytes((learned.MODEL_DIR / manifest["file"]).read_bytes())
    (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "format": 99}))
    with pytest.raises(learned.ModelError, match="format"):
        learned.load(tmp_path / "manifest.json")


NO_NETWORK = """
import socket, sys

def refuse(*args, **kwargs):
    raise OSError("networking is unavailable in this test")

# Every way out: connecting a socket, resolving a name, creating a connection.
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.socket.sendto = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import time
start = time.perf_counter()
from netiquette.etiquette import Context, Draft, check, learned
draft = Draft("message", "Please give me a job in your company.", Context(first_contact=True))
verdict = check(draft)
assert "torch" not in sys.modules, "torch was imported"
assert "sklearn" not in sys.modules, "scikit-learn was imported at run time"
print(learned.default_model().version, round(time.perf_counter() - start, 3))
"""


def test_the_model_loads_and_runs_with_networking_unavailable_and_no_torch() -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    version, seconds = result.stdout.split()
    assert version == model_version()
    assert float(seconds) < 5  # imports and load; bench/engine.py measures the load alone


def test_a_batch_is_featurised_exactly_as_each_text_alone() -> None:
    """``occurrences_many`` joins the texts; nothing may reach across two of them."""
    import random

    from netiquette.etiquette.normalize import normalize

    texts = [normalize(d.text).text for d in _corpus_drafts()[:200]]
    texts += ["", " ", "  hi", "hi  ", "a", "!!", "x y", " \n ", "🙂🙂 ok", "ab"]
    rng = random.Random(12)
    for _ in range(200):
        batch = [rng.choice(texts) for _ in range(rng.randint(1, 9))]
        joined = learned.features.occurrences_many(batch)
        for index, text in enumerate(batch):
            alone, together = learned.features.occurrences(text), joined.of(index)
            assert np.array_equal(alone.buckets, together.buckets), (text, batch)
            assert np.array_equal(alone.starts, together.starts), (text, batch)
            assert alone.n_char == together.n_char
