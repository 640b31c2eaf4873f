"""Near-duplicate fingerprints: mail-merged copies are close, different texts are far."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netiquette.etiquette.fingerprint import (
    NEAR_DUPLICATE_BITS,
    as_signed,
    distance,
    is_near_duplicate,
    simhash,
)

TEMPLATE = (
    "Hi {name}, I noticed you lead the {team} team at {company}. We help companies like yours "
    "cut cloud costs by 40% in under a month without touching your code. Would you be open to "
    "a quick 15-minute call next week to see if it fits?"
)


def test_mail_merged_copies_are_near_duplicates() -> None:
    first = TEMPLATE.format(name="Ana", team="platform", company="Globex")
    second = TEMPLATE.format(name="Bo", team="data", company="Initech")
    assert is_near_duplicate(first, second)


def test_obfuscated_copy_is_still_a_copy() -> None:
    plain = TEMPLATE.format(name="Ana", team="platform", company="Globex")
    tricked = plain.replace("companies", "c0mpanies").replace("call", "c\u200ball")
    assert distance(simhash(plain), simhash(tricked)) <= NEAR_DUPLICATE_BITS


def test_different_texts_are_far_apart() -> None:
    first = TEMPLATE.format(name="Ana", team="platform", company="Globex")
    other = (
        "Thanks for the talk at the PyCon meetup yesterday — your point on property-based "
        "testing changed how I write fixtures. Which library do you use for stateful tests?"
    )
    assert not is_near_duplicate(first, other)


def test_empty_text_has_a_zero_fingerprint() -> None:
    assert simhash("") == 0 and simhash("   !!! ") == 0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_fingerprint_is_deterministic_64_bit_and_fits_bigint(text: str) -> None:
    value = simhash(text)
    assert value == simhash(text)
    assert 0 <= value < 1 << 64
    signed = as_signed(value)
    assert -(1 << 63) <= signed < 1 << 63
    assert distance(signed, value) == 0
