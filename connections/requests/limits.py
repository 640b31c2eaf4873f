"""How a member has been using connection requests: the facts behind the request limits.

"Quality over quantity": a member whose recent requests were mostly ignored, marked "I don't
know this person" or reported gets a stricter weekly limit, and the share sent to strangers is a
fact the engine's ``Context`` can weigh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from connections.models import ConnectionRequest

DEFAULTS = {
    "REQUEST_WEEKLY_LIMIT": 100,
    "REQUEST_STRICT_WEEKLY_LIMIT": 20,
    # The stricter limit applies once this many recent requests were sent and most went badly.
    "REQUEST_STRICT_MIN_SAMPLE": 10,
    "REQUEST_STRICT_BAD_SHARE": 0.5,
    "REQUEST_HISTORY_DAYS": 30,
    "REQUEST_REINVITE_DAYS": 21,
}


def limit_setting(name: str):
    """A request-limit setting from ``settings.NETIQUETTE``, or its default."""
    return getattr(settings, "NETIQUETTE", {}).get(name, DEFAULTS[name])


@dataclass(frozen=True, slots=True)
class RequestStats:
    total: int
    ignored: int
    dont_know: int
    spam: int
    to_strangers: int

    @property
    def badly_received(self) -> int:
        return self.ignored + self.dont_know + self.spam

    @property
    def stranger_share(self) -> float | None:
        return self.to_strangers / self.total if self.total else None

    @property
    def mostly_ignored(self) -> bool:
        """Enough recent requests, and most of them ignored, unknown or reported."""
        if self.total < limit_setting("REQUEST_STRICT_MIN_SAMPLE"):
            return False
        return self.badly_received / self.total > limit_setting("REQUEST_STRICT_BAD_SHARE")


def request_stats(user, *, days: int | None = None) -> RequestStats:
    """The member's requests of the last ``days`` days, in one aggregate query."""
    return request_stats_for([user.pk], days=days)[user.pk]


def request_stats_for(sender_ids, *, days: int | None = None) -> dict[int, RequestStats]:
    """Each sender's requests of the last ``days`` days, in one grouped query; the request
    limits use it for one member, the scoring workers for a batch's senders.

    Withdrawn requests do not count: the recipient never answered them. A request "to a
    stranger" is one where the sender said they do not know the recipient or gave no answer,
    or the recipient answered "I don't know this person".
    """
    sender_ids = set(sender_ids)
    days = days if days is not None else limit_setting("REQUEST_HISTORY_DAYS")
    since = timezone.now() - timedelta(days=days)
    S = ConnectionRequest.Status
    rows = (
        ConnectionRequest.objects.filter(sender_id__in=sender_ids, created_at__gte=since)
        .exclude(status=S.WITHDRAWN)
        .values("sender_id")
        .annotate(
            total=Count("id"),
            ignored=Count("id", filter=Q(status=S.IGNORED)),
            dont_know=Count("id", filter=Q(status=S.DONT_KNOW)),
            spam=Count("id", filter=Q(status=S.SPAM)),
            to_strangers=Count("id", filter=Q(how_known__in=["none", ""]) | Q(status=S.DONT_KNOW)),
        )
        .order_by()
    )
    stats = {row.pop("sender_id"): RequestStats(**row) for row in rows}
    nothing = RequestStats(total=0, ignored=0, dont_know=0, spam=0, to_strangers=0)
    return {sender_id: stats.get(sender_id, nothing) for sender_id in sender_ids}


def weekly_limit_for(user, stats: RequestStats | None = None) -> tuple[int, bool]:
    """``(limit, strict)``: the member's weekly request limit and whether it is the strict one."""
    stats = stats or request_stats(user)
    if stats.mostly_ignored:
        return limit_setting("REQUEST_STRICT_WEEKLY_LIMIT"), True
    return limit_setting("REQUEST_WEEKLY_LIMIT"), False
