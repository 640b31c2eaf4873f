"""Applies the etiquette engine to stored requests and messages.

Contract for the rest of the project: a service that saves an item calls
``schedule_scoring(kind=…, pk=…)`` inside its transaction; after commit a worker scores it.
A broker that is down loses nothing: the beat sweep scores whatever is still unscored.

NOTE: the backlog issue fills this in (batches, history facts, filing, reviews).
"""

from __future__ import annotations

from typing import Literal

from django.db import transaction

ItemKind = Literal["request", "message"]


def schedule_scoring(*, kind: ItemKind, pk: int) -> None:
    """After the current transaction commits, enqueue the item's scoring task."""
    transaction.on_commit(lambda: None)
