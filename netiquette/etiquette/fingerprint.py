"""Near-duplicate fingerprints, for counting how many people got the same template.

The engine stays pure: the scoring layer stores a fingerprint per sent text, counts the
sender's earlier texts within a small distance, and passes that count to ``check()`` as
``Context.template_copies``. A mail merge changes names and a few words; the fingerprint is
taken over the *folded* text (``normalize``), so obfuscation does not hide a copy either.

``simhash`` is a 64-bit SimHash over the text's words (Charikar 2002): near-identical texts
differ in few bits, so ``distance(a, b) <= NEAR_DUPLICATE_BITS`` marks a copy. Words rather
than longer shingles because messages are short: on the dev corpus a mail-merged copy (three
words changed in forty) lands 4 bits away, while different messages are at least 12 apart and
99 % of pairs more than 18. It fits a
``BigIntegerField`` (use ``as_signed`` for PostgreSQL's signed 64-bit integers).
"""

from __future__ import annotations

import hashlib
import re

from netiquette.etiquette.normalize import normalize

__all__ = ["NEAR_DUPLICATE_BITS", "as_signed", "distance", "is_near_duplicate", "simhash"]

NEAR_DUPLICATE_BITS = 8  # out of 64: texts this close are the same template
SHINGLE = 1  # words per shingle
_WORD = re.compile(r"[^\W_]+")
_MASK = (1 << 64) - 1


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def simhash(text: str) -> int:
    """A 64-bit fingerprint of ``text``; 0 for text without words."""
    words = _WORD.findall(normalize(text or "").text)
    if not words:
        return 0
    if len(words) < SHINGLE:
        shingles = [" ".join(words)]
    else:
        shingles = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    totals = [0] * 64
    for shingle in shingles:
        value = _hash(shingle)
        for bit in range(64):
            totals[bit] += 1 if value >> bit & 1 else -1
    fingerprint = 0
    for bit, total in enumerate(totals):
        if total > 0:
            fingerprint |= 1 << bit
    return fingerprint


def distance(first: int, second: int) -> int:
    """How many of the 64 bits differ."""
    return ((first ^ second) & _MASK).bit_count()


def is_near_duplicate(first: str, second: str, bits: int = NEAR_DUPLICATE_BITS) -> bool:
    return distance(simhash(first), simhash(second)) <= bits


def as_signed(fingerprint: int) -> int:
    """The same 64 bits as a signed integer, for a database BIGINT column."""
    fingerprint &= _MASK
    return fingerprint - (1 << 64) if fingerprint >= 1 << 63 else fingerprint
