"""The learned layer's features: hashed character and word n-grams of the folded text, in numpy.

A draft's folded text (``normalize``: case, look-alikes, leetspeak and spacing undone) becomes a
list of feature *occurrences*, each with a bucket in a table of ``2**bits`` weights and the
position where it starts:

- character 3- and 4-grams over the text with every run of spaces and punctuation made one
  space and every digit made ``0`` (so "$300/day" and "$500/day" share their n-grams);
- words and word pairs (bigrams) of the same text.

Every substring's hash comes from one prefix hash of the whole text (polynomial, modulo
``2**64``; the prefix sums are taken with the inverse of the base, so the whole computation is
a few vectorised passes), so the cost is linear in the text, and the buckets are the same on
every machine and in every process (no salted ``hash()``).

The two groups are scaled separately, like two TF-IDF blocks side by side: each occurrence
counts ``idf[bucket] / sqrt(sum of idf² over its group)``, so that a model's score is a weighted
mean over n-grams and a sentence can be scored on its own with the same weights
(``sentence_of``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

__all__ = ["Batch", "Occurrences", "occurrences", "occurrences_many", "sentence_starts"]

BITS = 17  # 131,072 buckets (chosen on validation with 3-4-grams; see docs/etiquette.md)
CHAR_NGRAMS = (3, 4)

_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_BASE_INV = pow(_BASE, -1, 2**64)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the high bits of h * phi
_SALT = {  # one per kind of feature, so a word and a 4-gram with the same letters differ
    3: 0x3C6EF372FE94F82B,
    4: 0xA54FF53A5F1D36F1,
    5: 0x510E527FADE682D1,
    "word": 0x9B05688C2B3E6C1F,
    "pair": 0x1F83D9ABFB41BD6B,
}

SPACE, ZERO = 32, 48


def _classes(limit: int = 0x3000) -> np.ndarray:
    """What each code point below ``limit`` becomes: itself (a letter or a symbol such as an
    emoji), ``0`` (a digit) or a space (whitespace and punctuation). Above it: itself."""
    table = np.full(limit, SPACE, dtype=np.uint64)
    for code in range(limit):
        char = chr(code)
        if char.isdigit():
            table[code] = ZERO
        elif char.isalpha() or unicodedata.category(char) == "So":
            table[code] = code
    table[ord("'")] = SPACE
    return table


_CLASS = _classes()
_CLASS_LIMIT = len(_CLASS)


@dataclass(frozen=True, slots=True)
class Occurrences:
    """The feature occurrences of one text: buckets and starts (in the folded text), the char
    group first and the word group after it (``n_char`` of the former)."""

    buckets: np.ndarray  # int64
    starts: np.ndarray  # int64, positions in the folded text
    n_char: int


_EMPTY = Occurrences(np.zeros(0, np.int64), np.zeros(0, np.int64), 0)


def _powers(base: int, count: int) -> np.ndarray:
    steps = np.full(count, base, dtype=np.uint64)
    steps[0] = 1
    return np.cumprod(steps, dtype=np.uint64)  # wraps modulo 2**64, as wanted


_POWERS = _powers(_BASE, 4096)
_INV_POWERS = _powers(_BASE_INV, 4096)


def _power_tables(count: int) -> tuple[np.ndarray, np.ndarray]:
    global _POWERS, _INV_POWERS
    if count > len(_POWERS):
        size = max(count, 2 * len(_POWERS))
        _POWERS, _INV_POWERS = _powers(_BASE, size), _powers(_BASE_INV, size)
    return _POWERS, _INV_POWERS


def _bucket(hashes: np.ndarray, salt: int) -> np.ndarray:
    mixed = (hashes ^ np.uint64(salt)) * _MIX
    return (mixed >> np.uint64(64 - BITS)).astype(np.int64)


def occurrences(text: str) -> Occurrences:
    """The feature occurrences of a folded text (see the module's doc)."""
    if not text:
        return _EMPTY
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    inside = codes < _CLASS_LIMIT
    mapped = np.where(inside, _CLASS[np.minimum(codes, _CLASS_LIMIT - 1)], codes)
    # One space for every run of spaces and punctuation, and one before and after the text.
    is_space = mapped == SPACE
    keep = np.ones(len(mapped), dtype=bool)
    keep[1:] = ~(is_space[1:] & is_space[:-1])
    positions = np.flatnonzero(keep)
    symbols = mapped[positions]
    if not (symbols != SPACE).any():
        return _EMPTY
    pad_start = symbols[0] != SPACE
    pad_end = symbols[-1] != SPACE
    symbols = np.concatenate(
        (
            np.full(int(pad_start), SPACE, np.uint64),
            symbols,
            np.full(int(pad_end), SPACE, np.uint64),
        )
    )
    positions = np.concatenate(
        (
            np.zeros(int(pad_start), np.int64),
            positions.astype(np.int64),
            np.full(int(pad_end), len(text) - 1, np.int64),
        )
    )
    count = len(symbols)
    powers, inv_powers = _power_tables(count + 1)
    # prefix[k] = sum over j < k of symbols[j] * BASE**(k-1-j), modulo 2**64
    prefix = np.zeros(count + 1, dtype=np.uint64)
    prefix[1:] = powers[:count] * np.cumsum(symbols * inv_powers[:count], dtype=np.uint64)

    def substrings(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        return prefix[ends] - prefix[starts] * powers[ends - starts]

    buckets, starts = [], []
    for n in CHAR_NGRAMS:
        if count < n:
            continue
        # a fixed length: one power for all
        buckets.append(_bucket(prefix[n:] - prefix[:-n] * powers[n], _SALT[n]))
        starts.append(positions[: count - n + 1])
    n_char = sum(len(b) for b in buckets)
    is_word = symbols != SPACE
    word_starts = np.flatnonzero(is_word[1:] & ~is_word[:-1]) + 1
    word_ends = np.flatnonzero(is_word[:-1] & ~is_word[1:]) + 1
    buckets.append(_bucket(substrings(word_starts, word_ends), _SALT["word"]))
    starts.append(positions[word_starts])
    if len(word_starts) > 1:
        buckets.append(_bucket(substrings(word_starts[:-1], word_ends[1:]), _SALT["pair"]))
        starts.append(positions[word_starts[:-1]])
    return Occurrences(np.concatenate(buckets), np.concatenate(starts), n_char)


@dataclass(frozen=True, slots=True)
class Batch:
    """The occurrences of a batch of texts, flat: for each, its bucket, its start (in its own
    text), which text it is of, and whether it is a character n-gram. ``of(i)`` gives text
    ``i``'s ``Occurrences``, the same as ``occurrences(texts[i])``."""

    buckets: np.ndarray
    starts: np.ndarray
    texts: np.ndarray  # which text, non-decreasing within each of the blocks
    is_char: np.ndarray
    blocks: tuple[np.ndarray, ...]  # per block (3-grams, 4-grams, words, pairs): bounds by text
    offsets: tuple[int, ...]  # where each block starts in the flat arrays

    def of(self, index: int) -> Occurrences:
        parts = [
            (offset + bounds[index], offset + bounds[index + 1])
            for offset, bounds in zip(self.offsets, self.blocks, strict=True)
        ]
        n_char = sum(end - start for start, end in parts[: len(CHAR_NGRAMS)])
        take = np.concatenate([np.arange(start, end) for start, end in parts])
        return Occurrences(self.buckets[take], self.starts[take], n_char)


def occurrences_many(texts: list[str]) -> Batch:
    """``occurrences`` of every text at once: one pass of the numpy work over the texts joined
    by spaces, instead of a few dozen small calls per text (the scoring worker's batches).

    The joined text collapses like each text does; an n-gram that would reach across two
    texts (one with the space between them strictly inside) or a word pair of two texts is
    dropped, and an n-gram that starts at the space before a text starts at 0 in that text,
    as its padding space does on its own.
    """
    joined = " " + " ".join(texts) + " "
    offsets = np.cumsum([1] + [len(text) + 1 for text in texts[:-1]]) if texts else np.zeros(0)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    mapped = np.where(codes < _CLASS_LIMIT, _CLASS[np.minimum(codes, _CLASS_LIMIT - 1)], codes)
    is_space = mapped == SPACE
    keep = np.ones(len(mapped), dtype=bool)
    keep[1:] = ~(is_space[1:] & is_space[:-1])
    kept = np.flatnonzero(keep)
    symbols = mapped[kept]
    separators = np.zeros(len(joined) + 1, dtype=np.int64)
    separators[0] = 1
    separators[offsets + np.array([len(t) for t in texts], dtype=np.int64)] = 1
    separator_count = np.concatenate(([0], np.cumsum(separators[:-1])))
    run_ends = np.concatenate((kept[1:], [len(joined)]))
    boundary = (symbols == SPACE) & (separator_count[run_ends] - separator_count[kept] > 0)
    boundary_count = np.concatenate(([0], np.cumsum(boundary)))
    text_of = np.searchsorted(offsets, kept, side="right") - 1
    local = np.where(boundary, 0, kept - offsets[np.maximum(text_of, 0)])
    count = len(symbols)
    powers, inv_powers = _power_tables(count + 1)
    prefix = np.zeros(count + 1, dtype=np.uint64)
    prefix[1:] = powers[:count] * np.cumsum(symbols * inv_powers[:count], dtype=np.uint64)
    blocks = []  # (buckets, starts, texts)
    for n in CHAR_NGRAMS:
        first = np.arange(max(count - n + 1, 0))
        valid = first[boundary_count[first + n - 1] - boundary_count[first + 1] == 0]
        hashes = prefix[valid + n] - prefix[valid] * powers[n]
        blocks.append((_bucket(hashes, _SALT[n]), local[valid], text_of[valid + 1]))
    is_word = symbols != SPACE
    word_starts = np.flatnonzero(is_word[1:] & ~is_word[:-1]) + 1
    word_ends = np.flatnonzero(is_word[:-1] & ~is_word[1:]) + 1
    words = prefix[word_ends] - prefix[word_starts] * powers[word_ends - word_starts]
    word_texts = text_of[word_starts]
    blocks.append((_bucket(words, _SALT["word"]), local[word_starts], word_texts))
    same = np.flatnonzero(word_texts[:-1] == word_texts[1:])
    pairs = (
        prefix[word_ends[same + 1]]
        - prefix[word_starts[same]] * powers[word_ends[same + 1] - word_starts[same]]
    )
    blocks.append((_bucket(pairs, _SALT["pair"]), local[word_starts[same]], word_texts[same]))
    sizes = [len(b[0]) for b in blocks]
    where = tuple(int(x) for x in np.concatenate(([0], np.cumsum(sizes)[:-1])))
    every = np.arange(len(texts) + 1)
    return Batch(
        buckets=np.concatenate([b[0] for b in blocks]),
        starts=np.concatenate([b[1] for b in blocks]).astype(np.int64),
        texts=np.concatenate([b[2] for b in blocks]).astype(np.int64),
        is_char=np.repeat(np.array([True] * len(CHAR_NGRAMS) + [False, False]), sizes),
        blocks=tuple(np.searchsorted(b[2], every, side="left") for b in blocks),
        offsets=where,
    )


# A sentence ends after ., ! or ? (and closing quotes or brackets) followed by a space, or at a
# line break; a list of bullet lines is a list of sentences.
_SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*(?=\s)|\n")


def sentence_starts(text: str) -> np.ndarray:
    """Where each sentence of ``text`` starts (the first is 0), in order. Linear in the text."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        starts.append(match.end())
    return np.asarray(starts, dtype=np.int64)
