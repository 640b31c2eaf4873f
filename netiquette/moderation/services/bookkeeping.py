"""Moderation's bookkeeping as reviews open and reports arrive: each review's stored
priority (reports, the sender's record, score) and the per-rule daily tallies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, FloatField, Value
from django.db.models.functions import Cast, Least
from django.utils import timezone

from netiquette.moderation.models import ModerationLog, Report, Review, RuleTally
from netiquette.moderation.priority import HISTORY_WEIGHT, MAX_HISTORY, review_priority
from netiquette.moderation.services.decision_terms import (
    DECIDABLE,
    DECISION_ACTIONS,
    counts_changed,
)

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
    for pk, action, to_status, details, created_at, rule_ids in decisions.iterator(chunk_size=5000):
        corrected = ((details or {}).get("labels") or {}).get("decided")
        by_pk[pk] = (
            timezone.localdate(created_at),
            decision_tallies(rule_ids, to_status, corrected),
        )
        if action in DECISION_ACTIONS:
            for status, ids in by_pk[pk][1].items():
                add(ids, by_pk[pk][0], status, 1)
    for _pk, _action, _to, details, _at, _rules in decisions.filter(
        action=ModerationLog.Action.UNDONE
    ):
        undone = by_pk.get((details or {}).get("undid"))
        if undone:
            for status, ids in undone[1].items():
                add(ids, undone[0], status, -1)
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


def rule_label(rule_id: str) -> str:
    """The label a rule raises: ``personal.photos`` → personal, ``model.give_me`` → give_me."""
    head, _, tail = rule_id.partition(".")
    return tail if head == "model" else head


def decision_tallies(
    rule_ids: Iterable[str] | None, status: str, corrected: Sequence[str] | None = None
) -> dict[str, list[str]]:
    """Which rules a decision counts for, under which status. A confirmation whose labels the
    moderator corrected confirms the rules of the labels kept, and counts as a dismissal for
    the others: they were wrong about this item."""
    rule_ids = sorted(set(rule_ids or ()))
    if status != "confirmed" or corrected is None:
        return {status: rule_ids}
    right = [r for r in rule_ids if rule_label(r) in corrected]
    wrong = [r for r in rule_ids if rule_label(r) not in corrected]
    return {name: ids for name, ids in (("confirmed", right), ("dismissed", wrong)) if ids}


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
