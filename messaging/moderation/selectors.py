"""Reads of the moderation dashboard (HackSoft style).

The queue pages by keyset (``priority, id`` or ``opened_at, id``), never by OFFSET, and each
page costs the same fixed number of queries whatever its size.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from connections.models import ConnectionRequest, RequestRestriction
from messaging.models import Message, ModerationLog, Report, Review, RuleTally, SenderWarning
from messaging.moderation.priority import priority_parts
from messaging.moderation.services import CLAIM_TTL, COUNTS_GENERATION_KEY, display_name
from netiquette import fingerprints
from netiquette.etiquette import rule_catalogue
from netiquette.models import RuleSetting

SORTS = ("priority", "age")
KINDS = ("message", "request")
DEFAULT_PER_PAGE = 25
CONVERSATION_SIDE = 5
HISTORY_SIZE = 8
COPIES_SHOWN = 10
LOG_PAGE = 50
LOW_PRECISION = 0.5
MIN_DECIDED_FOR_PRECISION = 5
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
        if sender.isdigit():
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


def review_queue(*, filters: QueueFilters) -> QueuePage:
    """One page of the queue: ``per_page`` reviews after ``filters.after``; one query."""
    reviews = _ordered(filtered_reviews(filters), filters.sort)
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
    review.detail_url = _url_with_pk("messaging:review_detail", review.pk)
    review.decide_url = _url_with_pk("messaging:review_decide", review.pk)
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
    review.priority_title = (
        f"priority {parts.total:.2f} = score {parts.score:.1f} + reports {parts.reports:.1f}"
        f" + sender history {parts.history:.1f} + recency {parts.recency:.2f}"
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
    """
    if filters.status not in (Review.Status.OPEN, Review.Status.ESCALATED):
        filters = replace(filters, status=Review.Status.OPEN, after="")
    now = timezone.now()
    reviews = _ordered(filtered_reviews(filters), filters.sort).exclude(
        Q(claimed_at__gt=now - CLAIM_TTL) & ~Q(claimed_by=moderator) & Q(claimed_by__isnull=False)
    )
    if after is not None:
        reviews = reviews.exclude(pk=after.pk)
        following = _after(reviews, cursor_for(after, filters.sort), filters.sort).first()
        if following is not None:
            return following
    return reviews.first()


# --- one review -----------------------------------------------------------------------


def review_for_moderator(review_id: int) -> Review:
    review = (
        Review.objects.select_related("message", "connection_request")
        .annotate(
            sender_display=_name_of("sender_id"),
            claimer_display=_name_of("claimed_by_id"),
            decider_display=_name_of("decided_by_id"),
            recipient_display=Coalesce(
                _name_of("message__recipient_id"), _name_of("connection_request__recipient_id")
            ),
        )
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    names = {
        review.sender_id: review.sender_display,
        review.claimed_by_id: review.claimer_display,
        review.decided_by_id: review.decider_display,
    }
    _decorate(review, timezone.now(), names)
    review.recipient_name = review.recipient_display or "someone"
    return review


@dataclass
class ScoreLine:
    rule_id: str
    label: str
    message: str
    weight: float
    weight_now: float | None
    doc: str


@dataclass
class SenderHistory:
    flags: int = 0
    confirmed: int = 0
    dismissed: int = 0
    escalated: int = 0
    open: int = 0
    requests_sent: int = 0
    requests_answered: int = 0
    requests_accepted: int = 0
    warnings: int = 0
    restricted_until: datetime | None = None
    past: list[Review] = field(default_factory=list)

    @property
    def acceptance_rate(self) -> float | None:
        if not self.requests_answered:
            return None
        return self.requests_accepted / self.requests_answered


@dataclass
class TemplateCopy:
    kind: str
    pk: int
    recipient: str
    created_at: datetime | None


def template_copies(review: Review) -> list[TemplateCopy]:
    """Near-identical texts the sender sent to others, found by the backlog's template
    fingerprints (names and companies swapped still count); one query per kind found."""
    kind = "message" if review.message_id else "request"
    found = fingerprints.copies_of(kind, review.message_id or review.connection_request_id)
    found = sorted(found, key=lambda c: c.item_id, reverse=True)[:COPIES_SHOWN]
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for copy in found:
        ids_by_kind[copy.kind].append(copy.item_id)
    items = {}
    for copy_kind, ids in ids_by_kind.items():
        model = Message if copy_kind == "message" else ConnectionRequest
        rows = (
            model.objects.filter(pk__in=ids)
            .select_related("recipient__profile")
            .only("id", "created_at", "recipient__username", "recipient__profile__name")
        )
        items.update({(copy_kind, row.pk): row for row in rows})
    return [
        TemplateCopy(copy.kind, copy.item_id, display_name(item.recipient), item.created_at)
        for copy in found
        if (item := items.get((copy.kind, copy.item_id))) is not None  # deleted since
    ]


def score_lines(review: Review, findings: list) -> list[ScoreLine]:
    catalogue = {rule.rule_id: rule for rule in rule_catalogue()}
    rule_ids = {f.get("rule_id", "") for f in findings} | set(review.rule_ids)
    current = dict(
        RuleSetting.objects.filter(rule_id__in=rule_ids, weight__isnull=False).values_list(
            "rule_id", "weight"
        )
    )
    lines = []
    for finding in findings:
        rule_id = finding.get("rule_id", "")
        info = catalogue.get(rule_id)
        lines.append(
            ScoreLine(
                rule_id=rule_id,
                label=finding.get("label", ""),
                message=finding.get("message", ""),
                weight=float(finding.get("weight") or 0),
                weight_now=current.get(rule_id, info.weight if info else None),
                doc=info.doc if info else "",
            )
        )
    return lines


SENDER_RECORD_SQL = """
SELECT
    COUNT(*) FILTER (WHERE r.id <> %(review)s),
    COUNT(*) FILTER (WHERE r.id <> %(review)s AND r.status = 'confirmed'),
    COUNT(*) FILTER (WHERE r.id <> %(review)s AND r.status = 'dismissed'),
    COUNT(*) FILTER (WHERE r.id <> %(review)s AND r.status = 'escalated'),
    COUNT(*) FILTER (WHERE r.id <> %(review)s AND r.status = 'open'),
    (SELECT COUNT(*) FROM {requests} q WHERE q.sender_id = %(sender)s),
    (SELECT COUNT(*) FROM {requests} q WHERE q.sender_id = %(sender)s
        AND q.status IN ('accepted', 'ignored', 'dont_know', 'spam')),
    (SELECT COUNT(*) FROM {requests} q WHERE q.sender_id = %(sender)s AND q.status = 'accepted'),
    (SELECT COUNT(*) FROM {warnings} w WHERE w.user_id = %(sender)s AND w.withdrawn_at IS NULL),
    (SELECT MAX(x.until) FROM {restrictions} x
        WHERE x.user_id = %(sender)s AND x.lifted_at IS NULL AND x.until > %(now)s)
FROM {reviews} r WHERE r.sender_id = %(sender)s
"""


def sender_history(review: Review) -> SenderHistory:
    """The sender's record in one query, and the latest past reviews in another.

    Plain SQL on purpose: the same read as ten ORM subqueries, without their compile time on
    the review page's hot path. Portable (PostgreSQL and SQLite 3.30+ both have FILTER).
    """
    sql = SENDER_RECORD_SQL.format(
        reviews=Review._meta.db_table,
        requests=ConnectionRequest._meta.db_table,
        warnings=SenderWarning._meta.db_table,
        restrictions=RequestRestriction._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"review": review.pk, "sender": review.sender_id, "now": timezone.now()}
        )
        row = cursor.fetchone()
    restricted_until = row[9]
    if isinstance(restricted_until, str):  # SQLite returns text for MAX() of a datetime
        restricted_until = datetime.fromisoformat(restricted_until)
        if timezone.is_naive(restricted_until):
            restricted_until = timezone.make_aware(restricted_until, UTC)
    history = SenderHistory(*row[:9], restricted_until=restricted_until)
    history.past = list(
        Review.objects.filter(sender_id=review.sender_id)
        .exclude(pk=review.pk)
        .only(
            "id",
            "status",
            "labels",
            "score",
            "opened_at",
            "decided_at",
            "decision_reason",
            "message_id",
            "connection_request_id",
        )
        .order_by("-opened_at")[:HISTORY_SIZE]
    )
    return history


def conversation(review: Review) -> tuple[list[Message], list[Message]]:
    """Up to ``CONVERSATION_SIDE`` messages before and after the reviewed one in its thread."""
    if not review.message_id:
        return [], []
    message = review.message
    same_thread = Message.objects.filter(thread_id=message.thread_id).only(
        "id", "sender_id", "text", "created_at", "hidden_at"
    )
    before = same_thread.filter(
        Q(created_at__lt=message.created_at) | Q(created_at=message.created_at, id__lt=message.pk)
    ).order_by("-created_at", "-id")[:CONVERSATION_SIDE]
    after = same_thread.filter(
        Q(created_at__gt=message.created_at) | Q(created_at=message.created_at, id__gt=message.pk)
    ).order_by("created_at", "id")[:CONVERSATION_SIDE]
    if connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL: one query
        rows = list(before.union(after, all=True))
    else:  # SQLite cannot limit inside a UNION
        rows = [*before, *after]
    around = sorted(rows, key=lambda m: (m.created_at, m.pk))
    position = (message.created_at, message.pk)
    return (
        [m for m in around if (m.created_at, m.pk) < position],
        [m for m in around if (m.created_at, m.pk) > position],
    )


def item_reports(review: Review) -> list[Report]:
    target = (
        {"message_id": review.message_id}
        if review.message_id
        else {"connection_request_id": review.connection_request_id}
    )
    reports = list(Report.objects.filter(**target).select_related("reporter__profile"))
    for report in reports:
        report.reporter_name = display_name(report.reporter)
    return reports


def item_log(review: Review) -> list[ModerationLog]:
    return list(
        ModerationLog.objects.filter(review_id=review.pk).select_related("moderator__profile")[
            :LOG_PAGE
        ]
    )


def review_page_context(review: Review) -> dict:
    """Everything the review page shows about one item, in a fixed number of queries."""
    item = review.message if review.message_id else review.connection_request
    findings = list(item.findings or [])
    before, after = conversation(review)
    return {
        "review": review,
        "item": item,
        "verdict": {"findings": findings, "action": item.action or "flag"},
        "score_lines": score_lines(review, findings),
        "before": before,
        "after": after,
        "history": sender_history(review),
        "copies": template_copies(review),
        "reports": item_reports(review),
        "log": item_log(review),
    }


# --- the audit log --------------------------------------------------------------------


@dataclass
class LogPage:
    entries: list[ModerationLog]
    next_cursor: str | None


def audit_log(
    *,
    review_id: int | None = None,
    sender_id: int | None = None,
    moderator_id: int | None = None,
    before: str = "",
) -> LogPage:
    entries = ModerationLog.objects.select_related(
        "moderator__profile", "sender__profile"
    ).order_by("-created_at", "-id")
    if review_id:
        entries = entries.filter(review_id=review_id)
    if sender_id:
        entries = entries.filter(sender_id=sender_id)
    if moderator_id:
        entries = entries.filter(moderator_id=moderator_id)
    if before:
        try:
            stamp, pk_text = before.split("~", 1)
            created_at, pk = datetime.fromisoformat(stamp), int(pk_text)
        except ValueError as exc:
            raise BadCursor(before) from exc
        entries = entries.filter(created_at__lte=created_at).filter(
            Q(created_at__lt=created_at) | Q(id__lt=pk)
        )
    rows = list(entries[: LOG_PAGE + 1])
    page = rows[:LOG_PAGE]
    for entry in page:
        entry.moderator_name = display_name(entry.moderator) if entry.moderator_id else "—"
        entry.sender_name = display_name(entry.sender) if entry.sender_id else "—"
    next_cursor = None
    if len(rows) > LOG_PAGE:
        last = page[-1]
        next_cursor = f"{last.created_at.isoformat()}~{last.pk}"
    return LogPage(entries=page, next_cursor=next_cursor)


# --- how the rules perform ------------------------------------------------------------


@dataclass
class RuleStat:
    rule_id: str
    label: str
    doc: str
    weight: float | None
    enabled: bool = True
    hits: int = 0
    confirmed: int = 0
    dismissed: int = 0
    escalated: int = 0
    weekly: list[tuple[date, float | None]] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.decided if self.decided else None

    @property
    def low_precision(self) -> bool:
        return (
            self.decided >= MIN_DECIDED_FOR_PRECISION
            and self.precision is not None
            and self.precision < LOW_PRECISION
        )


@dataclass
class DayCount:
    day: date
    flagged: int = 0
    confirmed: int = 0
    dismissed: int = 0
    escalated: int = 0

    @property
    def decisions(self) -> int:
        return self.confirmed + self.dismissed + self.escalated


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def rule_stats(*, days: int = 56) -> tuple[list[RuleStat], list[DayCount]]:
    """Per-rule totals, weekly precision, and flags/decisions per day for the last ``days``."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    catalogue = {rule.rule_id: rule for rule in rule_catalogue()}
    settings_by_rule = {s.rule_id: s for s in RuleSetting.objects.all()}
    stats: dict[str, RuleStat] = {}

    def stat(rule_id: str) -> RuleStat:
        if rule_id not in stats:
            info = catalogue.get(rule_id)
            setting = settings_by_rule.get(rule_id)
            weight = setting.weight if setting and setting.weight is not None else None
            stats[rule_id] = RuleStat(
                rule_id=rule_id,
                label=info.label if info else rule_id.split(".", 1)[0],
                doc=info.doc if info else "",
                weight=weight if weight is not None else (info.weight if info else None),
                enabled=setting.enabled if setting else True,
            )
        return stats[rule_id]

    for rule_id in catalogue:
        stat(rule_id)
    totals = RuleTally.objects.values("rule_id").annotate(
        hits=Sum("flagged"),
        confirmed=Sum("confirmed"),
        dismissed=Sum("dismissed"),
        escalated=Sum("escalated"),
    )
    for row in totals:
        s = stat(row["rule_id"])
        s.hits, s.confirmed = row["hits"] or 0, row["confirmed"] or 0
        s.dismissed, s.escalated = row["dismissed"] or 0, row["escalated"] or 0

    daily = {start + timedelta(days=i): DayCount(start + timedelta(days=i)) for i in range(days)}
    weekly: dict[str, dict[date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    recent = RuleTally.objects.filter(day__gte=start).values_list(
        "rule_id", "day", "confirmed", "dismissed"
    )
    for rule_id, day, confirmed, dismissed in recent:
        bucket = weekly[rule_id][_week(day)]
        bucket[0] += confirmed
        bucket[1] += confirmed + dismissed
    weeks = sorted({_week(start + timedelta(days=i)) for i in range(days)})
    for rule_id, by_week in weekly.items():
        stat(rule_id).weekly = [
            (week, (by_week[week][0] / by_week[week][1]) if by_week[week][1] else None)
            for week in weeks
        ]
    _count_items_per_day(daily, since=start)
    ordered = sorted(stats.values(), key=lambda s: (not s.low_precision, -(s.hits or 0), s.rule_id))
    return ordered, list(daily.values())


def _count_items_per_day(daily: dict[date, DayCount], *, since: date) -> None:
    """Flags and decisions per day count items, not rule hits.

    An item usually fires several rules, so summing the per-rule tallies would count one flag
    (or one decision) once per rule. Two grouped queries over the reviews instead: the ones
    opened each day, and the ones decided each day by their decision (an undone decision is no
    longer counted, as in the tallies).
    """
    start = timezone.make_aware(datetime.combine(since, time.min))
    opened = (
        Review.objects.filter(opened_at__gte=start)
        .annotate(day=TruncDate("opened_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for day, n in opened:
        if day in daily:
            daily[day].flagged = n
    decided = (
        Review.objects.filter(decided_at__gte=start)
        .exclude(status=Review.Status.OPEN)
        .annotate(day=TruncDate("decided_at"))
        .values_list("day", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for day, status, n in decided:
        if day in daily:
            setattr(daily[day], status, n)
