"""Daily survey rollups (decision 50), kept equal to a recount of the surveys.

A write that changes what a survey counts (sent, answered, an answer changed) marks the local
day it was sent on as stale, in its own transaction (feedback.rollup_subscribers); the worker
recomputes stale days whole from the surveys (a day holds a thousand surveys or so), then the
weeks and months holding them from the days' rows. A write that bypasses the services (a bulk
load, a restore) is followed by `lytte feedback rebuild`.

Figures are by the day a survey was sent, as the raw reads were: an answer changes its
sending day's rows. Reads cover a period with whole months, whole weeks and the days left over
(see `cover`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum

from lytte.feedback.models import NpsSurvey, StaleSurveyDay, Survey, SurveyDay
from lytte.insights.rollups import day_bounds, local_day

Kind, Span, Grain = SurveyDay.Kind, SurveyDay.Span, SurveyDay.Grain
KEYS = ("reason_id", "channel", "team_id", "agent_id", "organization_id")
# The keys each grain keeps, of KEYS. NPS rows (no case: no reason, channel, team or agent)
# are of the organization grain only.
GRAINS = {
    Grain.BASE: ("reason_id", "channel", "team_id"),
    Grain.AGENT: ("reason_id", "channel", "team_id", "agent_id"),
    Grain.ORGANIZATION: ("reason_id", "channel", "team_id", "organization_id"),
    Grain.FULL: KEYS,
}
SCORE_FIELDS = tuple(f"score_{n}" for n in range(11))
COUNT_FIELDS = ("sent", "answered", "points", *SCORE_FIELDS)


def mark_stale(days: Iterable[date]) -> None:
    StaleSurveyDay.objects.bulk_create(
        [StaleSurveyDay(day=day) for day in set(days)], ignore_conflicts=True
    )


def mark_sent(*moments: Any) -> None:
    """Mark the local days of these sending times (None: not sent, nothing counted)."""
    mark_stale(local_day(moment) for moment in moments if moment is not None)


def month_of(day: date) -> date:
    return day.replace(day=1)


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _counted(rows: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, int]]:
    """(keys..., score, surveys) rows → per keys: sent, answered, points and the histogram."""
    counts: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for *keys, score, surveys in rows:
        into = counts[tuple(keys)]
        into["sent"] += surveys
        if score is not None:
            into["answered"] += surveys
            into["points"] += score * surveys
            into[f"score_{score}"] += surveys
    return counts


@transaction.atomic
def recompute_day(day: date) -> None:
    """Replace the day's rows (both kinds) with a recount of the surveys sent that day."""
    start, end = day_bounds(day)
    SurveyDay.objects.filter(span=Span.DAY, day=day).delete()
    csat = (
        Survey.objects.filter(sent_at__gte=start, sent_at__lt=end)
        .values_list(*KEYS, "score")
        .annotate(surveys=Count("pk"))
        .order_by()
    )
    nps = (
        NpsSurvey.objects.filter(sent_at__gte=start, sent_at__lt=end)
        .values_list("organization_id", "score")
        .annotate(surveys=Count("pk"))
        .order_by()
    )
    full = _counted(csat)
    rows = [
        SurveyDay(kind=Kind.CSAT, grain=grain, span=Span.DAY, day=day, **keys, **counts)
        for grain, kept in GRAINS.items()
        for keys, counts in _projected(full, kept)
    ]
    rows += [
        SurveyDay(
            kind=Kind.NPS,
            grain=Grain.ORGANIZATION,
            span=Span.DAY,
            day=day,
            organization_id=keys[0],
            **counts,
        )
        for keys, counts in _counted(nps).items()
    ]
    SurveyDay.objects.bulk_create(rows, batch_size=500)


def _projected(
    full: dict[tuple[Any, ...], dict[str, int]], kept: tuple[str, ...]
) -> list[tuple[dict[str, Any], dict[str, int]]]:
    """The full grain's counts summed over the keys a grain does not keep."""
    summed: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for keys, counts in full.items():
        named = dict(zip(KEYS, keys, strict=True))
        into = summed[tuple(named[key] for key in kept)]
        for name, count in counts.items():
            into[name] += count
    return [(dict(zip(kept, keys, strict=True)), dict(c)) for keys, c in summed.items()]


@transaction.atomic
def recompute_span(span: str, first: date) -> None:
    """Replace a week's or a month's rows with the sums of its days' rows."""
    after = first + timedelta(weeks=1) if span == Span.WEEK else _next_month(first)
    SurveyDay.objects.filter(span=span, day=first).delete()
    sums = (
        SurveyDay.objects.filter(span=Span.DAY, day__gte=first, day__lt=after)
        .values("kind", "grain", *KEYS)
        .annotate(**{f"sum_{name}": Sum(name) for name in COUNT_FIELDS})
        .order_by()
    )
    SurveyDay.objects.bulk_create(
        [
            SurveyDay(
                span=span,
                day=first,
                kind=row["kind"],
                grain=row["grain"],
                **{key: row[key] for key in KEYS},
                **{name: row[f"sum_{name}"] or 0 for name in COUNT_FIELDS},
            )
            for row in sums
        ],
        batch_size=500,
    )


def refresh_stale(*, limit: int = 400) -> int:
    """Recompute the stale days, then their weeks and months; returns how many days."""
    marked = StaleSurveyDay.objects.order_by("day").values_list("pk", "day", "marked_at")
    stale = list(marked[:limit])
    if not stale:
        return 0
    days = sorted({day for _pk, day, _at in stale})
    for day in days:
        recompute_day(day)
    for first in sorted({week_of(day) for day in days}):
        recompute_span(Span.WEEK, first)
    for first in sorted({month_of(day) for day in days}):
        recompute_span(Span.MONTH, first)
    # A day marked again while we worked keeps its mark (marked_at moved on).
    for pk, _day, marked_at in stale:
        StaleSurveyDay.objects.filter(pk=pk, marked_at=marked_at).delete()
    return len(days)


def mark_all_stale() -> int:
    """Every day surveys were sent on, and every day with rows (after a bulk load or a
    restore, or to rebuild): returns how many."""
    days = {
        local_day(moment)
        for model in (Survey, NpsSurvey)
        for moment in model.objects.exclude(sent_at=None).values_list("sent_at", flat=True)
        if moment is not None
    }
    days |= set(SurveyDay.objects.filter(span=Span.DAY).values_list("day", flat=True).distinct())
    mark_stale(days)
    return len(days)


def rebuild() -> int:
    """Recompute every day's rollups now; returns how many days."""
    days = mark_all_stale()
    while refresh_stale(limit=1000):
        pass
    return days


def cover(start: date, end: date) -> Q:
    """The rows that count a period exactly once: whole months, then whole weeks in what is
    left at either end, then the days left over (`end` inclusive)."""
    after = end + timedelta(days=1)
    months_from = start if start.day == 1 else _next_month(start)
    months_to = month_of(after)
    if months_from >= months_to:
        return _weeks_and_days(start, after)
    return (
        Q(span=Span.MONTH, day__gte=months_from, day__lt=months_to)
        | _weeks_and_days(start, months_from)
        | _weeks_and_days(months_to, after)
    )


def _weeks_and_days(start: date, after: date) -> Q:
    if start >= after:
        return Q(pk__in=[])
    weeks_from = week_of(start + timedelta(days=6))  # the first Monday on or after start
    weeks = max((after - weeks_from).days // 7, 0)
    weeks_to = weeks_from + timedelta(weeks=weeks)
    if not weeks:
        return Q(span=Span.DAY, day__gte=start, day__lt=after)
    return (
        Q(span=Span.WEEK, day__gte=weeks_from, day__lt=weeks_to)
        | Q(span=Span.DAY, day__gte=start, day__lt=weeks_from)
        | Q(span=Span.DAY, day__gte=weeks_to, day__lt=after)
    )


def weekly_cover(start: date, end: date) -> Q:
    """The rows of a period by week: a whole week's row, the days of a week cut by the
    period's ends."""
    return _weeks_and_days(start, end + timedelta(days=1))
