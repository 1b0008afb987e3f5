"""Reads for SLA reporting (decision 0041, /insights/sla/): attainment, times to respond and
resolve, and breaches over time, as aggregate queries over the stored per-target history
(`CaseTarget`), never by loading the rows.

A target counts in a period when it ended there: **met** when it stopped met in the period,
**breached** when it was breached in the period (the worker's announcement, else the stop of a
target found breached when it stopped). A running target already past due counts as breached
from the moment it was announced, so a late case shows before it is finally answered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce, TruncDay, TruncWeek
from django.utils import timezone

from lytte.sla.models import CaseTarget, Outcome

DIMENSIONS = {
    "reason": "case__reason_id",
    "team": "case__team_id",
    "channel": "case__channel",
    "priority": "case__priority",
    "organization": "case__organization_id",
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


def attainment(scope: Scope, dimension: str | None = None) -> list[Attainment]:
    """Met and breached per target kind, and per value of `dimension` (one of DIMENSIONS;
    None for the totals): one grouped query."""
    group = ["target"] + ([DIMENSIONS[dimension]] if dimension else [])
    rows = (
        ended(scope)
        .order_by()
        .values(*group)
        .annotate(
            met=Count("pk", filter=Q(outcome=Outcome.MET)),
            breached=Count("pk", filter=~Q(outcome=Outcome.MET)),
        )
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
    the combinations that occur (far fewer than the targets), summed per dimension here,
    instead of a join and a grouping per dimension."""
    fields = list(DIMENSIONS.values())
    rows = (
        ended(scope)
        .order_by()
        .values("target", *fields)
        .annotate(
            met=Count("pk", filter=Q(outcome=Outcome.MET)),
            breached=Count("pk", filter=~Q(outcome=Outcome.MET)),
        )
    )
    tallies: dict[str, dict[tuple[Any, str], list[int]]] = {name: {} for name in DIMENSIONS}
    for row in rows.iterator(chunk_size=5000):
        for name, column in DIMENSIONS.items():
            tally = tallies[name].setdefault((row[column], row["target"]), [0, 0])
            tally[0] += row["met"]
            tally[1] += row["breached"]
    return {name: _ranked(name, found) for name, found in tallies.items()}


def _ranked(name: str, found: dict[tuple[Any, str], list[int]]) -> list[Attainment]:
    rows = [Attainment(name, key, target, *counts) for (key, target), counts in found.items()]
    return sorted(rows, key=lambda a: (-a.total, a.target, str(a.key)))


ELAPSED = ExpressionWrapper(F("stopped_at") - F("started_at"), output_field=DurationField())


@dataclass(frozen=True)
class Times:
    """How long one target kind took in the period: counted time (business hours for the
    policies in business time) beside calendar time, as median and 90th percentile."""

    target: str
    count: int
    counted: tuple[timedelta | None, ...]  # per QUANTILES
    calendar: tuple[timedelta | None, ...]


class PercentileDisc(Aggregate):
    """PostgreSQL's nearest-rank percentile (the value at rank ceil(q * n)), as `_nearest_rank`."""

    function = "PERCENTILE_DISC"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fraction: float) -> None:
        super().__init__(expression, output_field=DurationField(), fraction=f"{fraction:.4f}")


def _stopped(scope: Scope, target: str | None = None) -> QuerySet[CaseTarget]:
    first, after = scope.bounds()
    rows = _cases(scope).filter(
        outcome__in=[Outcome.MET, Outcome.BREACHED], stopped_at__gte=first, stopped_at__lt=after
    )
    return rows.filter(target=target) if target else rows.filter(target__in=TIMED)


def times(scope: Scope) -> list[Times]:
    """Median and p90 of the first response and the resolution, stopped in the period: on
    PostgreSQL one grouped query with PERCENTILE_DISC, elsewhere one pass over the values."""
    if connection.vendor == "postgresql":
        return _times_in_one_query(scope)
    return _times_from_values(scope)


# SQLite's own arithmetic on its stored instants: Django's datetime subtraction there calls
# back into Python for every row.
JULIAN_SPAN = Func(
    F("stopped_at"),
    F("started_at"),
    template="(julianday(%(expressions)s))",
    arg_joiner=") - julianday(",
    output_field=FloatField(),
)


def _nearest_rank(values: list[timedelta], q: float) -> timedelta | None:
    if not values:
        return None
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]


def _times_from_values(scope: Scope) -> list[Times]:
    """SQLite has no percentile aggregate, and sorting the period once per figure costs more
    than reading its two numbers per target in one pass (the database is in this process):
    the counted time and the calendar time (SQLite's julianday difference, to the second)."""
    spans: dict[str, tuple[list[timedelta], list[timedelta]]] = {t: ([], []) for t in TIMED}
    rows = _stopped(scope).annotate(span=JULIAN_SPAN).values_list("target", "used", "span")
    for target, used, span in rows.iterator(chunk_size=10_000):
        if used is None or span is None:  # pragma: no cover: a stopped target has both
            continue
        counted, calendar = spans[target]
        counted.append(used)
        calendar.append(timedelta(seconds=round(span * 86_400)))
    found = []
    for target in TIMED:
        counted, calendar = (sorted(values) for values in spans[target])
        found.append(
            Times(
                target,
                len(counted),
                tuple(_nearest_rank(counted, q) for q in QUANTILES),
                tuple(_nearest_rank(calendar, q) for q in QUANTILES),
            )
        )
    return found


def _times_in_one_query(scope: Scope) -> list[Times]:
    aggregates: dict[str, Any] = {"count": Count("pk")}
    for index, q in enumerate(QUANTILES):
        aggregates[f"counted{index}"] = PercentileDisc(F("used"), q)
        aggregates[f"calendar{index}"] = PercentileDisc(ELAPSED, q)
    rows = {
        row["target"]: row
        for row in _stopped(scope).order_by().values("target").annotate(**aggregates)
    }
    found = []
    for target in TIMED:
        row = rows.get(target, {"count": 0})
        counted = tuple(row.get(f"counted{index}") for index in range(len(QUANTILES)))
        calendar = tuple(row.get(f"calendar{index}") for index in range(len(QUANTILES)))
        found.append(Times(target, row["count"], counted, calendar))
    return found


def over_time(scope: Scope, by: str) -> list[dict[str, Any]]:
    """Breaches per day or week (`by`) and target kind, oldest first: [{"bucket": date,
    "target": ..., "breaches": n}]."""
    zone = timezone.get_current_timezone()
    trunc = TruncWeek if by == "week" else TruncDay
    rows = (
        breaches(scope)
        .annotate(bucket=trunc("breached_at", tzinfo=zone))
        .order_by()
        .values("bucket", "target")
        .annotate(breaches=Count("pk"))
    )
    found = [
        {"bucket": _day(row["bucket"]), "target": row["target"], "breaches": row["breaches"]}
        for row in rows
    ]
    return sorted(found, key=lambda row: (row["bucket"], row["target"]))


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def breached_targets(scope: Scope, targets: Iterable[str] = ()) -> QuerySet[CaseTarget]:
    """The breaches behind a figure, newest first, with their cases."""
    rows = breaches(scope)
    if wanted := list(targets):
        rows = rows.filter(target__in=wanted)
    return rows.select_related("case", "case__team", "policy").order_by("-breached_at", "-id")
