"""Applies the etiquette engine to stored requests and messages.

Contract for the rest of the project:
- a service that saves an item calls ``schedule_scoring(kind=…, pk=…)`` inside its
  transaction; after commit a worker scores it. A broker that is down loses nothing: the beat
  sweep scores whatever is still unscored.
- ``current_rule_settings()`` gives the engine's settings from the database (the live check
  and the workers use the same).
- ``folder_for(...)`` decides Focused / Other from a verdict, at send time and when scored.

NOTE: the backlog issue fills this in (batches, history facts, filing, reviews).
"""

from __future__ import annotations

from typing import Literal

from django.db import transaction

from netiquette.etiquette import RuleSettings

ItemKind = Literal["request", "message"]

# A first contact at or above this score goes to Other even when it is only a warning.
FIRST_CONTACT_OTHER_SCORE = 1.0


def current_rule_settings() -> RuleSettings:
    """The rule settings in force (enabled, weights, extra phrases) with their version."""
    return RuleSettings()


def folder_for(*, action: str, score: float, first_contact: bool) -> str:
    """Focused or Other: flagged mail, and first contacts with a high score, go to Other."""
    if action in {"flag", "block"}:
        return "other"
    if first_contact and score >= FIRST_CONTACT_OTHER_SCORE:
        return "other"
    return "focused"


def schedule_scoring(*, kind: ItemKind, pk: int) -> None:
    """After the current transaction commits, enqueue the item's scoring task."""
    transaction.on_commit(lambda: None)
