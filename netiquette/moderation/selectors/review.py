"""One review as a moderator sees it: the item, its score line by line, the sender's record,
copies of the same template, the conversation around it, reports and the log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from connections.models import ConnectionRequest, RequestRestriction
from messaging.models import Message
from netiquette.core.models import RuleSetting
from netiquette.etiquette import rule_catalogue
from netiquette.moderation.models import ModerationLog, Report, Review, SenderWarning
from netiquette.moderation.selectors.log import LOG_PAGE
from netiquette.moderation.selectors.queue import _decorate, _name_of
from netiquette.moderation.services import display_name
from netiquette.scoring import fingerprints

# --- one review -----------------------------------------------------------------------


CONVERSATION_SIDE = 5
COPIES_SHOWN = 10
HISTORY_SIZE = 8


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
    return list(ModerationLog.objects.filter(review_id=review.pk)[:LOG_PAGE])


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
