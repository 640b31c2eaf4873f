"""The queue's priority: one stored number, so the queue sorts and pages on an index.

priority = score + reports × REPORT_WEIGHT + sender's confirmed reviews × HISTORY_WEIGHT
           + recency (one point per RECENCY_DAYS since EPOCH)

Recency is a fixed function of the opening time (the "hot" ranking trick), so the stored value
never needs refreshing as time passes: of two equal items, the newer one ranks higher, and a
strong old item still outranks a weak new one for a while.

A report weighs as much as the engine's surest call (the block threshold, 4): a person who
received the text and complained is stronger evidence than any score the engine gives below
that, so one report puts an item the engine let through above every item it only flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

REPORT_WEIGHT = 4.0
MAX_REPORTS = 5
HISTORY_WEIGHT = 0.5
MAX_HISTORY = 6
RECENCY_DAYS = 3
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PriorityParts:
    score: float
    reports: float
    history: float
    recency: float

    @property
    def total(self) -> float:
        return round(self.score + self.reports + self.history + self.recency, 6)


def priority_parts(
    *, score: float, report_count: int, sender_confirmed: int, opened_at: datetime
) -> PriorityParts:
    recency = (opened_at - EPOCH).total_seconds() / (RECENCY_DAYS * 86400)
    return PriorityParts(
        score=float(score or 0),
        reports=REPORT_WEIGHT * min(report_count, MAX_REPORTS),
        history=HISTORY_WEIGHT * min(sender_confirmed, MAX_HISTORY),
        recency=recency,
    )


def age_points(opened_at: datetime, now: datetime) -> float:
    """What an item's age costs it against an item opened now: one point per RECENCY_DAYS.

    The stored priority's recency term counts from EPOCH, so it is a large number that says
    nothing to a moderator; this is the same ordering told relative to now.
    """
    return max((now - opened_at).total_seconds(), 0) / (RECENCY_DAYS * 86400)


def review_priority(review) -> float:
    return priority_parts(
        score=review.score,
        report_count=review.report_count,
        sender_confirmed=review.sender_confirmed,
        opened_at=review.opened_at,
    ).total
