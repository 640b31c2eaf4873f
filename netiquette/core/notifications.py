"""Notifications: what happened to a member that they have not seen yet.

Nothing is copied into a table of its own: each app that has news registers a source here
(``NOTIFICATION_SOURCES``; connections: invitations received and accepted; moderation: a
moderator's warnings), and the notifications page merges what they read. The core keeps one
thing per member, when they last looked (``NotificationsSeen``): news after that is new. A
moderator's warning stays new until the member says they read it.

Sources are merged in one order, newest first, ties broken by the source's ``rank`` and then
the row's id, so a keyset cursor (``Cursor``) pages across all of them without OFFSET and
without skipping rows that share a timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.db.models import DateTimeField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from netiquette.core.models import NotificationsSeen
from netiquette.core.nav import NAV_COUNTERS, count_together, counts

PAGE_SIZE = 20


@dataclass(frozen=True)
class Cursor:
    """Where a page of notifications ends: the last item's time, source rank and row id."""

    at: datetime
    rank: int
    pk: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}~{self.rank}~{self.pk}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """A cursor from a URL, or None for a missing or malformed one (the first page)."""
        try:
            at_text, rank, pk = (text or "").split("~")
            at = parse_datetime(at_text)
            if at is None or at.tzinfo is None:
                return None
            return cls(at=at, rank=int(rank), pk=int(pk))
        except (ValueError, OverflowError):
            return None


def older_than(cursor: Cursor | None, *, time_field: str, rank: int) -> Q:
    """The rows of a source of ``rank`` that come after ``cursor`` in the merged order."""
    if cursor is None:
        return Q()
    older = Q(**{f"{time_field}__lt": cursor.at})
    if rank < cursor.rank:
        older |= Q(**{time_field: cursor.at})
    elif rank == cursor.rank:
        older |= Q(**{time_field: cursor.at, "pk__lt": cursor.pk})
    return older


@dataclass
class Notification:
    """One piece of news. ``actor`` is whoever it is about (a profile, for the avatar)."""

    kind: str
    at: datetime
    rank: int
    pk: int
    text: str
    url: str
    actor: Any = None
    detail: str = ""
    new: bool = False

    @property
    def cursor(self) -> Cursor:
        return Cursor(at=self.at, rank=self.rank, pk=self.pk)

    @property
    def order(self) -> tuple:
        return (self.at, self.rank, self.pk)


class NotificationSource(Protocol):
    def recent(
        self, user, *, seen_at: datetime | None, cursor: Cursor | None, limit: int
    ) -> list[Notification]:
        """Up to ``limit`` items after ``cursor``, newest first, ``new`` set."""

    def new_items(self, user) -> QuerySet:
        """The rows that are new for ``user`` (the seen marker as a subquery): the navigation
        counts them together with its other counts."""


# name -> source; apps add theirs in AppConfig.ready().
NOTIFICATION_SOURCES: dict[str, NotificationSource] = {}


def seen_marker(user) -> datetime | None:
    return NotificationsSeen.objects.filter(user=user).values_list("seen_at", flat=True).first()


# News older than this is never counted as new, even by a member who never looked: a seeded
# or long-quiet account does not open to hundreds of "new" items.
NEW_WITHIN = timedelta(days=30)


def new_since(user_id: int):
    """An expression for the moment after which news is new to a member: their seen marker,
    but no earlier than ``NEW_WITHIN`` ago (read in the counting query itself)."""
    floor = Value(timezone.now() - NEW_WITHIN, output_field=DateTimeField())
    marker = Subquery(NotificationsSeen.objects.filter(user_id=user_id).values("seen_at")[:1])
    return Greatest(Coalesce(marker, floor), floor)


def is_new(at: datetime, seen_at: datetime | None) -> bool:
    floor = timezone.now() - NEW_WITHIN
    return at > max(seen_at or floor, floor)


@dataclass
class NotificationsPage:
    items: list[Notification]
    next_cursor: Cursor | None
    new_count: int


def notifications_for(
    user, *, cursor: Cursor | None = None, limit: int = PAGE_SIZE
) -> NotificationsPage:
    """One page of the member's news from every source, newest first."""
    seen_at = seen_marker(user)
    merged: list[Notification] = []
    for source in NOTIFICATION_SOURCES.values():
        merged.extend(source.recent(user, seen_at=seen_at, cursor=cursor, limit=limit + 1))
    merged.sort(key=lambda item: item.order, reverse=True)
    items = merged[:limit]
    next_cursor = items[-1].cursor if len(merged) > limit else None
    return NotificationsPage(
        items=items, next_cursor=next_cursor, new_count=sum(item.new for item in items)
    )


def new_count(user) -> int:
    """New notifications from every source (one query)."""
    return sum(count_together([s.new_items(user) for s in NOTIFICATION_SOURCES.values()]))


def notifications_mark_seen(*, user, now: datetime | None = None) -> datetime:
    """Everything up to now is seen (a warning stays new until it is read on its page)."""
    now = now or timezone.now()
    NotificationsSeen.objects.update_or_create(user=user, defaults={"seen_at": now})
    return now


def register_source(name: str, source: NotificationSource) -> None:
    """Adds a source; its new items count in the navigation as ``news_<name>``."""
    NOTIFICATION_SOURCES[name] = source
    NAV_COUNTERS[f"news_{name}"] = counts(source.new_items)


def _count_all_new(user, counts) -> int:
    """The navigation's notifications count: new items of every registered source."""
    return sum(counts[f"news_{name}"] for name in NOTIFICATION_SOURCES)


_count_all_new.takes_counts = True
NAV_COUNTERS["notifications"] = _count_all_new
