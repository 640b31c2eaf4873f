"""The engine's ``Context`` for stored items, built from history in bulk.

For a batch of items: the sender's role and the recipient's open-to-work flag (profiles), what
the two share (affiliations), whether they are connected and whether this is a first contact
(connections, threads, earlier requests), how many near-identical texts the sender sent to
others (fingerprints) and the share of recent requests that went to strangers. A handful of
queries per batch whatever its size: raw SQL on PostgreSQL, the ORM elsewhere.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

from connections.requests.limits import request_stats_for
from netiquette.core.scoring_queue import ItemKind
from netiquette.etiquette import Context
from netiquette.scoring import fingerprints
from netiquette.scoring.items import item_model

logger = logging.getLogger(__name__)

# The engine's ``Draft.kind`` for each stored kind.
DRAFT_KINDS: dict[str, str] = {"request": "request_note", "message": "message"}

# Rows claimed and written per transaction (``SCORING_BATCH_SIZE``).


@dataclass(slots=True)
class Item:
    kind: ItemKind
    pk: int
    sender_id: int
    recipient_id: int
    text: str
    how_known: str | None = None
    first_contact: bool | None = None
    connected: bool | None = None
    scored_before: bool = False  # so its fingerprint is stored already
    marked_safe: bool = False  # by the recipient: the folder stays as it is


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class _OrmFactQueries:
    """The facts' queries through the ORM (SQLite, the embedded default)."""

    def profiles(self, people):
        from connections.models import Profile

        return Profile.objects.filter(user_id__in=people).values_list(
            "user_id", "is_recruiter", "open_to_work"
        )

    def affiliations(self, people):
        from connections.models import Affiliation

        return Affiliation.objects.filter(profile__user_id__in=people).values_list(
            "profile__user_id", "organisation__kind", "organisation__name"
        )

    def connections(self, pairs):
        from connections.models import Connection

        return Connection.objects.filter(
            user_low_id__in={p[0] for p in pairs}, user_high_id__in={p[1] for p in pairs}
        ).values_list("user_low_id", "user_high_id")

    def threads(self, pairs):
        from messaging.models import Thread

        return Thread.objects.filter(
            user_low_id__in={p[0] for p in pairs}, user_high_id__in={p[1] for p in pairs}
        ).values_list("user_low_id", "user_high_id")

    def how_known(self, pairs):
        from connections.models import ConnectionRequest

        people = {p for pair in pairs for p in pair}
        return (
            ConnectionRequest.objects.filter(sender_id__in=people, recipient_id__in=people)
            .exclude(how_known="")
            .order_by("created_at", "id")
            .values_list("sender_id", "recipient_id", "how_known")
        )


class _FactQueries:
    """The same on PostgreSQL: ids as one array parameter and pairs joined exactly, instead
    of ``IN`` lists of a thousand parameters each (their client-side binding dominated)."""

    def _run(self, sql: str, *params) -> list[tuple]:
        return fingerprints.pg_execute(sql, list(params), fetch=True)

    def profiles(self, people):
        from connections.models import Profile

        return self._run(
            f"SELECT user_id, is_recruiter, open_to_work FROM {Profile._meta.db_table} "
            "WHERE user_id = ANY(%s::bigint[])",
            fingerprints.int_array(people),
        )

    def affiliations(self, people):
        from connections.models import Affiliation, Organisation, Profile

        return self._run(
            f"SELECT p.user_id, o.kind, o.name FROM {Affiliation._meta.db_table} a "
            f"JOIN {Profile._meta.db_table} p ON p.id = a.profile_id "
            f"JOIN {Organisation._meta.db_table} o ON o.id = a.organisation_id "
            "WHERE p.user_id = ANY(%s::bigint[])",
            fingerprints.int_array(people),
        )

    def _pairs(self, table: str, pairs):
        lows, highs = zip(*sorted(pairs), strict=True)
        return self._run(
            f"SELECT t.user_low_id, t.user_high_id FROM {table} t "
            "JOIN unnest(%s::bigint[], %s::bigint[]) AS p(low, high) "
            "ON t.user_low_id = p.low AND t.user_high_id = p.high",
            fingerprints.int_array(lows),
            fingerprints.int_array(highs),
        )

    def connections(self, pairs):
        from connections.models import Connection

        return self._pairs(Connection._meta.db_table, pairs)

    def threads(self, pairs):
        from messaging.models import Thread

        return self._pairs(Thread._meta.db_table, pairs)

    def how_known(self, pairs):
        from connections.models import ConnectionRequest

        ordered = sorted(pairs)
        senders = [a for a, _ in ordered] + [b for _, b in ordered]
        recipients = [b for _, b in ordered] + [a for a, _ in ordered]
        return self._run(
            f"SELECT r.sender_id, r.recipient_id, r.how_known "
            f"FROM {ConnectionRequest._meta.db_table} r "
            "JOIN unnest(%s::bigint[], %s::bigint[]) AS p(sender, recipient) "
            "ON r.sender_id = p.sender AND r.recipient_id = p.recipient "
            "WHERE r.how_known <> '' ORDER BY r.created_at, r.id",
            fingerprints.int_array(senders),
            fingerprints.int_array(recipients),
        )


def build_contexts(items: Sequence[Item], *, record: bool = True) -> dict[tuple[str, int], Context]:
    """Every item's engine ``Context`` from the database, in bulk (no query per item).

    Facts of the moment of sending that the item stores (a message's ``first_contact`` and
    ``connected``, a request's ``how_known``) win over what the network looks like now.
    ``record=False`` stores no fingerprint: template copies are counted among those stored.
    """
    if not items:
        return {}
    people = {i.sender_id for i in items} | {i.recipient_id for i in items}
    pairs = {_pair(i.sender_id, i.recipient_id) for i in items}

    fetch = _FactQueries() if connection.vendor == "postgresql" else _OrmFactQueries()
    profiles = {
        user_id: (is_recruiter, open_to_work)
        for user_id, is_recruiter, open_to_work in fetch.profiles(people)
    }
    ties: dict[int, set[str]] = defaultdict(set)
    for user_id, org_kind, org_name in fetch.affiliations(people):
        prefix = {"company": "employer"}.get(org_kind, org_kind)
        ties[user_id].add(f"{prefix}:{org_name}")
    connected_pairs = {tuple(p) for p in fetch.connections(pairs)} & pairs
    thread_pairs = {tuple(p) for p in fetch.threads(pairs)} & pairs
    # How the two know each other, from the latest request between them in either direction.
    how_known_by_pair: dict[tuple[int, int], str] = {}
    for sender_id, recipient_id, how_known in fetch.how_known(pairs):
        pair = _pair(sender_id, recipient_id)
        if pair in pairs:
            how_known_by_pair[pair] = how_known
    behaviour = request_stats_for(i.sender_id for i in items)
    copies = fingerprints.record_and_count(
        [fingerprints.Printable(i.kind, i.pk, i.sender_id, i.recipient_id, i.text) for i in items],
        stored=frozenset((i.kind, i.pk) for i in items if i.scored_before or not record),
    )

    contexts = {}
    for item in items:
        pair = _pair(item.sender_id, item.recipient_id)
        connected = pair in connected_pairs if item.connected is None else item.connected
        if item.first_contact is not None:
            first_contact = item.first_contact
        else:
            first_contact = not connected and pair not in thread_pairs
        how_known = item.how_known or how_known_by_pair.get(pair)
        sender_profile = profiles.get(item.sender_id)
        recipient_profile = profiles.get(item.recipient_id)
        history = behaviour[item.sender_id]
        contexts[(item.kind, item.pk)] = Context(
            first_contact=first_contact,
            connected=connected,
            how_known=how_known or None,
            sender_role=(
                None if sender_profile is None else ("recruiter" if sender_profile[0] else "member")
            ),
            recipient_open_to_work=None if recipient_profile is None else recipient_profile[1],
            shared=tuple(sorted(ties[item.sender_id] & ties[item.recipient_id])),
            template_copies=copies.get((item.kind, item.pk), 0),
            stranger_request_share=history.stranger_share,
            recent_requests=history.total,
        )
    return contexts


def item_contexts(kind: ItemKind, ids: Iterable[int]) -> dict[int, Context]:
    """By id, the ``Context`` the scoring service gives each stored item's draft right now
    (what ``check()`` sees when the item is scored). Read-only: no row is locked and no
    fingerprint stored; missing ids are left out.
    """
    rows = item_model(kind).objects.filter(pk__in=list(ids)).order_by("pk")
    contexts = build_contexts(items_from_rows(kind, rows.values_list(*FIELDS[kind])), record=False)
    return {pk: context for (_kind, pk), context in contexts.items()}


# The columns ``items_from_rows`` reads, per kind.
FIELDS = {
    "request": ("id", "scored_at", "sender_id", "recipient_id", "note", "how_known"),
    "message": (
        "id",
        "scored_at",
        "sender_id",
        "recipient_id",
        "text",
        "first_contact",
        "connected",
        "marked_safe_at",
    ),
}


def items_from_rows(kind: ItemKind, rows: Sequence[tuple]) -> list[Item]:
    if kind == "request":
        return [
            Item(
                kind,
                pk,
                sender,
                recipient,
                note or "",
                how_known=how_known or None,
                scored_before=scored_at is not None,
            )
            for pk, scored_at, sender, recipient, note, how_known in rows
        ]
    return [
        Item(
            kind,
            pk,
            sender,
            recipient,
            text or "",
            first_contact=first,
            connected=connected,
            scored_before=scored_at is not None,
            marked_safe=safe is not None,
        )
        for pk, scored_at, sender, recipient, text, first, connected, safe in rows
    ]
