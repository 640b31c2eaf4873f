"""Opening reviews for moderators: one per flagged or reported item, never two."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q

from netiquette.moderation.models import Report, Review
from netiquette.scoring.signals import Flag


def open_review(
    *,
    sender_id: int,
    message_id: int | None = None,
    connection_request_id: int | None = None,
    score: float = 0,
    labels: Iterable[str] = (),
    rule_ids: Iterable[str] = (),
) -> tuple[Review, bool]:
    """The item's review, opened if it has none; ``(review, created)``.

    Idempotent: the one-to-one columns make a second review for the same item impossible, so
    scoring twice, or a report after a flag, finds the review already open.
    """
    if (message_id is None) == (connection_request_id is None):
        raise ValueError("a review is about exactly one message or connection request")
    target = (
        {"message_id": message_id}
        if message_id is not None
        else {"connection_request_id": connection_request_id}
    )
    return Review.objects.get_or_create(
        **target,
        defaults={
            "sender_id": sender_id,
            "score": score or 0,
            "labels": sorted(set(labels)),
            "rule_ids": sorted(set(rule_ids)),
        },
    )


def report_stored(*, item, reporter, reason: str = "") -> bool:
    """A member's report of a stored request or message: one ``Report`` per member and item,
    and the item's review opened (idempotent). Whether the report is new."""
    target = "message" if item._meta.model_name == "message" else "connection_request"
    _, created = Report.objects.get_or_create(
        reporter=reporter, **{target: item}, defaults={"reason": reason[:500]}
    )
    open_review_for_stored(item)
    return created


def open_review_for_stored(item) -> tuple[Review, bool]:
    """``open_review`` for a stored message or connection request (a report on it), with the
    verdict stored on the item: its score, labels and the rule ids of its findings."""
    target = "message_id" if item._meta.model_name == "message" else "connection_request_id"
    return open_review(
        sender_id=item.sender_id,
        score=item.score or 0,
        labels=item.labels or (),
        rule_ids=[
            f["rule_id"] for f in item.findings or () if isinstance(f, dict) and f.get("rule_id")
        ],
        **{target: item.pk},
    )


def open_reviews(flags: Sequence[Flag]) -> int:
    """``open_review`` for many items at once (a scoring batch's flags); how many were opened.

    The same reviews, priorities and tallies as one ``open_review`` per item, in a fixed
    number of queries: the items' existing reviews in one, the new ones inserted in one, and
    the moderation bookkeeping the ``post_save`` signal does for one review
    (``reviews_opened``) done once for all. If another transaction opens one of these reviews
    meanwhile (a report), the insert fails as a whole and each item takes ``open_review``.
    """
    from netiquette.moderation.services import reviews_opened

    if any((f.message_id is None) == (f.connection_request_id is None) for f in flags):
        raise ValueError("a review is about exactly one message or connection request")
    if len(flags) <= 1:
        return sum(_open_one(f) for f in flags)
    taken = _reviewed(flags)
    new, seen = [], set()
    for flag in flags:
        target = (
            ("m", flag.message_id)
            if flag.message_id is not None
            else ("r", flag.connection_request_id)
        )
        if target in taken or target in seen:
            continue
        seen.add(target)
        new.append(
            Review(
                sender_id=flag.sender_id,
                message_id=flag.message_id,
                connection_request_id=flag.connection_request_id,
                score=flag.score or 0,
                labels=sorted(set(flag.labels)),
                rule_ids=sorted(set(flag.rule_ids)),
            )
        )
    if not new:
        return 0
    try:
        with transaction.atomic():
            Review.objects.bulk_create(new)
    except IntegrityError:  # opened meanwhile by a report: one at a time, as get_or_create does
        return sum(_open_one(f) for f in flags)
    reviews_opened(reviews=new)
    return len(new)


def _reviewed(flags: Sequence[Flag]) -> set[tuple[str, int]]:
    """The flags' items that have a review already, as ``("m", message id)`` or
    ``("r", request id)``: one query."""
    messages = {f.message_id for f in flags if f.message_id is not None}
    requests = {f.connection_request_id for f in flags if f.message_id is None}
    have = Review.objects.filter(
        Q(message_id__in=messages) | Q(connection_request_id__in=requests)
    ).values_list("message_id", "connection_request_id")
    return {("m", m) if m is not None else ("r", r) for m, r in have}


def _open_one(flag: Flag) -> bool:
    return open_review(
        sender_id=flag.sender_id,
        message_id=flag.message_id,
        connection_request_id=flag.connection_request_id,
        score=flag.score,
        labels=flag.labels,
        rule_ids=flag.rule_ids,
    )[1]
