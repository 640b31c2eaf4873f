"""How the rules perform: per rule, flags and decisions, precision overall and by week, and
flags per day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from netiquette.core.models import RuleSetting
from netiquette.etiquette import rule_catalogue
from netiquette.moderation.models import Review, RuleTally

# --- how the rules perform ------------------------------------------------------------


LOW_PRECISION = 0.5
MIN_DECIDED_FOR_PRECISION = 5


class Judged:
    """Precision from the moderators' decisions, for a rule or a model's label: ``right`` of
    ``decided`` (each subclass gives both), and whether it is low enough, over enough
    decisions, to call out."""

    @property
    def precision(self) -> float | None:
        return self.right / self.decided if self.decided else None

    @property
    def low_precision(self) -> bool:
        return (
            self.decided >= MIN_DECIDED_FOR_PRECISION
            and self.precision is not None
            and self.precision < LOW_PRECISION
        )


@dataclass
class RuleStat(Judged):
    rule_id: str
    label: str
    doc: str
    weight: float | None
    enabled: bool = True
    setting_id: int | None = None  # the rule's settings row, when it has one
    flagged: int = 0  # items the rule flagged, each opening a review
    confirmed: int = 0
    dismissed: int = 0
    escalated: int = 0
    weekly: list[tuple[date, float | None]] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def right(self) -> int:
        return self.confirmed

    @property
    def is_model(self) -> bool:
        """A label of the learned layer (``model.<label>``), not a rule."""
        return self.rule_id.startswith("model.")


@dataclass
class ModelLabelStat(Judged):
    """How one model's findings of one label fared with the moderators: right when the item
    was confirmed under that label, wrong when dismissed or confirmed under other labels."""

    model: str
    label: str
    right: int = 0
    wrong: int = 0

    @property
    def decided(self) -> int:
        return self.right + self.wrong


def model_periods() -> list[tuple[datetime | None, str]]:
    """(from when, model version) for each model that was in force, oldest first, from the
    audit log's activations and rollbacks; the first runs from the beginning."""
    from netiquette.core.models import Ruleset
    from netiquette.etiquette import model_version
    from netiquette.moderation.models import ModerationLog

    switches = list(
        ModerationLog.objects.filter(
            action__in=[ModerationLog.Action.ACTIVATED, ModerationLog.Action.ROLLED_BACK]
        )
        .order_by("created_at", "id")
        .values_list("created_at", "details")
    )
    if not switches:
        return [(None, Ruleset.in_force()[1] or model_version())]
    periods: list[tuple[datetime | None, str]] = [(None, switches[0][1].get("replaced", "?"))]
    periods += [(at, details.get("model", "?")) for at, details in switches]
    return periods


def model_label_stats(*, days: int = 90) -> list[ModelLabelStat]:
    """Per model that was in force and per label, its findings' precision from the decisions on
    the reviews opened while it was (the last ``days`` days), newest model first."""
    from bisect import bisect_right

    from django.db import connection
    from django.db.models import Q

    periods = model_periods()
    starts = [at for at, _ in periods[1:]]
    since = timezone.now() - timedelta(days=days)
    decided = Review.objects.filter(
        status__in=[Review.Status.CONFIRMED, Review.Status.DISMISSED], opened_at__gte=since
    )
    labels = ("personal", "no_context", "sales_pitch", "give_me", "political")
    if connection.vendor == "postgresql":  # SQLite has no JSON containment
        any_model = Q()
        for label in labels:
            any_model |= Q(rule_ids__contains=[f"model.{label}"])
        decided = decided.filter(any_model)
    stats: dict[tuple[str, str], ModelLabelStat] = {}
    rows = decided.values_list("opened_at", "rule_ids", "status", "labels", "decided_labels")
    for opened_at, rule_ids, status, flagged, corrected in rows.iterator(chunk_size=2000):
        model = periods[bisect_right(starts, opened_at)][1]
        confirmed_as = set(corrected if corrected is not None else flagged)
        for rule_id in rule_ids or ():
            if not rule_id.startswith("model."):
                continue
            label = rule_id.split(".", 1)[1]
            stat = stats.setdefault((model, label), ModelLabelStat(model, label))
            if status == Review.Status.CONFIRMED and label in confirmed_as:
                stat.right += 1
            else:
                stat.wrong += 1
    order = {version: index for index, (_, version) in enumerate(periods)}
    return sorted(stats.values(), key=lambda s: (-order.get(s.model, -1), s.label))


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
                setting_id=setting.pk if setting else None,
            )
        return stats[rule_id]

    for rule_id in catalogue:
        stat(rule_id)
    totals = RuleTally.objects.values("rule_id").annotate(
        flagged_total=Sum("flagged"),
        confirmed=Sum("confirmed"),
        dismissed=Sum("dismissed"),
        escalated=Sum("escalated"),
    )
    for row in totals:
        s = stat(row["rule_id"])
        s.flagged, s.confirmed = row["flagged_total"] or 0, row["confirmed"] or 0
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
    ordered = sorted(
        stats.values(), key=lambda s: (not s.low_precision, -(s.flagged or 0), s.rule_id)
    )
    return ordered, list(daily.values())


def _count_items_per_day(daily: dict[date, DayCount], *, since: date) -> None:
    """Flags and decisions per day count items, not rules' flags.

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
