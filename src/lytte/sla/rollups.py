"""Daily rollups of the SLA history (decision 0051), kept equal to a recount of the raw targets,
as insights keeps its contacts and cases (`lytte.insights.rollups`).

A target counts on the local day it ended (`lytte.sla.report`'s rules): met on the day it
stopped met, breached on the day its breach was announced (else the day it stopped breached),
and its times on the day it stopped. The writes that move a target between days or rows mark
the days they touch stale (a `StaleTargetDay`, in the writing transaction): a stop
(`TargetStopped`), a breach announced (`TargetBreached`), an announcement withdrawn because the
due time moved on (`targets.put`), a case moved to another reason, team, channel, priority or
organization (`CaseChanged`). The worker's `sla` job recomputes the stale days whole; `lytte sla
rebuild` recomputes every day after a bulk load or a restore.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models.functions import TruncDate
from django.utils import timezone

from lytte.insights.rollups import day_bounds, local_day
from lytte.sla.models import CaseTarget, Outcome
from lytte.sla.rollup_models import HISTOGRAMS, TIME_BUCKETS, StaleTargetDay, TargetDay

ENDED = (Outcome.MET, Outcome.BREACHED)
COLUMNS = (
    "pk",
    "target",
    "outcome",
    "started_at",
    "stopped_at",
    "breach_announced_at",
    "used",
    "over",
    "case__reason_id",
    "case__team_id",
    "case__channel",
    "case__priority",
    "case__organization_id",
)


def mark_stale(moments: Iterable[datetime | None]) -> None:
    """Mark the local days of `moments` (None skipped) for recomputing."""
    days = {local_day(moment) for moment in moments if moment is not None}
    StaleTargetDay.objects.bulk_create(
        [StaleTargetDay(day=day) for day in days], ignore_conflicts=True
    )


def bucket(seconds: float) -> int:
    return bisect.bisect_left(TIME_BUCKETS, max(seconds, 0))


def quantile(histogram: list[int], q: float) -> float | None:
    """The q-quantile (seconds) read from a TIME_BUCKETS histogram: linear within the bucket
    holding it (the last, open bucket is read as twice its lower bound)."""
    total = sum(histogram)
    if not total:
        return None
    wanted, seen = total * q, 0
    for index, count in enumerate(histogram):
        if count and seen + count >= wanted:
            low = TIME_BUCKETS[index - 1] if index else 0
            high = TIME_BUCKETS[index] if index < len(TIME_BUCKETS) else low * 2
            return low + (high - low) * (wanted - seen) / count
        seen += count
    return None  # pragma: no cover: the loop reaches the total


def refresh_stale(*, limit: int = 400) -> int:
    """Recompute the stale days (up to `limit`); returns how many."""
    stale = list(
        StaleTargetDay.objects.order_by("day").values_list("pk", "day", "marked_at")[:limit]
    )
    for _pk, day, _at in stale:
        recompute_day(day)
    # A day marked again while we worked keeps its mark (marked_at moved on).
    for pk, _day, marked_at in stale:
        StaleTargetDay.objects.filter(pk=pk, marked_at=marked_at).delete()
    return len(stale)


def _ended_on(start: datetime, end: datetime) -> dict[int, tuple[Any, ...]]:
    """The targets stopped or announced as breached in [start, end), with their case's
    dimensions: two queries, each on its partial index. The outcomes are checked by `_count`:
    with them in the query SQLite prefers the index on outcome and reads every ended target."""
    stopped = CaseTarget.objects.filter(stopped_at__gte=start, stopped_at__lt=end)
    announced = CaseTarget.objects.filter(
        breach_announced_at__gte=start, breach_announced_at__lt=end
    )
    found: dict[int, tuple[Any, ...]] = {}
    for rows in (stopped, announced):
        for row in rows.order_by().values_list(*COLUMNS).iterator(chunk_size=5000):
            found[row[0]] = row
    return found


def _empty() -> dict[str, Any]:
    entry: dict[str, Any] = {
        "met": 0,
        "breached": 0,
        "stopped": 0,
        "business_seconds": 0,
        "calendar_seconds": 0,
        "breach_seconds": 0,
    }
    for name in HISTOGRAMS:
        for index in range(len(TIME_BUCKETS) + 1):
            entry[f"{name}_{index}"] = 0
    return entry


def _within(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment < end


def _count(entry: dict[str, Any], row: tuple[Any, ...], start: datetime, end: datetime) -> None:
    _pk, _target, outcome, started, stopped, announced, used, over, *_dims = row
    stopped_today = outcome in ENDED and _within(stopped, start, end)
    if outcome == Outcome.MET and stopped_today:
        entry["met"] += 1
    announced_today = outcome in (Outcome.RUNNING, Outcome.BREACHED) and _within(
        announced, start, end
    )
    unannounced = outcome == Outcome.BREACHED and announced is None and stopped_today
    if announced_today or unannounced:
        entry["breached"] += 1
    if not stopped_today or used is None:
        return
    business = used.total_seconds()
    calendar = (stopped - started).total_seconds()
    entry["stopped"] += 1
    entry["business_seconds"] += round(business)
    entry["calendar_seconds"] += round(calendar)
    entry["breach_seconds"] += round(over.total_seconds()) if over is not None else 0
    entry[f"business_{bucket(business)}"] += 1
    entry[f"calendar_{bucket(calendar)}"] += 1


@transaction.atomic
def recompute_day(day: date) -> None:
    """Replace the day's rollup rows with a recount of the raw targets that ended on it."""
    start, end = day_bounds(day)
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in _ended_on(start, end).values():
        key = (row[1], *row[8:])
        _count(rows.setdefault(key, _empty()), row, start, end)
    TargetDay.objects.filter(day=day).delete()
    TargetDay.objects.bulk_create(
        [
            TargetDay(
                day=day,
                target=target,
                reason_id=reason,
                team_id=team,
                channel=channel,
                priority=priority,
                organization_id=organization,
                **entry,
            )
            for (target, reason, team, channel, priority, organization), entry in rows.items()
            if entry["met"] or entry["breached"] or entry["stopped"]
        ],
        batch_size=1000,
    )


def _days_of(field: str, rows: Any) -> set[date]:
    zone = timezone.get_current_timezone()
    days = rows.annotate(on=TruncDate(field, tzinfo=zone)).order_by().values_list("on", flat=True)
    return {day for day in days.distinct() if day is not None}


def mark_all_stale() -> int:
    """Every day a target ended on, and every day that has rollups (to rebuild)."""
    days = _days_of("stopped_at", CaseTarget.objects.filter(outcome__in=ENDED))
    days |= _days_of(
        "breach_announced_at", CaseTarget.objects.filter(breach_announced_at__isnull=False)
    )
    days |= set(TargetDay.objects.values_list("day", flat=True).distinct())
    StaleTargetDay.objects.bulk_create(
        [StaleTargetDay(day=day) for day in days], ignore_conflicts=True
    )
    return len(days)


def rebuild() -> int:
    """Recompute every day's SLA rollups; returns how many days."""
    days = mark_all_stale()
    while refresh_stale(limit=1000):
        pass
    return days
