"""Near-duplicate fingerprints (pure): mail-merged copies share band keys, different texts not."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from netiquette.etiquette import fingerprint
from netiquette.etiquette.fingerprint import (
    BANDS,
    MIN_SHARED_BANDS,
    band_keys,
    band_keys_many,
    is_near_duplicate,
    masked_words,
    shared_bands,
)

TEMPLATE = (
    "Hi {name}, I noticed you lead the {team} team at {company}. We help companies like yours "
    "cut cloud costs by 40% in under a month without touching your code. Would you be open to "
    "a quick 15-minute call next week to see if it fits?"
)
CORPUS = [
    json.loads(line)["text"]
    for line in (Path(__file__).parent / "data" / "fresh.jsonl").read_text().splitlines()
]
OTHER = (
    "Thanks for the talk at the PyCon meetup yesterday — your point on property-based "
    "testing changed how I write fixtures. Which library do you use for stateful tests?"
)


def test_mail_merged_copies_are_near_duplicates() -> None:
    first = TEMPLATE.format(name="Ana", team="platform", company="Globex")
    second = TEMPLATE.format(name="Bo Smith", team="data", company="Initech Corp")
    assert is_near_duplicate(first, second)
    assert shared_bands(band_keys(first), band_keys(second)) >= MIN_SHARED_BANDS


def test_different_texts_are_not() -> None:
    first = TEMPLATE.format(name="Ana", team="platform", company="Globex")
    assert not is_near_duplicate(first, OTHER)
    assert shared_bands(band_keys(first), band_keys(OTHER)) < MIN_SHARED_BANDS


def test_short_and_empty_texts_are_never_templates() -> None:
    assert band_keys("") is None and band_keys("   !!! ") is None
    assert band_keys("Thanks, see you then!") is None
    assert not is_near_duplicate("Thanks, see you then!", "Thanks, see you then!")


def test_masking_hides_names_companies_and_numbers() -> None:
    assert masked_words("Hi Anna Smith, I met Acme Corp on 3 May. I liked it.") == (
        ["hi", "<name>", "i", "met", "<name>", "on", "<num>", "<name>", "i", "liked", "it"]
    )


def test_the_module_imports_nothing_from_django_or_the_project() -> None:
    tree = ast.parse(Path(fingerprint.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}  # fmt: skip
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] in {"django", "netiquette"}}


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_band_keys_are_deterministic_signed_64_bit(text: str) -> None:
    keys = band_keys(text)
    assert keys == band_keys(text)
    if keys is not None:
        assert len(keys) == BANDS
        assert all(-(1 << 63) <= key < 1 << 63 for key in keys)
        assert is_near_duplicate(text, text)


def _datasketch_keys(text: str) -> list[int] | None:
    """The reference: datasketch's own ``MinHash`` (pinned scheme and seed) per text, then the
    band mixing, as the keys were first computed and stored."""
    grams = fingerprint.shingles(text)
    if grams is None:
        return None
    minhash = fingerprint._TEMPLATE.copy()
    minhash.clear()
    minhash.update_batch(grams)
    rows = minhash.hashvalues.astype(np.uint64).reshape(fingerprint.BANDS, fingerprint.ROWS)
    with np.errstate(over="ignore"):
        keys = (rows * fingerprint._POWERS).sum(axis=1, dtype=np.uint64)
        keys = (keys ^ np.arange(BANDS, dtype=np.uint64)) * fingerprint._BAND_MULTIPLIER
        keys ^= keys >> np.uint64(29)
    return keys.view(np.int64).tolist()


MAIL = [
    TEMPLATE.format(name="Ana", team="platform", company="Globex"),
    OTHER,
    "Thanks, see you then!",
    "",
    "Hi Jo — ünïcödé “quotes”, e-mail jo@example.com, https://example.com/x?y=1 and 3.5% off. "
    "Can we talk on Monday at 10:30? I'm sure Acme, Initech and Globex would agree.",
]


def test_batch_keys_are_datasketchs_keys() -> None:
    """``band_keys_many`` (the scoring hot path, vectorised) stores exactly the keys datasketch
    gives, text by text, in any batch."""
    texts = MAIL + CORPUS
    expected = [_datasketch_keys(text) for text in texts]
    assert sum(keys is not None for keys in expected) > len(texts) // 2
    assert band_keys_many(texts) == expected
    assert band_keys_many(texts[::-1]) == expected[::-1]
    assert [band_keys(text) for text in texts] == expected
    assert band_keys_many([]) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=8))
def test_batch_keys_match_datasketch_for_any_texts(texts: list[str]) -> None:
    assert band_keys_many(texts) == [_datasketch_keys(text) for text in texts]
