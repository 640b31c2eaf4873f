"""Template detection: near-duplicate fingerprints of messages and request notes.

A mass-sent template ("Hi Anna, I help companies like Acme…", "Hi Ben, I help companies like
Initech…") differs from copy to copy only in names, companies and numbers. So the text is
*masked* first (capitalised words inside a sentence, numbers, links and e-mail addresses become
placeholders), cut into word 3-gram shingles, and summarised by a MinHash signature
(``datasketch``). The signature is split into LSH bands; each band's key is stored in
``FingerprintBand`` (one row per band, indexed by sender and key, and by nothing else: the
rows are written on the scoring hot path). Two texts from the same
sender that share at least ``MIN_SHARED_BANDS`` band keys are near-identical.

Why the bands live in PostgreSQL rather than in datasketch's in-memory ``MinHashLSH``: every
worker on every machine must see the same index, and it must survive restarts and commit or
roll back together with the verdicts it fed.

With 30 permutations in 10 bands of 3 rows and 2 shared bands required, two texts whose masked
shingle sets have Jaccard similarity 0.8 match with probability ≈ 0.99, 0.7 with ≈ 0.91, 0.5
with ≈ 0.36 and 0.3 with ≈ 0.03 (two unrelated texts: ≈ 0). Copies of one template are
identical after masking (similarity 1), or nearly so when a name has an odd shape.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from django.db import connection

NUM_PERM = 30
BANDS = 10
ROWS = NUM_PERM // BANDS
MIN_SHARED_BANDS = 2
# Texts shorter than this (in masked words) are never treated as templates: "Thanks!" sent to
# twenty people is manners, not a mass mailing.
MIN_WORDS = 6
SHINGLE = 3
# Copies are counted up to about this many: past it the engine knows all it needs, and a
# mass mailer's thousandth copy must cost no more to score than its tenth.
COUNT_CAP = 100

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


def pg_execute(sql: str, params: Sequence, *, fetch: bool = False) -> list[tuple] | None:
    """Runs one statement on Django's PostgreSQL connection (so inside its transaction) with
    server-side, binary parameters: big id and key arrays travel without being spelled out as
    text, which Django's client-side binding would do."""
    import psycopg

    connection.ensure_connection()
    start = time.perf_counter()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        rows = cursor.fetchall() if fetch else None
    if connection.queries_logged:  # counted like any query (tests pin the count per batch)
        connection.queries_log.append({"sql": sql, "time": f"{time.perf_counter() - start:.3f}"})
    return rows


def int_array(values: Iterable[int]) -> str:
    """A PostgreSQL array literal of integers: joined in C, far cheaper than a list parameter."""
    return "{" + ",".join(map(str, values)) + "}"


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


@dataclass(frozen=True, slots=True)
class Printable:
    """An item to fingerprint: which it is, who sent it to whom, and its text."""

    kind: str  # "request" | "message"
    item_id: int
    sender_id: int
    recipient_id: int
    text: str


@dataclass(frozen=True, slots=True)
class TemplateCopy:
    kind: str
    item_id: int
    recipient_id: int


def record(
    items: Sequence[Printable], *, stored: frozenset[tuple[str, int]] = frozenset()
) -> dict[tuple[str, int], list[int]]:
    """Stores the band keys of items not fingerprinted yet; returns every item's keys.

    Incremental and idempotent: ``stored`` items (scored before, so fingerprinted in the
    transaction that stored their first verdict) are not written again. The claim's row lock
    keeps two workers from fingerprinting one item at once.
    """
    from netiquette.models import FingerprintBand

    keys_by_item: dict[tuple[str, int], list[int]] = {}
    rows = []
    for item in items:
        keys = band_keys(item.text)
        if keys is None:
            continue
        keys_by_item[(item.kind, item.item_id)] = keys
        if (item.kind, item.item_id) in stored:
            continue
        rows.extend(
            (item.kind, item.item_id, item.sender_id, item.recipient_id, band, key)
            for band, key in enumerate(keys)
        )
    if not rows:
        return keys_by_item
    if connection.vendor == "postgresql":
        pg_execute(
            f"INSERT INTO {FingerprintBand._meta.db_table} "
            "(kind, item_id, sender_id, recipient_id, band, key) "
            "SELECT %s, * FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], "
            "%s::smallint[], %s::bigint[])",
            [rows[0][0], *(int_array(c) for c in list(zip(*rows, strict=True))[1:])],
        )
    else:
        FingerprintBand.objects.bulk_create(
            [
                FingerprintBand(kind=k, item_id=i, sender_id=s, recipient_id=r, band=b, key=key)
                for k, i, s, r, b, key in rows
            ],
            batch_size=500,
        )
    return keys_by_item


def _matches(
    sender_keys: Iterable[tuple[int, int]],
) -> dict[tuple[int, int], list[tuple[str, int, int]]]:
    """``(sender, key) -> [(kind, item_id, recipient_id)]``, the latest ``COUNT_CAP`` per key,
    for all the given pairs in one query."""
    from netiquette.models import FingerprintBand

    wanted = sorted(set(sender_keys))
    if not wanted:
        return {}
    found: dict[tuple[int, int], list[tuple[str, int, int]]] = defaultdict(list)
    if connection.vendor == "postgresql":
        senders, keys = zip(*wanted, strict=True)
        rows = pg_execute(
            "SELECT p.sender_id, p.key, b.kind, b.item_id, b.recipient_id "
            "FROM unnest(%s::bigint[], %s::bigint[]) AS p(sender_id, key) "
            "CROSS JOIN LATERAL (SELECT kind, item_id, recipient_id "
            f"FROM {FingerprintBand._meta.db_table} AS f "
            "WHERE f.sender_id = p.sender_id AND f.key = p.key "
            "ORDER BY f.item_id DESC LIMIT %s) AS b",
            [int_array(senders), int_array(keys), COUNT_CAP],
            fetch=True,
        )
    else:
        pairs = set(wanted)
        rows = [
            row
            for row in FingerprintBand.objects.filter(
                sender_id__in={s for s, _ in pairs}, key__in={k for _, k in pairs}
            ).values_list("sender_id", "key", "kind", "item_id", "recipient_id")
            if (row[0], row[1]) in pairs
        ]
    for sender_id, key, kind, item_id, recipient_id in rows:
        found[(sender_id, key)].append((kind, item_id, recipient_id))
    return found


def _copies(
    item: Printable, keys: list[int], found: dict[tuple[int, int], list[tuple[str, int, int]]]
) -> list[TemplateCopy]:
    shared: dict[tuple[str, int, int], int] = defaultdict(int)
    for key in keys:
        for hit in found.get((item.sender_id, key), ()):
            shared[hit] += 1
    return sorted(
        (
            TemplateCopy(kind, item_id, recipient_id)
            for (kind, item_id, recipient_id), n in shared.items()
            if n >= MIN_SHARED_BANDS and (kind, item_id) != (item.kind, item.item_id)
        ),
        key=lambda c: (c.kind, c.item_id),
    )


def record_and_count(
    items: Sequence[Printable], *, stored: frozenset[tuple[str, int]] = frozenset()
) -> dict[tuple[str, int], int]:
    """Fingerprints the items and counts, for each, the *other* recipients this sender sent a
    near-identical text to (the engine's ``template_copies``). Two queries for the whole batch.
    """
    keys_by_item = record(items, stored=stored)
    found = _matches(
        (item.sender_id, key)
        for item in items
        for key in keys_by_item.get((item.kind, item.item_id), ())
    )
    counts: dict[tuple[str, int], int] = {}
    for item in items:
        keys = keys_by_item.get((item.kind, item.item_id))
        if keys is None:
            counts[(item.kind, item.item_id)] = 0
            continue
        recipients = {c.recipient_id for c in _copies(item, keys, found)}
        recipients.discard(item.recipient_id)
        counts[(item.kind, item.item_id)] = len(recipients)
    return counts


def copies_of(kind: str, pk: int) -> list[TemplateCopy]:
    """The other stored copies of a message's or request note's template, by the same sender.

    For the moderators' review: ``[TemplateCopy(kind, item_id, recipient_id), …]`` ordered by
    kind and id (an id may belong to an item deleted since); empty for an unknown item or one
    too short to be a template. The item's keys are recomputed from its text (deterministic),
    so no index by item is needed on the hot path.
    """
    from netiquette.scoring import KINDS, item_model

    if kind not in KINDS:
        return []
    text_field = "note" if kind == "request" else "text"
    row = (
        item_model(kind)
        .objects.filter(pk=pk)
        .values_list("sender_id", "recipient_id", text_field)
        .first()
    )
    if row is None:
        return []
    sender_id, recipient_id, text = row
    keys = band_keys(text or "")
    if keys is None:
        return []
    item = Printable(kind, pk, sender_id, recipient_id, text)
    return _copies(item, keys, _matches((sender_id, key) for key in keys))
