"""How far the scoring backlog has got: unscored and stale items per kind, items scored per
minute and the time left, for ``backlog_status``, ``score_backlog`` and the ``/scoring/`` page."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from netiquette.core import rule_settings
from netiquette.core.scoring_queue import KINDS
from netiquette.scoring.items import item_model

logger = logging.getLogger(__name__)

# The engine's ``Draft.kind`` for each stored kind.
DRAFT_KINDS: dict[str, str] = {"request": "request_note", "message": "message"}

# Rows claimed and written per transaction (``SCORING_BATCH_SIZE``).

# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BacklogStatus:
    kind: str
    total: int
    unscored: int
    stale: int  # scored under an older ruleset
    scored_last_window: int
    window_minutes: int
    version: int

    @property
    def waiting(self) -> int:
        return self.unscored + self.stale

    @property
    def per_minute(self) -> float:
        return self.scored_last_window / self.window_minutes

    @property
    def eta(self) -> timedelta | None:
        """Estimated time left at the recent rate; None when nothing is moving."""
        if self.waiting == 0:
            return timedelta(0)
        if self.per_minute <= 0:
            return None
        return timedelta(minutes=self.waiting / self.per_minute)


def backlog_status(*, window_minutes: int = 5) -> list[BacklogStatus]:
    """Per kind: items waiting (unscored, stale) and the recent scoring rate. One query each."""
    from django.db.models import Count

    version = rule_settings.current_rule_settings().version
    since = timezone.now() - timedelta(minutes=window_minutes)
    result = []
    for kind in KINDS:
        counts = item_model(kind).objects.aggregate(
            total=Count("pk"),
            unscored=Count("pk", filter=Q(scored_at__isnull=True)),
            stale=Count(
                "pk",
                filter=Q(scored_at__isnull=False)
                & (Q(ruleset_version__isnull=True) | Q(ruleset_version__lt=version)),
            ),
            recent=Count("pk", filter=Q(scored_at__gte=since)),
        )
        result.append(
            BacklogStatus(
                kind=kind,
                total=counts["total"],
                unscored=counts["unscored"],
                stale=counts["stale"],
                scored_last_window=counts["recent"],
                window_minutes=window_minutes,
                version=version,
            )
        )
    return result
