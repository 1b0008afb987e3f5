"""Reads for SLA reporting (decision 0041, /insights/sla/): attainment, times to respond and
resolve, and breaches over time, as sums over the daily rollups (`TargetDay`, decision 0051:
a period's figures read a few rows a day, never its targets); the breaches behind a figure
(the drill-down) are read from the raw history (`CaseTarget`), a page at a time.

A target counts in a period when it ended there: **met** when it stopped met in the period,
**breached** when it was breached in the period (the worker's announcement, else the stop of a
target found breached when it stopped). A running target already past due counts as breached
from the moment it was announced, so a late case shows before it is finally answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import DateTimeField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lytte.sla.models import CaseTarget, Outcome
from lytte.sla.rollup_models import HISTOGRAMS, TIME_BUCKETS, TargetDay
from lytte.sla.rollups import quantile

DIMENSIONS = {  # the rollups' columns
    "reason": "reason_id",
    "team": "team_id",
    "channel": "channel",
    "priority": "priority",
    "organization": "organization_id",
}
TIMED = ("first_response", "resolution")  # the targets whose times the report shows
QUANTILES = (0.5, 0.9)


@dataclass(frozen=True)
class Scope:
    """The period (local dates, inclusive) and the case filters of a report."""

    start: date
    end: date
    channel: str = ""
    team: int | None = None
    organization: int | None = None
    reasons: tuple[int, ...] = field(default=())  # the reason and its sub-reasons

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        first = datetime.combine(self.start, time(0), tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=zone)
        return first, after


def _cases(scope: Scope) -> QuerySet[CaseTarget]:
    rows = CaseTarget.objects.all()
    if scope.channel:
        rows = rows.filter(case__channel=scope.channel)
    if scope.team:
        rows = rows.filter(case__team_id=scope.team)
    if scope.organization:
        rows = rows.filter(case__organization_id=scope.organization)
    if scope.reasons:
        rows = rows.filter(case__reason_id__in=list(scope.reasons))
    return rows


def _days(scope: Scope) -> QuerySet[TargetDay]:
    """The rollup rows of the scope's period and case filters."""
    rows = TargetDay.objects.filter(day__gte=scope.start, day__lte=scope.end)
    if scope.channel:
        rows = rows.filter(channel=scope.channel)
    if scope.team:
        rows = rows.filter(team_id=scope.team)
    if scope.organization:
        rows = rows.filter(organization_id=scope.organization)
    if scope.reasons:
        rows = rows.filter(reason_id__in=list(scope.reasons))
    return rows


def _met(first: datetime, after: datetime) -> Q:
    return Q(outcome=Outcome.MET, stopped_at__gte=first, stopped_at__lt=after)


def _breached(first: datetime, after: datetime) -> Q:
    announced = Q(
        outcome__in=[Outcome.RUNNING, Outcome.BREACHED],
        breach_announced_at__gte=first,
        breach_announced_at__lt=after,
    )
    unannounced = Q(
        outcome=Outcome.BREACHED,
        breach_announced_at__isnull=True,
        stopped_at__gte=first,
        stopped_at__lt=after,
    )
    return announced | unannounced


def ended(scope: Scope) -> QuerySet[CaseTarget]:
    """The targets met or breached in the scope's period."""
    first, after = scope.bounds()
    return _cases(scope).filter(_met(first, after) | _breached(first, after))


def breaches(scope: Scope) -> QuerySet[CaseTarget]:
    """The targets breached in the scope's period, with `breached_at`."""
    first, after = scope.bounds()
    return (
        _cases(scope)
        .filter(_breached(first, after))
        .annotate(
            breached_at=Coalesce("breach_announced_at", "stopped_at", output_field=DateTimeField())
        )
    )


@dataclass(frozen=True)
class Attainment:
    dimension: str
    key: Any  # the case field's value: an id, a channel or priority code, or None
    target: str
    met: int
    breached: int

    @property
    def total(self) -> int:
        return self.met + self.breached

    @property
    def rate(self) -> float | None:
        return self.met / self.total if self.total else None


def _ended_days(scope: Scope) -> QuerySet[TargetDay]:
    return _days(scope).filter(Q(met__gt=0) | Q(breached__gt=0))


def attainment(scope: Scope, dimension: str | None = None) -> list[Attainment]:
    """Met and breached per target kind, and per value of `dimension` (one of DIMENSIONS;
    None for the totals): one grouped query over the rollups."""
    group = ["target"] + ([DIMENSIONS[dimension]] if dimension else [])
    rows = (
        _ended_days(scope)
        .order_by()
        .values(*group)
        .annotate(met=Sum("met"), breached=Sum("breached"))
    )
    found = [
        Attainment(
            dimension or "",
            row[group[1]] if dimension else None,
            row["target"],
            row["met"],
            row["breached"],
        )
        for row in rows
    ]
    return sorted(found, key=lambda a: (-a.total, a.target, str(a.key)))


def attainment_by(scope: Scope) -> dict[str, list[Attainment]]:
    """Met and breached per target kind for every dimension at once: one grouped query over
    the rollups' combinations in the period, summed per dimension here."""
    fields = list(DIMENSIONS.values())
    rows = (
        _ended_days(scope)
        .order_by()
        .values_list("target", *fields)
        .annotate(met=Sum("met"), breached=Sum("breached"))
    )
    tallies: dict[str, dict[tuple[Any, str], list[int]]] = {name: {} for name in DIMENSIONS}
    for target, *keys, met, breached in rows.iterator(chunk_size=5000):
        for name, key in zip(DIMENSIONS, keys, strict=True):
            tally = tallies[name].setdefault((key, target), [0, 0])
            tally[0] += met
            tally[1] += breached
    return {name: _ranked(name, found) for name, found in tallies.items()}


def _ranked(name: str, found: dict[tuple[Any, str], list[int]]) -> list[Attainment]:
    rows = [Attainment(name, key, target, *counts) for (key, target), counts in found.items()]
    return sorted(rows, key=lambda a: (-a.total, a.target, str(a.key)))


@dataclass(frozen=True)
class Times:
    """How long one target kind took in the period: counted time (business hours for the
    policies in business time) beside calendar time, as median and 90th percentile (read from
    the rollups' histograms: exact to within a bucket, see `rollups.quantile`) and mean."""

    target: str
    count: int
    counted: tuple[timedelta | None, ...]  # per QUANTILES
    calendar: tuple[timedelta | None, ...]
    counted_mean: timedelta | None = None
    calendar_mean: timedelta | None = None
    over: timedelta = timedelta(0)  # the breached ones' time over their targets, summed


def _seconds(value: float | None) -> timedelta | None:
    return None if value is None else timedelta(seconds=round(value))


def times(scope: Scope) -> list[Times]:
    """Median, p90 and mean of the first response and the resolution, stopped in the period:
    one grouped query summing the rollups' counts and histograms."""
    sums: dict[str, Any] = {
        name: Sum(name)
        for name in ("stopped", "business_seconds", "calendar_seconds", "breach_seconds")
    }
    for name in HISTOGRAMS:
        for index in range(len(TIME_BUCKETS) + 1):
            sums[f"{name}_{index}"] = Sum(f"{name}_{index}")
    rows = {
        row["target"]: row
        for row in _days(scope)
        .filter(target__in=TIMED, stopped__gt=0)
        .order_by()
        .values("target")
        .annotate(**sums)
    }
    return [_times_of(target, rows.get(target)) for target in TIMED]


def _times_of(target: str, row: dict[str, Any] | None) -> Times:
    if row is None:
        return Times(target, 0, (None,) * len(QUANTILES), (None,) * len(QUANTILES))
    count = row["stopped"]
    found: dict[str, tuple[timedelta | None, ...]] = {}
    for name in HISTOGRAMS:
        histogram = [row[f"{name}_{index}"] for index in range(len(TIME_BUCKETS) + 1)]
        found[name] = tuple(_seconds(quantile(histogram, q)) for q in QUANTILES)
    return Times(
        target,
        count,
        found["business"],
        found["calendar"],
        counted_mean=_seconds(row["business_seconds"] / count),
        calendar_mean=_seconds(row["calendar_seconds"] / count),
        over=timedelta(seconds=row["breach_seconds"]),
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def over_time(scope: Scope, by: str) -> list[dict[str, Any]]:
    """Breaches per day or week (`by`) and target kind, oldest first: [{"bucket": date,
    "target": ..., "breaches": n}]."""
    rows = (
        _days(scope)
        .filter(breached__gt=0)
        .order_by()
        .values_list("day", "target")
        .annotate(breaches=Sum("breached"))
    )
    counts: dict[tuple[date, str], int] = {}
    for day, target, breaches in rows:
        key = (_monday(day) if by == "week" else day, target)
        counts[key] = counts.get(key, 0) + breaches
    return [
        {"bucket": bucket, "target": target, "breaches": n}
        for (bucket, target), n in sorted(counts.items())
    ]


def breach_count(scope: Scope, targets: Iterable[str] = ()) -> int:
    """How many targets were breached in the scope (of `targets`' kinds), from the rollups."""
    rows = _days(scope)
    if wanted := list(targets):
        rows = rows.filter(target__in=wanted)
    return int(rows.aggregate(n=Sum("breached"))["n"] or 0)


def breached_targets(scope: Scope, targets: Iterable[str] = ()) -> QuerySet[CaseTarget]:
    """The breaches behind a figure, newest first, with their cases."""
    rows = breaches(scope)
    if wanted := list(targets):
        rows = rows.filter(target__in=wanted)
    return rows.select_related("case", "case__team", "policy").order_by("-breached_at", "-id")
