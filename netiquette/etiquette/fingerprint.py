"""Near-duplicate fingerprints, for counting how many people got the same template.

Pure (no Django): the scoring layer (``netiquette.fingerprints``) stores these keys per sent
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
import threading
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
_local = threading.local()
_BAND_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
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
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def band_keys(text: str) -> list[int] | None:
    """The text's LSH band keys (signed 64-bit, band index mixed in), or None if too short."""
    grams = shingles(text)
    if grams is None:
        return None
    minhash = getattr(_local, "minhash", None)
    if minhash is None:  # one per thread, cleared per text: construction costs a third
        minhash = _local.minhash = _TEMPLATE.copy()
    minhash.clear()
    minhash.update_batch(grams)
    rows = minhash.hashvalues.astype(np.uint64).reshape(BANDS, ROWS)
    # A polynomial hash of each band's rows, then the band index, then a multiplicative mix.
    with np.errstate(over="ignore"):
        keys = (rows * _POWERS).sum(axis=1, dtype=np.uint64)
        keys = (keys ^ np.arange(BANDS, dtype=np.uint64)) * _BAND_MULTIPLIER
        keys ^= keys >> np.uint64(29)
    return keys.view(np.int64).tolist()


def shared_bands(first: Sequence[int], second: Sequence[int]) -> int:
    """How many band keys two texts' keys have in common (the key mixes in its band)."""
    return len(set(first) & set(second))


def is_near_duplicate(first: str, second: str) -> bool:
    """Whether two texts are copies of one template (both long enough to be one)."""
    first_keys, second_keys = band_keys(first), band_keys(second)
    if first_keys is None or second_keys is None:
        return False
    return shared_bands(first_keys, second_keys) >= MIN_SHARED_BANDS
