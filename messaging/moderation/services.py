"""Writes of the moderation dashboard (HackSoft style: ``<entity>_<verb>``).

Every state change of a review writes its ``ModerationLog`` row in the same transaction.
Decisions lock the review row (``select_for_update``) and check the status the moderator saw,
so a second moderator acting on a just-decided item gets a ``ReviewConflict``, never a double
decision. Claims are conditional updates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, FloatField, Q, Value
from django.db.models.functions import Cast, Least
from django.utils import timezone
from django.utils.timesince import timesince

from connections.models import RequestRestriction
from messaging.models import Message, ModerationLog, Report, Review, RuleTally, SenderWarning
from messaging.moderation.priority import HISTORY_WEIGHT, MAX_HISTORY, review_priority
from netiquette.templatetags.etiquette import label_name

User = get_user_model()

MODERATORS_GROUP = "moderators"
CLAIM_TTL = timedelta(minutes=getattr(settings, "MODERATION_CLAIM_MINUTES", 10))
UNDO_WINDOW = timedelta(seconds=getattr(settings, "MODERATION_UNDO_SECONDS", 300))
BULK_LIMIT = 100
RESTRICT_DAYS_CHOICES = (0, 1, 7, 30)
DECIDABLE = (Review.Status.OPEN, Review.Status.ESCALATED)
DECISIONS = {
    "confirm": Review.Status.CONFIRMED,
    "dismiss": Review.Status.DISMISSED,
    "escalate": Review.Status.ESCALATED,
}
DECISION_ACTIONS = (
    ModerationLog.Action.CONFIRMED,
    ModerationLog.Action.DISMISSED,
    ModerationLog.Action.ESCALATED,
)


COUNTS_GENERATION_KEY = "moderation:queue-counts-generation"


def counts_changed() -> None:
    """After commit: the queue's cached counts are out of date (see ``selectors.queue_counts``)."""

    def bump() -> None:
        try:
            cache.incr(COUNTS_GENERATION_KEY)
        except ValueError:  # not set yet (or evicted)
            cache.set(COUNTS_GENERATION_KEY, 1, None)

    transaction.on_commit(bump)


class ReviewConflict(Exception):
    """The review is not in the state the moderator acted on; ``message`` says why."""

    def __init__(self, message: str, review: Review | None = None):
        super().__init__(message)
        self.message = message
        self.review = review


def display_name(user) -> str:
    if user is None:
        return "someone"
    try:
        return user.profile.name or user.get_username()
    except Exception:  # a user without a profile (e.g. a superuser made by createsuperuser)
        return user.get_username()


# What the group may do: work the queue, and tune the rules the queue's statistics call out
# (the rule settings' admin pages, for members who are also staff).
MODERATOR_PERMISSIONS = (
    ("messaging", "moderate"),
    ("netiquette", "view_rulesetting"),
    ("netiquette", "add_rulesetting"),
    ("netiquette", "change_rulesetting"),
)


def ensure_moderators_group() -> Group:
    """The ``moderators`` group with ``MODERATOR_PERMISSIONS``; created when missing."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = Q()
    for app_label, codename in MODERATOR_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(wanted))
    return group


LOG_GUARD_SQL = """
CREATE OR REPLACE FUNCTION moderation_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the moderation log is append-only';
    END IF;
    -- Only the SET_NULL of a deleted review, moderator or sender may touch a row.
    IF (to_jsonb(NEW) - 'review_id' - 'moderator_id' - 'sender_id')
        IS DISTINCT FROM (to_jsonb(OLD) - 'review_id' - 'moderator_id' - 'sender_id') THEN
        RAISE EXCEPTION 'the moderation log is append-only';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER moderation_log_append_only
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();
"""


def protect_moderation_log(*, using: str = "default") -> None:
    """On PostgreSQL, a trigger refuses to change or delete log rows, whatever the client.

    Created after migrate (idempotent), not in a migration: the schema migrations are
    regenerated when the branches merge.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(LOG_GUARD_SQL.format(table=ModerationLog._meta.db_table))


# --- priority and tallies -------------------------------------------------------------


def review_opened(*, review: Review) -> None:
    """A new review: count its reports and the sender's record, store the priority, tally."""
    reviews_opened(reviews=[review])


def reviews_opened(*, reviews: Sequence[Review]) -> None:
    """New reviews (saved), in bulk: what ``review_opened`` does for each, in a fixed number
    of queries (the scoring workers open a batch's reviews together).

    Reports and the senders' confirmed reviews are counted in one grouped query each, the
    priorities stored in one statement, and each rule's tally for the day bumped once by the
    number of reviews that name it (rules in a fixed order, so concurrent workers lock the
    tally rows in the same order).
    """
    if not reviews:
        return
    _priorities_store(reviews)
    flagged: Counter[tuple[str, date]] = Counter()
    for review in reviews:
        day = timezone.localdate(review.opened_at)
        for rule_id in set(review.rule_ids or ()):
            flagged[(rule_id, day)] += 1
    for (rule_id, day), count in sorted(flagged.items()):
        rule_tally_add(rule_ids=[rule_id], day=day, flagged=count)
    counts_changed()


def review_refresh_priority(*, review_id: int) -> None:
    """Recomputes a review's reports, sender record and priority (e.g. after re-scoring)."""
    review = Review.objects.filter(pk=review_id).first()
    if review is not None:
        _priority_store(review)


def _priority_store(review: Review) -> None:
    """Counts the review's reports and its sender's confirmed reviews; stores the priority."""
    _priorities_store([review])


def _priorities_store(reviews: Sequence[Review]) -> None:
    """``_priority_store`` for many reviews: two grouped counts and one write."""
    messages = {r.message_id for r in reviews if r.message_id}
    requests = {r.connection_request_id for r in reviews if not r.message_id}
    reports: dict[tuple[str, int], int] = {}
    for field_name, ids in (("message_id", messages), ("connection_request_id", requests)):
        if ids:
            counted = (
                Report.objects.filter(**{f"{field_name}__in": ids})
                .values_list(field_name)
                .annotate(n=Count("pk"))
                .order_by()
            )
            reports.update(((field_name, target), n) for target, n in counted)
    confirmed = dict(
        Review.objects.filter(
            sender_id__in={r.sender_id for r in reviews}, status=Review.Status.CONFIRMED
        )
        .values_list("sender_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for review in reviews:
        target = (
            ("message_id", review.message_id)
            if review.message_id
            else ("connection_request_id", review.connection_request_id)
        )
        review.report_count = reports.get(target, 0)
        review.sender_confirmed = confirmed.get(review.sender_id, 0)
        review.priority = review_priority(review)
    if len(reviews) == 1:
        (review,) = reviews
        Review.objects.filter(pk=review.pk).update(
            report_count=review.report_count,
            sender_confirmed=review.sender_confirmed,
            priority=review.priority,
        )
    elif connection.vendor == "postgresql":
        # One UPDATE from a VALUES list: bulk_update's CASE per row and field cost more Python
        # than the rest of a scoring batch's reviews together.
        rows = ", ".join(["(%s::bigint, %s::integer, %s::integer, %s::float8)"] * len(reviews))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Review._meta.db_table} AS r SET report_count = v.report_count, "
                "sender_confirmed = v.sender_confirmed, priority = v.priority "
                f"FROM (VALUES {rows}) AS v(id, report_count, sender_confirmed, priority) "
                "WHERE r.id = v.id",
                [
                    value
                    for r in reviews
                    for value in (r.pk, r.report_count, r.sender_confirmed, r.priority)
                ],
            )
    else:
        Review.objects.bulk_update(reviews, ["report_count", "sender_confirmed", "priority"])


@transaction.atomic
def rule_tallies_rebuild() -> int:
    """Rebuilds every per-rule daily tally from the reviews and the audit log.

    For data that arrived without the signals (bulk loads, a restore): flags from each review's
    opening day, decisions from each decision row of the log, minus the ones undone.
    """
    counts: dict[tuple[str, date], dict[str, int]] = {}

    def add(rule_ids, day, name, delta):
        for rule_id in set(rule_ids or ()):
            row = counts.setdefault((rule_id, day), {})
            row[name] = row.get(name, 0) + delta

    for rule_ids, opened_at in Review.objects.values_list("rule_ids", "opened_at").iterator(
        chunk_size=5000
    ):
        add(rule_ids, timezone.localdate(opened_at), "flagged", 1)
    decisions = ModerationLog.objects.filter(review__isnull=False).values_list(
        "pk", "action", "to_status", "details", "created_at", "review__rule_ids"
    )
    by_pk = {}
    for pk, action, to_status, _details, created_at, rule_ids in decisions.iterator(
        chunk_size=5000
    ):
        by_pk[pk] = (to_status, timezone.localdate(created_at), rule_ids)
        if action in DECISION_ACTIONS:
            add(rule_ids, timezone.localdate(created_at), to_status, 1)
    for _pk, _action, _to, details, _at, _rules in decisions.filter(
        action=ModerationLog.Action.UNDONE
    ):
        undone = by_pk.get((details or {}).get("undid"))
        if undone:
            add(undone[2], undone[1], undone[0], -1)
    RuleTally.objects.all().delete()
    RuleTally.objects.bulk_create(
        RuleTally(rule_id=rule_id, day=day, **fields) for (rule_id, day), fields in counts.items()
    )
    return len(counts)


def review_reported(*, report: Report) -> None:
    """A report arrived: if the item has a review, count it into the review's priority."""
    target = (
        {"message_id": report.message_id}
        if report.message_id
        else {"connection_request_id": report.connection_request_id}
    )
    review = Review.objects.filter(**target).first()
    if review is None:
        return
    review.report_count = _report_count(review)
    review.priority = review_priority(review)
    Review.objects.filter(pk=review.pk).update(
        report_count=review.report_count, priority=review.priority
    )


def _report_count(review: Review) -> int:
    if review.message_id:
        return Report.objects.filter(message_id=review.message_id).count()
    return Report.objects.filter(connection_request_id=review.connection_request_id).count()


def rule_tally_add(*, rule_ids: Iterable[str], day: date, **deltas: int) -> None:
    """Adds ``deltas`` (flagged / confirmed / dismissed / escalated) to each rule's day row."""
    changes = {name: F(name) + delta for name, delta in deltas.items() if delta}
    if not changes:
        return
    for rule_id in sorted(set(rule_ids)):
        updated = RuleTally.objects.filter(rule_id=rule_id, day=day).update(**changes)
        if updated:
            continue
        try:
            with transaction.atomic():
                RuleTally.objects.create(rule_id=rule_id, day=day, **deltas)
        except IntegrityError:  # created meanwhile by another transaction
            RuleTally.objects.filter(rule_id=rule_id, day=day).update(**changes)


def _sync_sender_history(sender_id: int) -> None:
    """The sender's open reviews carry the sender's confirmed count into their priority."""
    confirmed = Review.objects.filter(sender_id=sender_id, status=Review.Status.CONFIRMED).count()
    capped = Value(min(confirmed, MAX_HISTORY), output_field=FloatField())
    counted = Cast(Least(F("sender_confirmed"), Value(MAX_HISTORY)), FloatField())
    Review.objects.filter(sender_id=sender_id, status__in=DECIDABLE).exclude(
        sender_confirmed=confirmed
    ).update(
        priority=F("priority") + HISTORY_WEIGHT * (capped - counted),
        sender_confirmed=confirmed,
    )


# --- claims ---------------------------------------------------------------------------


def _claimed_by_other(review: Review, moderator, now) -> bool:
    return (
        review.claimed_by_id is not None
        and review.claimed_by_id != moderator.pk
        and review.claimed_at is not None
        and review.claimed_at > now - CLAIM_TTL
    )


def _claim_conflict(review: Review, now) -> ReviewConflict:
    holder = User.objects.select_related("profile").filter(pk=review.claimed_by_id).first()
    return ReviewConflict(
        f"{display_name(holder)} is working on this item "
        f"(claimed {timesince(review.claimed_at, now)} ago).",
        review,
    )


def _decided_conflict(review: Review, now) -> ReviewConflict:
    decider = User.objects.select_related("profile").filter(pk=review.decided_by_id).first()
    when = f" {timesince(review.decided_at, now)} ago" if review.decided_at else ""
    verb = review.get_status_display().lower()
    return ReviewConflict(
        f"{display_name(decider)} already {verb} this item{when}. Nothing was changed.", review
    )


@transaction.atomic
def review_claim(*, review_id: int, moderator) -> Review:
    """Claims an open item for ``moderator``; a live claim of someone else is a conflict."""
    now = timezone.now()
    claimed = (
        Review.objects.filter(pk=review_id, status__in=DECIDABLE)
        .filter(
            Q(claimed_by__isnull=True)
            | Q(claimed_by=moderator)
            | Q(claimed_at__lte=now - CLAIM_TTL)
        )
        .update(claimed_by=moderator, claimed_at=now)
    )
    review = Review.objects.get(pk=review_id)
    if not claimed:
        if review.status not in DECIDABLE:
            raise _decided_conflict(review, now)
        raise _claim_conflict(review, now)
    _log(review, moderator, ModerationLog.Action.CLAIMED)
    return review


@transaction.atomic
def review_release(*, review_id: int, moderator) -> bool:
    released = Review.objects.filter(pk=review_id, claimed_by=moderator).update(
        claimed_by=None, claimed_at=None
    )
    if released:
        _log(Review.objects.get(pk=review_id), moderator, ModerationLog.Action.RELEASED)
    return bool(released)


# --- decisions ------------------------------------------------------------------------


def default_warning_text(review: Review) -> str:
    what = "a message" if review.message_id else "a connection request"
    labels = ", ".join(label_name(label).lower() for label in review.labels) or "etiquette"
    return (
        f"A moderator reviewed {what} you sent and found that it does not follow the network's "
        f"etiquette ({labels}). Please keep first contacts professional: say how you know the "
        "person and why you are writing, and do not pitch, ask for favours, or get personal."
    )


@dataclass
class Decided:
    review: Review
    log: ModerationLog
    effects: list[str] = field(default_factory=list)


@transaction.atomic
def review_decide(
    *,
    review_id: int,
    moderator,
    decision: str,
    reason: str = "",
    expected_status: str | None = None,
    hide: bool = False,
    warn: bool = False,
    warning_text: str = "",
    restrict_days: int = 0,
) -> Decided:
    """Confirms, dismisses or escalates one review; raises ``ReviewConflict`` when it cannot."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    now = timezone.now()
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise ReviewConflict("This item no longer exists (the message or request was deleted).")
    if review.status not in DECIDABLE or (expected_status and review.status != expected_status):
        raise _decided_conflict(review, now)
    if _claimed_by_other(review, moderator, now):
        raise _claim_conflict(review, now)

    new_status = DECISIONS[decision]
    if new_status == review.status:  # escalating an escalated item: nothing to do
        raise _decided_conflict(review, now)
    from_status = review.status
    details: dict = {
        "previous": {
            "decided_by": review.decided_by_id,
            "decided_at": review.decided_at.isoformat() if review.decided_at else None,
            "reason": review.decision_reason,
        }
    }
    effects: list[str] = []
    if new_status == Review.Status.CONFIRMED:
        if hide and review.message_id:
            hid = Message.objects.filter(pk=review.message_id, hidden_at__isnull=True).update(
                hidden_at=now
            )
            if hid:
                details["hid_message"] = review.message_id
                effects.append("message hidden")
        if warn:
            warning = SenderWarning.objects.create(
                user_id=review.sender_id,
                review=review,
                text=(warning_text or "").strip()[:2000] or default_warning_text(review),
                created_by=moderator,
            )
            details["warning_id"] = warning.pk
            effects.append("sender warned")
        if restrict_days and restrict_days > 0:
            restriction = RequestRestriction.objects.create(
                user_id=review.sender_id,
                until=now + timedelta(days=restrict_days),
                reason=(reason or "")[:500],
                review_id=review.pk,
                created_by=moderator,
            )
            details["restriction_id"] = restriction.pk
            details["restrict_days"] = restrict_days
            effects.append(f"requests restricted for {restrict_days} day(s)")

    review.status = new_status
    review.decided_by = moderator
    review.decided_at = now
    review.decision_reason = (reason or "").strip()[:1000]
    review.claimed_by = None
    review.claimed_at = None
    review.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "claimed_by",
            "claimed_at",
        ]
    )
    rule_tally_add(rule_ids=review.rule_ids, day=timezone.localdate(now), **{new_status: 1})
    counts_changed()
    if new_status == Review.Status.CONFIRMED:
        _sync_sender_history(review.sender_id)
    log = _log(
        review,
        moderator,
        new_status,
        from_status=from_status,
        to_status=new_status,
        reason=review.decision_reason,
        details=details,
    )
    return Decided(review=review, log=log, effects=effects)


@dataclass
class BulkResult:
    decided: list[Decided] = field(default_factory=list)
    conflicts: list[tuple[int, str]] = field(default_factory=list)


def reviews_decide_bulk(
    *,
    review_ids: Iterable[int],
    moderator,
    decision: str,
    reason: str = "",
    hide: bool = False,
    warn: bool = False,
    restrict_days: int = 0,
) -> BulkResult:
    """Decides each selected review on its own (one conflict does not undo the others)."""
    result = BulkResult()
    for review_id in list(dict.fromkeys(review_ids))[:BULK_LIMIT]:
        try:
            result.decided.append(
                review_decide(
                    review_id=review_id,
                    moderator=moderator,
                    decision=decision,
                    reason=reason,
                    hide=hide,
                    warn=warn,
                    restrict_days=restrict_days,
                )
            )
        except ReviewConflict as conflict:
            result.conflicts.append((review_id, conflict.message))
    return result


def undoable_decision(*, review: Review, moderator) -> ModerationLog | None:
    """The moderator's latest decision on ``review`` if it can still be undone."""
    log = (
        ModerationLog.objects.filter(review_id=review.pk)
        .exclude(action__in=[ModerationLog.Action.CLAIMED, ModerationLog.Action.RELEASED])
        .first()
    )
    if (
        log is None
        or log.action not in DECISION_ACTIONS
        or log.moderator_id != moderator.pk
        or review.status != log.to_status
        or timezone.now() - log.created_at > UNDO_WINDOW
    ):
        return None
    return log


@transaction.atomic
def review_undo(*, review_id: int, moderator) -> Review:
    """Reverts the moderator's last decision within ``UNDO_WINDOW``: status and every effect."""
    now = timezone.now()
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise ReviewConflict("This item no longer exists.")
    log = undoable_decision(review=review, moderator=moderator)
    if log is None:
        raise ReviewConflict(
            "There is no decision of yours on this item that can still be undone "
            f"(undo is possible for {int(UNDO_WINDOW.total_seconds() // 60)} minutes).",
            review,
        )
    details = log.details or {}
    if details.get("hid_message"):
        Message.objects.filter(pk=details["hid_message"]).update(hidden_at=None)
    if details.get("warning_id"):
        SenderWarning.objects.filter(pk=details["warning_id"]).update(withdrawn_at=now)
    if details.get("restriction_id"):
        RequestRestriction.objects.filter(pk=details["restriction_id"]).update(lifted_at=now)
    previous = details.get("previous") or {}
    review.status = log.from_status or Review.Status.OPEN
    review.decided_by_id = previous.get("decided_by")
    decided_at = previous.get("decided_at")
    review.decided_at = datetime.fromisoformat(decided_at) if decided_at else None
    review.decision_reason = previous.get("reason") or ""
    review.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    rule_tally_add(
        rule_ids=review.rule_ids, day=timezone.localdate(log.created_at), **{log.to_status: -1}
    )
    if log.to_status == Review.Status.CONFIRMED:
        _sync_sender_history(review.sender_id)
    counts_changed()
    _log(
        review,
        moderator,
        ModerationLog.Action.UNDONE,
        from_status=log.to_status,
        to_status=review.status,
        details={"undid": log.pk},
    )
    return review


def _log(review: Review, moderator, action: str, **fields) -> ModerationLog:
    kind = "message" if review.message_id else "request"
    target = review.message_id or review.connection_request_id
    return ModerationLog.objects.create(
        review=review,
        item=f"{kind} {target}",
        moderator=moderator,
        sender_id=review.sender_id,
        action=action,
        **fields,
    )
