"""Handing a saved item to the scoring workers, without knowing who they are.

A service that saves a request or a message calls ``schedule_scoring(kind=…, pk=…)`` inside
its transaction. After commit, the enqueuer that the scoring app registered at start-up
(``register_enqueuer``) sends the item's task. Nothing here may fail a member's request: a
broker that is down, or no enqueuer at all, is logged, and the beat sweep scores the item
later, because it is stored unscored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from django.db import transaction

logger = logging.getLogger(__name__)

ItemKind = Literal["request", "message"]
KINDS: tuple[ItemKind, ...] = ("request", "message")

_enqueuers: list[Callable[[ItemKind, int], None]] = []


def register_enqueuer(enqueue: Callable[[ItemKind, int], None]) -> None:
    """The scoring app's ``enqueue(kind, pk)``; registering again replaces it."""
    _enqueuers[:] = [enqueue]


def _enqueue(kind: ItemKind, pk: int) -> None:
    if not _enqueuers:
        logger.warning("no scoring enqueuer registered; the sweep will score %s %s", kind, pk)
        return
    try:
        _enqueuers[0](kind, pk)
    except Exception:
        logger.warning("scoring of %s %s not enqueued; the sweep will score it", kind, pk)


def schedule_scoring(*, kind: ItemKind, pk: int) -> None:
    """After the current transaction commits, enqueue the item's scoring task."""
    if kind not in KINDS:
        raise ValueError(f"unknown item kind {kind!r}")
    # robust: whatever escapes ``_enqueue`` is logged, never raised into the member's request.
    transaction.on_commit(lambda: _enqueue(kind, pk), robust=True)
