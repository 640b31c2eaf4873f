"""The review queue: filters, keyset pages (``priority, id`` or ``opened_at, id``, never
OFFSET, a fixed number of queries whatever the page size), counts per label, the next review."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone

from netiquette.moderation.models import Review
from netiquette.moderation.priority import RECENCY_DAYS, age_points, priority_parts
from netiquette.moderation.services import CLAIM_TTL, COUNTS_GENERATION_KEY

SORTS = ("priority", "age")
# A member's number in the sender filter: ASCII digits that fit a bigint (not "²" or "٣").
MEMBER_NUMBER = re.compile(r"[0-9]{1,18}")
KINDS = ("message", "request")
DEFAULT_PER_PAGE = 25
ANSWERED = ("accepted", "ignored", "dont_know", "spam")

User = get_user_model()


class BadCursor(ValueError):
    pass


@dataclass
class QueueFilters:
    status: str = Review.Status.OPEN
    sort: str = "priority"
    label: str = ""
    rule: str = ""
    sender: str = ""
    kind: str = ""
    since: date | None = None
    until: date | None = None
    per_page: int = DEFAULT_PER_PAGE
    after: str = ""


@dataclass
class QueuePage:
    items: list[Review]
    next_cursor: str | None
    per_page: int


# --- the queue ------------------------------------------------------------------------


def _json_contains(field_name: str, value: str) -> Q:
    if connection.vendor == "postgresql":  # jsonb @> '["value"]'
        return Q(**{f"{field_name}__contains": [value]})
    return Q(**{f"{field_name}__icontains": json.dumps(value)})


def filtered_reviews(filters: QueueFilters) -> QuerySet:
    reviews = Review.objects.filter(status=filters.status)
    if filters.label:
        reviews = reviews.filter(_json_contains("labels", filters.label))
    if filters.rule:
        reviews = reviews.filter(_json_contains("rule_ids", filters.rule))
    if filters.sender:
        sender = filters.sender.strip().lstrip("@")
        if MEMBER_NUMBER.fullmatch(sender):
            reviews = reviews.filter(sender_id=int(sender))
        else:
            reviews = reviews.filter(sender__username__iexact=sender)
    if filters.kind == "message":
        reviews = reviews.filter(message__isnull=False)
    elif filters.kind == "request":
        reviews = reviews.filter(connection_request__isnull=False)
    if filters.since:
        reviews = reviews.filter(opened_at__gte=datetime.combine(filters.since, time.min, UTC))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, UTC)
        reviews = reviews.filter(opened_at__lt=end)
    return reviews


def _ordered(reviews: QuerySet, sort: str) -> QuerySet:
    if sort == "age":
        return reviews.order_by("opened_at", "id")
    return reviews.order_by("-priority", "-id")


def cursor_for(review: Review, sort: str) -> str:
    if sort == "age":
        return f"a~{review.opened_at.isoformat()}~{review.pk}"
    return f"p~{review.priority!r}~{review.pk}"


def _after(reviews: QuerySet, cursor: str, sort: str) -> QuerySet:
    try:
        tag, value, pk_text = cursor.split("~", 2)
        pk = int(pk_text)
        if not 0 < pk < 2**63:  # PostgreSQL's bigint
            raise ValueError(pk_text)
        if sort == "age" and tag == "a":
            opened_at = datetime.fromisoformat(value)
            if opened_at.tzinfo is None:
                raise ValueError
            # The redundant ``>=`` lets the database seek the index instead of filtering.
            return reviews.filter(opened_at__gte=opened_at).filter(
                Q(opened_at__gt=opened_at) | Q(id__gt=pk)
            )
        if sort == "priority" and tag == "p":
            priority = float(value)
            return reviews.filter(priority__lte=priority).filter(
                Q(priority__lt=priority) | Q(id__lt=pk)
            )
    except (ValueError, OverflowError) as exc:
        raise BadCursor(cursor) from exc
    raise BadCursor(cursor)


def review_queue(*, filters: QueueFilters, moderator=None) -> QueuePage:
    """One page of the queue: ``per_page`` reviews after ``filters.after``; one query. A
    ``moderator`` never sees their own items: another moderator must decide them."""
    reviews = _ordered(filtered_reviews(filters), filters.sort)
    if moderator is not None:
        reviews = reviews.exclude(sender_id=moderator.pk)
    if filters.after:
        reviews = _after(reviews, filters.after, filters.sort)
    # Few joins on purpose: with seven tables PostgreSQL spends longer planning than running.
    # Names come as scalar subqueries: one round trip for the page, and still a small plan.
    rows = list(
        reviews.select_related("message", "connection_request")
        .only(*REVIEW_FIELDS, "message__text", "connection_request__note")
        .annotate(sender_display=_name_of("sender_id"), claimer_display=_name_of("claimed_by_id"))[
            : filters.per_page + 1
        ]
    )
    items = rows[: filters.per_page]
    now = timezone.now()
    for review in items:
        names = {
            review.sender_id: review.sender_display,
            review.claimed_by_id: review.claimer_display,
        }
        _decorate(review, now, names)
    next_cursor = cursor_for(items[-1], filters.sort) if len(rows) > filters.per_page else None
    return QueuePage(items=items, next_cursor=next_cursor, per_page=filters.per_page)


REVIEW_FIELDS = [f.attname for f in Review._meta.concrete_fields]


def _name_of(field_name: str) -> Subquery:
    """A member's display name (profile name, else username) as a scalar subquery."""
    return Subquery(
        User.objects.filter(pk=OuterRef(field_name))
        .annotate(display=Coalesce(NullIf("profile__name", Value("")), "username"))
        .values("display")[:1]
    )


def _decorate(review: Review, now, names: dict[int, str]) -> None:
    review.kind = "message" if review.message_id else "request"
    review.text = (
        review.message.text if review.message_id else review.connection_request.note
    ) or ""
    review.sender_name = names.get(review.sender_id, "someone")
    review.claim_live = bool(
        review.claimed_by_id and review.claimed_at and review.claimed_at > now - CLAIM_TTL
    )
    review.claimer_name = names.get(review.claimed_by_id, "someone") if review.claim_live else ""
    review.decider_name = names.get(review.decided_by_id, "someone")
    review.detail_url = _url_with_pk("moderation:review_detail", review.pk)
    review.decide_url = _url_with_pk("moderation:review_decide", review.pk)
    parts = review.parts = priority_parts(
        score=review.score,
        report_count=review.report_count,
        sender_confirmed=review.sender_confirmed,
        opened_at=review.opened_at,
    )
    # Formatted here, not with template filters: the queue renders up to 100 rows.
    review.score_display = f"{review.score:.1f}"
    review.opened_iso = review.opened_at.isoformat()
    review.opened_display = f"{review.opened_at:%d %b %H:%M}"
    # Told relative to now: the stored recency term counts from 2024 and explains nothing.
    review.age_points = age_points(review.opened_at, now)
    review.recency_days = RECENCY_DAYS
    review.standing = parts.score + parts.reports + parts.history - review.age_points
    review.priority_title = (
        f"ranked {review.standing:.2f} = score {parts.score:.1f} + reports {parts.reports:.1f}"
        f" + sender history {parts.history:.1f} − age {review.age_points:.2f}"
        f" (one point per {RECENCY_DAYS} days since it was opened)"
    )


@lru_cache(maxsize=16)
def _url_pattern(name: str) -> str:
    return reverse(name, args=[987654321])


def _url_with_pk(name: str, pk: int) -> str:
    """``reverse()`` once per URL name, not once per row (the queue shows up to 100 rows)."""
    return _url_pattern(name).replace("987654321", str(pk))


@dataclass
class QueueCounts:
    by_status: dict[str, int]
    by_label: dict[str, int]


COUNTS_KEY = "moderation:queue-counts:{generation}"


def queue_counts(*, status: str) -> QueueCounts:
    """Reviews per status, and per label within ``status``.

    One grouped query over all reviews, so it grows with the table: the result is cached for
    ``MODERATION_COUNTS_TTL`` seconds (default 10; 0 turns the cache off) under a generation
    number that every decision and every new review bumps, so a moderator's own work shows at
    once and only other moderators' work can lag by the TTL.
    """
    ttl = getattr(settings, "MODERATION_COUNTS_TTL", 10)
    if not ttl:
        return _queue_counts(status=status)
    key = COUNTS_KEY.format(generation=cache.get(COUNTS_GENERATION_KEY, 0)) + f":{status}"
    counts = cache.get(key)
    if counts is None:
        counts = _queue_counts(status=status)
        cache.set(key, counts, ttl)
    return counts


def _queue_counts(*, status: str) -> QueueCounts:
    by_status: dict[str, int] = {value: 0 for value in Review.Status.values}
    by_label: dict[str, int] = defaultdict(int)
    rows = Review.objects.values_list("status", "labels").annotate(n=Count("id")).order_by()
    for row_status, labels, n in rows:
        by_status[row_status] = by_status.get(row_status, 0) + n
        if row_status == status:
            for label in labels or ():
                by_label[label] += n
    return QueueCounts(by_status=by_status, by_label=dict(sorted(by_label.items())))


def next_review(*, filters: QueueFilters, moderator, after: Review | None = None) -> Review | None:
    """The next item to work in the queue's order: not claimed by anyone else, wrapping.

    Only open or escalated items are worked; from a list of decided ones it takes open ones.
    Never the moderator's own items.
    """
    if filters.status not in (Review.Status.OPEN, Review.Status.ESCALATED):
        filters = replace(filters, status=Review.Status.OPEN, after="")
    now = timezone.now()
    reviews = (
        _ordered(filtered_reviews(filters), filters.sort)
        .exclude(
            Q(claimed_at__gt=now - CLAIM_TTL)
            & ~Q(claimed_by=moderator)
            & Q(claimed_by__isnull=False)
        )
        .exclude(sender_id=moderator.pk)
    )
    if after is not None:
        reviews = reviews.exclude(pk=after.pk)
        following = _after(reviews, cursor_for(after, filters.sort), filters.sort).first()
        if following is not None:
            return following
    return reviews.first()
