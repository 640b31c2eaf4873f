"""The terms decisions are made on: what may be decided and how, claim and undo windows,
bulk limits, the queue counts' cache generation, conflicts, and how a member is named."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

from netiquette.moderation.models import ModerationLog, Review

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

    transaction.on_commit(bump, robust=True)  # a cache that is down only delays the counts


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
