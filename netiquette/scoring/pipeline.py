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
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from netiquette.core import rule_settings
from netiquette.core.filing import folder_for
from netiquette.core.scoring_queue import KINDS, ItemKind
from netiquette.etiquette import Draft, RuleSettings, check_many
from netiquette.scoring import fingerprints
from netiquette.scoring.facts import FIELDS, build_contexts, items_from_rows
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
    return list(queryset.values_list(*FIELDS[kind])[:limit])


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

    items = items_from_rows(kind, rows)
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
