"""Applies the etiquette engine to stored requests and messages.

Contract for the rest of the project (the lower floors reach it only through the core):
- a service that saves an item calls ``netiquette.core.scoring_queue.schedule_scoring``
  inside its transaction; after commit, ``tasks.enqueue`` (registered by ``ScoringConfig``)
  sends its task and a worker scores it. A broker that is down loses nothing: the beat sweep
  scores whatever is still unscored.
- the rule settings come from ``netiquette.core.rule_settings``; ``folder_for`` (Focused or
  Other) from ``netiquette.core.filing``, the same at send time and when scored.
- a batch's flagged items are announced with the ``items_flagged`` signal
  (``netiquette.scoring.signals``), on which moderation opens their reviews.

How a batch is scored (``score_batch``): claim up to ``BATCH_SIZE`` unscored or stale rows
with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL), so concurrent workers never score the
same item at once; build every draft's ``Context`` from the database in a handful of bulk
queries (profiles, affiliations, connections, threads, earlier requests, fingerprints); run
``check_many`` (the rules per draft, the learned layer on the whole batch); write all
verdicts in one statement; file messages; open the batch's reviews together. All in one
transaction: a worker killed mid-batch leaves the batch unscored for the sweep.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings as django_settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from connections.requests.limits import request_stats_for
from netiquette.core import rule_settings
from netiquette.core.filing import folder_for
from netiquette.core.scoring_queue import KINDS, ItemKind
from netiquette.etiquette import Context, Draft, RuleSettings, check_many
from netiquette.scoring import fingerprints
from netiquette.scoring.items import item_model
from netiquette.scoring.signals import Flag, items_flagged

logger = logging.getLogger(__name__)

# The engine's ``Draft.kind`` for each stored kind.
DRAFT_KINDS: dict[str, str] = {"request": "request_note", "message": "message"}

# Rows claimed and written per transaction (``SCORING_BATCH_SIZE``).
BATCH_SIZE = django_settings.SCORING_BATCH_SIZE
# Ids per sweep task, the unit of work handed to one worker process: at most this many, and
# small enough that a backlog splits into ``SWEEP_SPLIT`` tasks for all the workers to share.
RANGE_SIZE = 10_000
MIN_RANGE_SIZE = 500
SWEEP_SPLIT = 32
# A sender's "recent" requests, for the stranger share.
# Actions that open a review for moderators. A block stored before its rule existed counts too.
REVIEW_ACTIONS = frozenset({"flag", "block"})


# --- the batch scoring service ------------------------------------------------------------


def stale_q(version: int) -> Q:
    """Unscored, or scored under an older ruleset."""
    return (
        Q(scored_at__isnull=True) | Q(ruleset_version__isnull=True) | Q(ruleset_version__lt=version)
    )


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
    contexts = build_contexts(_items(kind, rows.values_list(*_FIELDS[kind])), record=False)
    return {pk: context for (_kind, pk), context in contexts.items()}


_FIELDS = {
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


def _claim(
    kind: ItemKind,
    *,
    version: int,
    ids: Sequence[int] | None = None,
    after: int | None = None,
    upto: int | None = None,
    force: bool = False,
    limit: int = BATCH_SIZE,
) -> list[tuple]:
    """Locks and returns up to ``limit`` rows to score, skipping rows another worker holds."""
    queryset = item_model(kind).objects.all()
    if not force:
        queryset = queryset.filter(stale_q(version))
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    if after is not None:
        queryset = queryset.filter(pk__gt=after)
    if upto is not None:
        queryset = queryset.filter(pk__lte=upto)
    queryset = queryset.select_for_update(skip_locked=True, of=("self",)).order_by("pk")
    return list(queryset.values_list(*_FIELDS[kind])[:limit])


def _items(kind: ItemKind, rows: Sequence[tuple]) -> list[Item]:
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


def _write_verdicts(kind: ItemKind, rows: list[dict]) -> None:
    """One statement for the whole batch on PostgreSQL; ``bulk_update`` elsewhere."""
    model = item_model(kind)
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        # The whole batch as one JSON parameter, read back as a record set: one statement,
        # and one C-speed json.dumps instead of per-value parameter work.
        assignments = (
            "score = v.score, labels = v.labels, findings = v.findings, action = v.action, "
            "ruleset_version = v.ruleset_version, scored_at = now()"
        )
        columns = (
            "id bigint, score float8, labels jsonb, findings jsonb, action text, "
            "ruleset_version int"
        )
        if kind == "message":
            # The recipient's "this is safe" beats the engine.
            assignments += (
                ", folder = CASE WHEN t.marked_safe_at IS NULL THEN v.folder ELSE t.folder END"
            )
            columns += ", folder text"
        sql = (
            f'UPDATE "{table}" AS t SET {assignments} '
            f"FROM jsonb_to_recordset(%s::jsonb) AS v({columns}) WHERE t.id = v.id"
        )
        fingerprints.pg_execute(sql, [json.dumps(rows)])
        return
    now = timezone.now()
    objects = []
    for r in rows:
        obj = model(
            id=r["id"],
            score=r["score"],
            labels=r["labels"],
            findings=r["findings"],
            action=r["action"],
            ruleset_version=r["ruleset_version"],
            scored_at=now,
        )
        if kind == "message":
            obj.folder = r["folder"] if not r["marked_safe"] else r["current_folder"]
        objects.append(obj)
    fields = ["score", "labels", "findings", "action", "ruleset_version", "scored_at"]
    if kind == "message":
        fields.append("folder")
    model.objects.bulk_update(objects, fields, batch_size=200)


@dataclass(frozen=True, slots=True)
class BatchResult:
    scored: int
    reviews_opened: int
    last_id: int | None


def _score_claimed(
    kind: ItemKind, rows: Sequence[tuple], settings: RuleSettings
) -> tuple[int, int]:
    from netiquette.core.models import Assessed

    items = _items(kind, rows)
    contexts = build_contexts(items)
    draft_kind = DRAFT_KINDS[kind]
    updates = []
    to_review = []
    # One engine call for the batch: the learned layer scores all drafts at once.
    drafts = [
        Draft(kind=draft_kind, text=item.text, context=contexts[(kind, item.pk)]) for item in items
    ]
    for item, draft, verdict in zip(items, drafts, check_many(drafts, settings), strict=True):
        context = draft.context
        update = {
            "id": item.pk,
            **Assessed.verdict_fields(verdict),
            "ruleset_version": settings.version,
        }
        if kind == "message":
            update["folder"] = folder_for(
                action=verdict.action,
                score=verdict.score,
                first_contact=bool(context.first_contact),
            )
            update["marked_safe"] = item.marked_safe
        updates.append(update)
        if verdict.action in REVIEW_ACTIONS:
            to_review.append((item, verdict))
    if kind == "message" and connection.vendor != "postgresql":
        from messaging.models import Message

        current = dict(
            Message.objects.filter(pk__in=[u["id"] for u in updates]).values_list("id", "folder")
        )
        for update in updates:
            update["current_folder"] = current[update["id"]]
    _write_verdicts(kind, updates)
    target = "message_id" if kind == "message" else "connection_request_id"
    flags = [
        Flag(
            sender_id=item.sender_id,
            score=verdict.score,
            labels=verdict.labels,
            rule_ids=[f.rule_id for f in verdict.findings],
            **{target: item.pk},
        )
        for item, verdict in to_review
    ]
    opened = 0
    if flags:
        replies = items_flagged.send(sender=Flag, flags=flags)
        opened = sum(reply for _, reply in replies if isinstance(reply, int))
    return len(items), opened


def without_jit() -> None:
    """No JIT compilation for the rest of this transaction.

    The copy lookup (a ``LATERAL`` index probe per band key, thousands per batch) is
    estimated well above ``jit_above_cost``, so PostgreSQL compiled it on every batch: about
    45 ms of a 65 ms statement at 200,000 messages, for a plan that runs once. Every
    statement of a batch is short; none gains from JIT.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")


def score_batch(
    kind: ItemKind,
    *,
    ids: Sequence[int] | None = None,
    after: int | None = None,
    upto: int | None = None,
    force: bool = False,
    limit: int = BATCH_SIZE,
) -> BatchResult:
    """Claims and scores one batch in one transaction. Idempotent: items already scored under
    the current ruleset are not claimed (unless ``force``), and reviews are never doubled.
    """
    settings = rule_settings.current_rule_settings(adopt_model=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            without_jit()
        rows = _claim(
            kind,
            version=settings.version,
            ids=ids,
            after=after,
            upto=upto,
            force=force,
            limit=limit,
        )
        if not rows:
            return BatchResult(0, 0, None)
        scored, opened = _score_claimed(kind, rows, settings)
    return BatchResult(scored, opened, rows[-1][0])


def score_items(kind: ItemKind, ids: Sequence[int]) -> int:
    """Scores the given items if unscored or stale; returns how many were scored."""
    total = 0
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH_SIZE):
        total += score_batch(kind, ids=ids[start : start + BATCH_SIZE]).scored
    return total


def score_range(
    kind: ItemKind, first_id: int, last_id: int, *, force: bool = False, progress=None
) -> int:
    """Scores every unscored or stale item with ``first_id <= id <= last_id``, batch by batch.

    Rows another worker holds are skipped (and left to it, or to the next sweep).
    """
    total = 0
    after = first_id - 1
    while True:
        result = score_batch(kind, after=after, upto=last_id, force=force)
        if result.last_id is None:
            return total
        total += result.scored
        after = result.last_id
        if progress is not None:
            progress(result.scored)


def stale_bounds(kind: ItemKind, *, version: int | None = None) -> tuple[int | None, int | None]:
    """The lowest and highest id of an unscored or stale item (``(None, None)`` if none)."""
    version = version or rule_settings.current_rule_settings(adopt_model=True).version
    bounds = item_model(kind).objects.filter(stale_q(version)).aggregate(lo=Min("pk"), hi=Max("pk"))
    return bounds["lo"], bounds["hi"]


def sweep_ranges(*, range_size: int | None = None) -> list[tuple[ItemKind, int, int]]:
    """The id ranges the sweep hands out: every unscored or stale item lies in one of them."""
    version = rule_settings.current_rule_settings(adopt_model=True).version
    ranges = []
    for kind in KINDS:
        lo, hi = stale_bounds(kind, version=version)
        if lo is None:
            continue
        size = range_size or max(MIN_RANGE_SIZE, min(RANGE_SIZE, (hi - lo + 1) // SWEEP_SPLIT + 1))
        for start in range(lo, hi + 1, size):
            ranges.append((kind, start, min(start + size - 1, hi)))
    return ranges


# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BacklogStatus:
    kind: str
    total: int
    unscored: int
    stale: int  # scored under an older ruleset
    scored_last_window: int
    window_minutes: int
    version: int

    @property
    def waiting(self) -> int:
        return self.unscored + self.stale

    @property
    def per_minute(self) -> float:
        return self.scored_last_window / self.window_minutes

    @property
    def eta(self) -> timedelta | None:
        """Estimated time left at the recent rate; None when nothing is moving."""
        if self.waiting == 0:
            return timedelta(0)
        if self.per_minute <= 0:
            return None
        return timedelta(minutes=self.waiting / self.per_minute)


def backlog_status(*, window_minutes: int = 5) -> list[BacklogStatus]:
    """Per kind: items waiting (unscored, stale) and the recent scoring rate. One query each."""
    from django.db.models import Count

    version = rule_settings.current_rule_settings().version
    since = timezone.now() - timedelta(minutes=window_minutes)
    result = []
    for kind in KINDS:
        counts = item_model(kind).objects.aggregate(
            total=Count("pk"),
            unscored=Count("pk", filter=Q(scored_at__isnull=True)),
            stale=Count(
                "pk",
                filter=Q(scored_at__isnull=False)
                & (Q(ruleset_version__isnull=True) | Q(ruleset_version__lt=version)),
            ),
            recent=Count("pk", filter=Q(scored_at__gte=since)),
        )
        result.append(
            BacklogStatus(
                kind=kind,
                total=counts["total"],
                unscored=counts["unscored"],
                stale=counts["stale"],
                scored_last_window=counts["recent"],
                window_minutes=window_minutes,
                version=version,
            )
        )
    return result
