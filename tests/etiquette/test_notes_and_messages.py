"""One rule for notes and first messages (issue 13.8, docs/etiquette.md): the same words get
the same block decision as a stranger's request note and as a first message to a stranger; an
empty note to a stranger is coached like a generic one; a remark on a photo is a remark on looks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netiquette.etiquette import Context, Draft, check
from netiquette.etiquette.registry import COACHING_ONLY_LABELS, all_rules

DATA = Path(__file__).resolve().parent / "data"
STRANGER_NOTE = Context(first_contact=True, connected=False, how_known="none", sender_role="member")
STRANGER_MESSAGE = Context(first_contact=True, connected=False, sender_role="member")


def every_text() -> list[str]:
    texts = set()
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.add(json.loads(line)["text"])
    for rule in all_rules():
        texts.update(example.text for example in (*rule.fires, *rule.clean))
    return sorted(texts)


def test_the_same_words_are_blocked_as_a_note_exactly_when_as_a_first_message():
    texts = every_text()
    blocked_as_note = 0
    for text in texts:
        note = check(Draft(kind="request_note", text=text, context=STRANGER_NOTE))
        message = check(Draft(kind="message", text=text, context=STRANGER_MESSAGE))
        assert (note.action == "block") == (message.action == "block"), (text, note, message)
        blocked_as_note += note.action == "block"
    assert blocked_as_note, "some texts must be blocked, or this proves nothing"


def test_a_missing_reason_alone_never_turns_a_note_into_a_block():
    # a pitch just under the block threshold on what it says (a template's placeholder and an
    # offer: sales_pitch 3.5), so that the missing reason is what would push it over
    pitch = (
        "Hi {{FirstName}}, I help companies like yours grow revenue. "
        "Can we book a quick 15-minute call?"
    )
    note = check(Draft(kind="request_note", text=pitch, context=STRANGER_NOTE))
    coaching = sum(f.weight for f in note.findings if f.label in COACHING_ONLY_LABELS)
    assert coaching > 0 and note.score >= 4, "the missing reason pushes the score past 4"
    assert note.action == "flag"  # flagged for moderators, sent only after "Send anyway"


@pytest.mark.parametrize("how_known", ["none", None])
def test_an_empty_note_to_a_stranger_is_coached_like_a_generic_one(how_known):
    context = Context(first_contact=True, connected=False, how_known=how_known)
    empty = check(Draft(kind="request_note", text="", context=context))
    generic = check(Draft(kind="request_note", text="Hi, let's connect.", context=context))
    assert [f.rule_id for f in empty.findings] == [f.rule_id for f in generic.findings]
    assert empty.action == generic.action == "warn"


@pytest.mark.parametrize("how_known", ["colleague", "classmate", "met_in_person"])
def test_an_empty_note_to_someone_known_is_fine(how_known):
    context = Context(first_contact=True, connected=False, how_known=how_known)
    assert check(Draft(kind="request_note", text="", context=context)).action == "ok"


def test_an_empty_message_is_not_judged():
    assert check(Draft(kind="message", text="", context=STRANGER_MESSAGE)).findings == ()


def test_a_remark_on_a_photo_is_explained_as_one_on_looks():
    verdict = check(
        Draft(kind="message", text="You look gorgeous in your photo", context=STRANGER_MESSAGE)
    )
    rules = [f for f in verdict.findings if not f.rule_id.startswith("model.")]
    assert [f.rule_id for f in rules] == ["personal.appearance"]  # not personal.photos
    assert "photos" not in rules[0].message
