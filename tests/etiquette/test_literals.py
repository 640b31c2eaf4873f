"""The literals the prefilter requires are really required: it may skip a pattern only when
the pattern cannot match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netiquette.etiquette.literals import required_literals
from netiquette.etiquette.normalize import normalize
from netiquette.etiquette.registry import all_rules
from netiquette.etiquette.signals import _ALT_REGEXES, FAMILIES


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (
            r"(?:thanks|thank you) for the offer",
            [{"thanks for the offer", "thank you for the offer"}],
        ),
        (
            r"(?:we|i) (?:co-?wrote|collaborated)",
            [
                {
                    f"{who} {what}"
                    for who in ("we", "i")
                    for what in ("co-wrote", "cowrote", "collaborated")
                }
            ],
        ),
        (
            r"organi[sz]ations? like yours",
            [{f"organi{s}ation{n} like yours" for s in "sz" for n in ("", "s")}],
        ),
        # past MAX_VARIANTS choices the run is cut and a new one starts
        (r"[abcd][efgh][ijkl] xyz", [{"i xyz", "j xyz", "k xyz", "l xyz"}]),
        (r"prettiest|crush on (?:you|u)", [{"prettiest", "crush on you", "crush on u"}]),
        (r"(?<!help )(?:try|test) it\b(?! best)", [{"try it", "test it"}]),
        (r"hii+ there", [{" there"}]),  # "hi" is too short to be worth requiring
        (r"(?:abc){2,3}", [{"abc"}]),
        (r"(?:abc)?def", [{"def", "abcdef"}]),
        (r"a(?=bcd)efg", [{"efg"}]),  # a look-ahead consumes nothing
        (r"\w+ \d+", []),
        (r"(?i:abc)def", [{"def"}]),  # case-insensitive text is not required as written
        (r"(?i)abcdef", []),
        (r"cv\b|resume", []),  # one option needs nothing long enough
    ],
)
def test_required_literals(regex: str, expected: list[set[str]]) -> None:
    assert [set(r) for r in required_literals(regex)] == expected


def _texts() -> list[str]:
    texts = [example.text for rule in all_rules() for example in (*rule.fires, *rule.clean)]
    for path in sorted((Path(__file__).parent / "data").glob("*.jsonl")):
        texts.extend(json.loads(line)["text"] for line in path.read_text("utf-8").splitlines())
    return [normalize(text).text for text in texts]


def _check_every_alternative(text: str) -> None:
    for regex in _ALT_REGEXES:
        if regex.search(text) is None:
            continue
        for requirement in required_literals(regex.pattern):
            assert any(literal in text for literal in requirement), (regex.pattern, text)


def test_every_match_in_the_examples_contains_its_required_literals() -> None:
    assert len(FAMILIES) > 20
    matched = 0
    for text in _texts():
        _check_every_alternative(text)
        matched += any(regex.search(text) for regex in _ALT_REGEXES)
    assert matched > 300  # the check above did look at many matches


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_texts()), min_size=1, max_size=6), st.text(max_size=20))
def test_required_literals_hold_on_spliced_texts(pieces: list[str], noise: str) -> None:
    _check_every_alternative(noise.join(pieces))
