"""Near-duplicate fingerprints, for counting how many people got the same template.

Pure (no Django): the scoring layer (``netiquette.scoring.fingerprints``) stores these keys per sent
text and counts a sender's earlier texts that share enough of them; the count reaches
``check()`` as ``Context.template_copies``.

A mass-sent template ("Hi Anna, I help companies like Acme…", "Hi Ben, I help companies like
Initech…") differs from copy to copy only in names, companies and numbers. So the text is
*masked* first (capitalised words inside a sentence, numbers, links and e-mail addresses become
placeholders), cut into word 3-gram shingles, and summarised by a MinHash signature
(``datasketch``). The signature is split into LSH bands, each hashed to one signed 64-bit key
(band index mixed in). Two texts that share at least ``MIN_SHARED_BANDS`` band keys are
near-identical.

With 30 permutations in 10 bands of 3 rows and 2 shared bands required, two texts whose masked
shingle sets have Jaccard similarity 0.8 match with probability ≈ 0.99, 0.7 with ≈ 0.91, 0.5
with ≈ 0.36 and 0.3 with ≈ 0.03 (two unrelated texts: ≈ 0). Copies of one template are
identical after masking (similarity 1), or nearly so when a name has an odd shape.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

__all__ = [
    "BANDS",
    "MIN_SHARED_BANDS",
    "MIN_WORDS",
    "NUM_PERM",
    "ROWS",
    "SHINGLE",
    "band_keys",
    "band_keys_many",
    "is_near_duplicate",
    "masked_words",
    "shared_bands",
    "shingles",
]

NUM_PERM = 30
BANDS = 10
ROWS = NUM_PERM // BANDS
MIN_SHARED_BANDS = 2
# Texts shorter than this (in masked words) are never treated as templates: "Thanks!" sent to
# twenty people is manners, not a mass mailing.
MIN_WORDS = 6
SHINGLE = 3

# Stored keys must not change under us: pin datasketch's hashing scheme where it has one (2.x).
_SCHEME = {"scheme": "affine32"} if "scheme" in MinHash.__init__.__code__.co_varnames else {}
# CRC-32 as the shingle hash: datasketch mixes it (fmix) before the permutations, and it costs
# a tenth of the default SHA-1 on the scoring hot path.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=7, hashfunc=zlib.crc32, **_SCHEME)
# datasketch 1.x (no scheme) computes (a·h + b mod 2⁶¹−1) & (2³²−1) in 64 bits, no pre-mix.
_AFFINE32 = getattr(_TEMPLATE, "scheme", "legacy") == "affine32"
_PERM_A, _PERM_B = (
    np.asarray(p, dtype=np.uint32 if _AFFINE32 else np.uint64) for p in _TEMPLATE.permutations
)
# datasketch's pre-mix of 32-bit inputs (MurmurHash3's finalizer): shift, multiply, shift, ….
_MERSENNE = np.uint64((1 << 61) - 1)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
# One pass: a link or e-mail address, a number-like word, a word, or a sentence end.
_TOKEN = re.compile(
    r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)"
    r"|(\w*\d[\w.,]*)"
    r"|([^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|([.!?\n]+)",
)
# Words that are capitalised mid-sentence without being a name or a company.
_KEEP = frozenset({"i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll"})
# Lower-case words inside company names.
_CONNECTORS = frozenset({"and", "&", "of", "und", "y", "et", "de", "van", "von", "der", "la"})
_BAND_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_BAND_INDEX = np.arange(BANDS, dtype=np.uint64)
_POWERS = np.array(
    [pow(0x100000001B3, ROWS - 1 - i, 1 << 64) for i in range(ROWS)], dtype=np.uint64
)


def masked_words(text: str) -> list[str]:
    """The text's words, lower-cased, with names, companies, numbers and links masked.

    A capitalised word that does not start a sentence is taken for a name or a company, and a
    run of masked words (``Acme Corp``, ``Anna Smith``) becomes one placeholder.
    """
    text = unicodedata.normalize("NFKC", text)
    words: list[str] = []
    sentence_start = True
    last = ""
    for link, number, token, end in _TOKEN.findall(text):
        if end:
            # "Mrs. Jane", "Acme Inc. and": a full stop right after a name does not end a sentence.
            sentence_start = not (end == "." and last == "<name>")
            continue
        if link:
            word = "<link>"
        elif number:
            word = "<num>"
        elif token[0].isupper() and not sentence_start and token.casefold() not in _KEEP:
            word = "<name>"
        else:
            word = token.casefold()
        sentence_start = False
        if word == last and word[0] == "<":
            continue
        if word == "<name>" and last in _CONNECTORS and len(words) > 1 and words[-2] == word:
            words.pop()  # "Smith, Jones and Brown", "Bank of America": one name
            last = word
            continue
        words.append(word)
        last = word
    return words


def shingles(text: str) -> set[bytes] | None:
    """Word 3-grams of the masked text, or None when the text is too short to be a template."""
    words = masked_words(text)
    if len(words) < MIN_WORDS:
        return None
    encoded = [word.encode() for word in words]
    # The same b"w1 w2 w3" as joining each 3-word slice, with the loop in C (the shorter
    # slices end the zip: not strict).
    return set(map(b" ".join, zip(*(encoded[i:] for i in range(SHINGLE)), strict=False)))


def band_keys(text: str) -> list[int] | None:
    """The text's LSH band keys (signed 64-bit, band index mixed in), or None if too short."""
    return band_keys_many([text])[0]


def band_keys_many(texts: Sequence[str]) -> list[list[int] | None]:
    """``band_keys`` of many texts at once (a scoring batch): the same keys, computed with one
    set of array operations for the whole batch instead of a datasketch ``MinHash`` per text.

    It is datasketch's ``affine32`` scheme unrolled: each shingle's CRC-32 goes through the
    MurmurHash3 finalizer, then the 30 permutations ``a·h + b mod 2³²`` (datasketch's own,
    from the pinned template), and each text's signature is the column-wise minimum over its
    shingles (``minimum.reduceat``). ``tests/etiquette/test_fingerprint.py`` checks the keys
    against datasketch's ``MinHash`` itself.
    """
    hashes: list[int] = []
    starts: list[int] = []
    printable: list[int] = []
    for index, text in enumerate(texts):
        grams = shingles(text)
        if grams is None:
            continue
        printable.append(index)
        starts.append(len(hashes))
        hashes.extend(map(zlib.crc32, grams))
    keys: list[list[int] | None] = [None] * len(texts)
    if not printable:
        return keys
    with np.errstate(over="ignore"):
        if _AFFINE32:
            h = np.array(hashes, dtype=np.uint32)
            h ^= h >> _FMIX[0]
            h *= _FMIX[1]
            h ^= h >> _FMIX[2]
            h *= _FMIX[3]
            h ^= h >> _FMIX[4]
            permuted = h[:, None] * _PERM_A + _PERM_B  # (shingles, NUM_PERM), mod 2**32
        else:
            h = np.array(hashes, dtype=np.uint64)[:, None]
            permuted = ((h * _PERM_A + _PERM_B) % _MERSENNE) & np.uint64(0xFFFFFFFF)
        signatures = np.minimum.reduceat(permuted, starts, axis=0)
        rows = signatures.astype(np.uint64).reshape(len(printable), BANDS, ROWS)
        # A polynomial hash of each band's rows, then the band index, then a multiplicative mix.
        mixed = (rows * _POWERS).sum(axis=2, dtype=np.uint64)
        mixed = (mixed ^ _BAND_INDEX) * _BAND_MULTIPLIER
        mixed ^= mixed >> np.uint64(29)
    for index, row in zip(printable, mixed.view(np.int64).tolist(), strict=True):
        keys[index] = row
    return keys


def shared_bands(first: Sequence[int], second: Sequence[int]) -> int:
    """How many band keys two texts' keys have in common (the key mixes in its band)."""
    return len(set(first) & set(second))


def is_near_duplicate(first: str, second: str) -> bool:
    """Whether two texts are copies of one template (both long enough to be one)."""
    first_keys, second_keys = band_keys(first), band_keys(second)
    if first_keys is None or second_keys is None:
        return False
    return shared_bands(first_keys, second_keys) >= MIN_SHARED_BANDS
