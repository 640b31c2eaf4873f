"""Opening reviews for moderators: one per flagged or reported item, never two."""

from __future__ import annotations

from collections.abc import Iterable

from messaging.models import Review


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
