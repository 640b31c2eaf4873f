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


@dataclass
class RuleStat:
    rule_id: str
    label: str
    doc: str
    weight: float | None
    enabled: bool = True
    setting_id: int | None = None  # the rule's settings row, when it has one
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
                setting_id=setting.pk if setting else None,
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
