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
from itertools import chain

from django.db import connection

from netiquette.core.scoring_queue import KINDS
from netiquette.etiquette.fingerprint import (
    BANDS,
    MIN_SHARED_BANDS,
    band_keys,
    band_keys_many,
    masked_words,
)
from netiquette.scoring.items import item_model

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


def _local_setting(name: str, value: str) -> str:
    """Sets a planner setting until the end of the transaction (none outside one); returns
    the value it had, to put back."""
    rows = pg_execute(
        "SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value], fetch=True
    )
    return rows[0][0]


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
    printed = _printed(items)
    _insert(printed, stored)
    return {(item.kind, item.item_id): keys for item, keys in printed}


def _printed(items: Sequence[Printable]) -> list[tuple[Printable, list[int]]]:
    """The items long enough to be templates, with their band keys (computed as one batch)."""
    keys = band_keys_many([item.text for item in items])
    return [(item, k) for item, k in zip(items, keys, strict=True) if k is not None]


# The band rows of a batch, built in PostgreSQL from one array per item column and one flat
# array of every item's BANDS keys (row i: item i / BANDS, band i % BANDS): a tenth of the
# array text to spell out in Python than one array per row column.
_BAND_ROWS = f"""
SELECT a.kinds[i / {BANDS} + 1] AS kind, a.ids[i / {BANDS} + 1] AS item_id,
    a.senders[i / {BANDS} + 1] AS sender_id, a.recipients[i / {BANDS} + 1] AS recipient_id,
    mod(i, {BANDS})::smallint AS band, a.keys[i + 1] AS key
FROM (SELECT %s::text[] AS kinds, %s::bigint[] AS ids, %s::bigint[] AS senders,
    %s::bigint[] AS recipients, %s::bigint[] AS keys) AS a,
    generate_series(0, cardinality(a.keys) - 1) AS i
"""


def _arrays(printed: Sequence[tuple[Printable, list[int]]]) -> list[str]:
    """``_BAND_ROWS``' parameters."""
    kinds = {item.kind for item, _keys in printed}
    for kind in kinds:  # spelled out in the array literal: plain lower-case words only
        if not kind.isalpha() or not kind.islower():
            raise ValueError(f"unexpected item kind {kind!r}")
    return [
        "{" + ",".join(item.kind for item, _keys in printed) + "}",
        int_array(item.item_id for item, _keys in printed),
        int_array(item.sender_id for item, _keys in printed),
        int_array(item.recipient_id for item, _keys in printed),
        int_array(chain.from_iterable(keys for _item, keys in printed)),
    ]


def _insert(
    printed: Sequence[tuple[Printable, list[int]]],
    stored: frozenset[tuple[str, int]],
    arrays: list[str] | None = None,
) -> None:
    """Writes the band rows of the printed items that are not ``stored``. ``arrays``: the
    printed items' ``_arrays``, if the caller has them (reused when nothing is stored)."""
    from netiquette.scoring.models import FingerprintBand

    new = [(item, keys) for item, keys in printed if (item.kind, item.item_id) not in stored]
    if not new:
        return
    if connection.vendor != "postgresql":
        FingerprintBand.objects.bulk_create(
            [
                FingerprintBand(
                    kind=item.kind,
                    item_id=item.item_id,
                    sender_id=item.sender_id,
                    recipient_id=item.recipient_id,
                    band=band,
                    key=key,
                )
                for item, keys in new
                for band, key in enumerate(keys)
            ],
            batch_size=500,
        )
        return
    pg_execute(
        f"INSERT INTO {FingerprintBand._meta.db_table} "
        f"(kind, item_id, sender_id, recipient_id, band, key) {_BAND_ROWS}",
        arrays if arrays is not None and len(new) == len(printed) else _arrays(new),
    )


def _matches(
    sender_keys: Iterable[tuple[int, int]],
) -> dict[tuple[int, int], list[tuple[str, int, int]]]:
    """``(sender, key) -> [(kind, item_id, recipient_id)]``, the latest ``COUNT_CAP`` per key,
    for all the given pairs in one query."""
    from netiquette.scoring.models import FingerprintBand

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

    On PostgreSQL the counting is done there too (``_COUNT_COPIES_SQL``): only the items that
    have copies come back, with their count, instead of every matching band row.
    """
    printed = _printed(items)
    counts = dict.fromkeys(((item.kind, item.item_id) for item in items), 0)
    if connection.vendor != "postgresql":
        _insert(printed, stored)
    elif printed:
        from netiquette.scoring.models import FingerprintBand

        arrays = _arrays(printed)
        _insert(printed, stored, arrays)
        # Each probe must walk the index backwards and stop after COUNT_CAP rows. Estimating
        # a few dozen rows per key, the planner prefers a bitmap scan, which reads every row
        # of the key and sorts them: 20% slower on the bench's batches, and a mass mailer's
        # thousandth copy would cost more than its tenth. Off for this statement only (the
        # batch's other statements keep their plans, e.g. the review lookup's BitmapOr).
        previous = _local_setting("enable_bitmapscan", "off")
        rows = pg_execute(
            _COUNT_COPIES_SQL.format(table=FingerprintBand._meta.db_table),
            [*arrays, COUNT_CAP, MIN_SHARED_BANDS],
            fetch=True,
        )
        _local_setting("enable_bitmapscan", previous)
        counts.update(((kind, item_id), n) for kind, item_id, n in rows)
        return counts
    found = _matches((item.sender_id, key) for item, keys in printed for key in keys)
    for item, keys in printed:
        recipients = {c.recipient_id for c in _copies(item, keys, found)}
        recipients.discard(item.recipient_id)
        counts[(item.kind, item.item_id)] = len(recipients)
    return counts


# ``_matches`` and ``_copies`` in one statement: each distinct (sender, key) of the batch
# looks up its latest COUNT_CAP stored bands; an item's copies are the other items sharing at
# least MIN_SHARED_BANDS of its keys; its count, their distinct recipients but its own.
_COUNT_COPIES_SQL = (
    "WITH m AS ("
    + _BAND_ROWS
    + """), hit AS (
    SELECT p.sender_id, p.key, b.kind, b.item_id, b.recipient_id
    FROM (SELECT DISTINCT sender_id, key FROM m) AS p
    CROSS JOIN LATERAL (
        SELECT f.kind, f.item_id, f.recipient_id FROM {table} AS f
        WHERE f.sender_id = p.sender_id AND f.key = p.key
        ORDER BY f.item_id DESC LIMIT %s
    ) AS b
), copy AS (
    SELECT m.kind, m.item_id, hit.recipient_id
    FROM m JOIN hit ON hit.sender_id = m.sender_id AND hit.key = m.key
    WHERE (hit.kind, hit.item_id) <> (m.kind, m.item_id) AND hit.recipient_id <> m.recipient_id
    GROUP BY m.kind, m.item_id, hit.kind, hit.item_id, hit.recipient_id
    HAVING count(*) >= %s
)
SELECT kind, item_id, count(DISTINCT recipient_id) FROM copy GROUP BY kind, item_id
"""
)


def copies_of(kind: str, pk: int) -> list[TemplateCopy]:
    """The other stored copies of a message's or request note's template, by the same sender.

    For the moderators' review: ``[TemplateCopy(kind, item_id, recipient_id), …]`` ordered by
    kind and id (an id may belong to an item deleted since); empty for an unknown item or one
    too short to be a template. The item's keys are recomputed from its text (deterministic),
    so no index by item is needed on the hot path.
    """
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
