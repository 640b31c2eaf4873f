"""Template detection's storage: near-duplicate fingerprints of messages and request notes.

The pure part (masking names, companies and numbers; word shingles; the MinHash signature and
its LSH band keys) is the engine's ``netiquette.etiquette.fingerprint``. Here each item's band
keys are stored in ``FingerprintBand`` (one row per band, indexed by sender and key, and by
nothing else: the rows are written on the scoring hot path), and a sender's copies are looked
up: two texts from the same sender that share at least ``MIN_SHARED_BANDS`` band keys are
near-identical.

Why the bands live in PostgreSQL rather than in datasketch's in-memory ``MinHashLSH``: every
worker on every machine must see the same index, and it must survive restarts and commit or
roll back together with the verdicts it fed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

from netiquette.etiquette.fingerprint import (
    BANDS,
    MIN_SHARED_BANDS,
    band_keys,
    band_keys_many,
    masked_words,
)

# Re-exported: the scoring layer's callers (bench, tests) name them through this module.
__all__ = [
    "BANDS",
    "COUNT_CAP",
    "MIN_SHARED_BANDS",
    "Printable",
    "TemplateCopy",
    "band_keys",
    "band_keys_many",
    "copies_of",
    "int_array",
    "masked_words",
    "pg_execute",
    "record",
    "record_and_count",
]

# Copies are counted up to about this many: past it the engine knows all it needs, and a
# mass mailer's thousandth copy must cost no more to score than its tenth.
COUNT_CAP = 100


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
    for item, keys in zip(items, band_keys_many([item.text for item in items]), strict=True):
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
