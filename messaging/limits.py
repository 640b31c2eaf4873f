"""How many people a member may write to out of the blue: the first-contact limit.

A first contact is a first message to someone the member is not connected with. Like
connection requests (``connections.requests.limits``), they are limited per rolling 7 days,
and more strictly when the member's recent first contacts mostly went badly: reported, or
filed in the recipient's Other folder or hidden by a moderator, and never answered. Messages to
connections, and replies in a conversation that has started, are never limited. A member whose
connection requests a moderator paused may not start conversations with strangers either until
the pause ends: a first message is the other way to reach someone new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from connections.requests.restrictions import active_request_restriction
from messaging.models import Message
from netiquette.core.text import when

DEFAULTS = {
    "FIRST_CONTACT_WEEKLY_LIMIT": 20,
    "FIRST_CONTACT_STRICT_WEEKLY_LIMIT": 5,
    # The stricter limit applies once this many recent first contacts were sent and most
    # went badly (the same thresholds as the request limits').
    "FIRST_CONTACT_STRICT_MIN_SAMPLE": 10,
    "FIRST_CONTACT_STRICT_BAD_SHARE": 0.5,
    "FIRST_CONTACT_HISTORY_DAYS": 30,
}


def limit_setting(name: str):
    """A first-contact setting from ``settings.NETIQUETTE``, or its default."""
    return getattr(settings, "NETIQUETTE", {}).get(name, DEFAULTS[name])


class MessageRefused(Exception):
    """A message the member may not send now; ``retry_at`` says when they can try again."""

    def __init__(self, message: str, *, retry_at: datetime | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.retry_at = retry_at
        self.code = code


@dataclass(frozen=True, slots=True)
class FirstContactStats:
    total: int
    badly_received: int

    @property
    def mostly_bad(self) -> bool:
        if self.total < limit_setting("FIRST_CONTACT_STRICT_MIN_SAMPLE"):
            return False
        return self.badly_received / self.total > limit_setting("FIRST_CONTACT_STRICT_BAD_SHARE")


def first_contact_stats(sender) -> FirstContactStats:
    """The member's first contacts of the history window and how many went badly (one query)."""
    since = timezone.now() - timedelta(days=limit_setting("FIRST_CONTACT_HISTORY_DAYS"))
    answered = Message.objects.filter(thread=OuterRef("thread"), sender=OuterRef("recipient"))
    went_badly = (Q(folder=Message.Folder.OTHER) | Q(hidden_at__isnull=False)) & ~Q(
        Exists(answered)
    )
    counts = Message.objects.filter(
        sender=sender, first_contact=True, created_at__gte=since
    ).aggregate(total=Count("id"), bad=Count("id", filter=went_badly))
    return FirstContactStats(total=counts["total"], badly_received=counts["bad"])


def first_contact_refusal(*, sender) -> MessageRefused | None:
    """Why ``sender`` may not write to someone new now, or None. Reads only; call it with the
    sender's row locked so that two submits cannot both slip under the limit."""
    restriction = active_request_restriction(sender)
    if restriction is not None:
        return MessageRefused(
            "A moderator paused your connection requests, and with them messages to people "
            f"you are not connected with, until {when(restriction.until)}. Your connections, "
            "and people you are already talking with, you can message any time.",
            retry_at=restriction.until,
            code="restricted",
        )
    stats = first_contact_stats(sender)
    strict = stats.mostly_bad
    limit = limit_setting(
        "FIRST_CONTACT_STRICT_WEEKLY_LIMIT" if strict else "FIRST_CONTACT_WEEKLY_LIMIT"
    )
    window = Message.objects.filter(
        sender=sender, first_contact=True, created_at__gte=timezone.now() - timedelta(days=7)
    )
    sent = window.count()
    if sent < limit:
        return None
    # Room opens when the message that put the member over the limit leaves the 7-day window.
    oldest = window.order_by("created_at", "id").values_list("created_at", flat=True)[sent - limit]
    retry_at = oldest + timedelta(days=7)
    if strict:
        message = (
            "Most of your recent first messages were reported or left unanswered, so you can "
            f"start {limit} conversations a week with people you are not connected with for "
            f"now, and you have reached it. You can write to someone new from {when(retry_at)}."
            " Messages that say how you know the person, and why you are writing, are answered "
            "far more often."
        )
    else:
        message = (
            f"You have started {sent} conversations this week with people you are not "
            f"connected with; the limit is {limit}. You can write to someone new from "
            f"{when(retry_at)}. Your connections, and people you are already talking with, "
            "you can message any time."
        )
    return MessageRefused(message, retry_at=retry_at, code="strict_limit" if strict else "limit")
