"""Near-duplicate fingerprints (pure): mail-merged copies share band keys, different texts not."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from netiquette.etiquette import fingerprint
from netiquette.etiquette.fingerprint import (
    BANDS,
    MIN_SHARED_BANDS,
    band_keys,
    is_near_duplicate,
    masked_words,
    shared_bands,
)

TEMPLATE = (
    "Hi {name}, I noticed you lead the {team} team at {company}. We help companies like yours "
    "cut cloud costs by 40% in under a month without touching your code. Would you be open to "
    "a quick 15-minute call next week to see if it fits?"
)
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
