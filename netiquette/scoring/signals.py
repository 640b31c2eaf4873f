"""What scoring announces to the floors above it, which it does not import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True, slots=True)
class Flag:
    """An item whose verdict calls for a moderator (a flag or a block)."""

    sender_id: int
    message_id: int | None = None
    connection_request_id: int | None = None
    score: float = 0
    labels: Iterable[str] = ()
    rule_ids: Iterable[str] = ()


# Sent by a scoring batch inside its transaction with ``flags``, a list of ``Flag``; a
# receiver (moderation's) opens their reviews and returns how many it opened.
items_flagged = Signal()
