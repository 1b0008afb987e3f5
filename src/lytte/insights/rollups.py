"""Daily rollups of contacts and cases, kept equal to a recount of the raw rows.

Writes mark the days they touch as stale (a `StaleDay` row, from the core's domain events once
the write committed: see insights.stale); the worker recomputes stale days whole from the raw
rows (a day holds a few thousand contacts at most). A write that bypasses the services (a bulk
load) is followed by `lytte insights rebuild`.
A contact can make later contacts of the same customer repeats, so a stale day also refreshes
the seven days after it.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from lytte.cases.models import Case, Contact, Direction
from lytte.insights.models import CaseDay, ContactDay, OrganizationDay, StaleDay

REPEAT_WINDOW = timedelta(days=7)
# Upper bounds (seconds) of the time histograms: 5, 15, 30 min, 1, 2, 4, 8, 24 h, 2, 4, 7 days,
# and beyond. Medians are read from them (see `median`).
BUCKETS = (300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 345600, 604800)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def mark_stale(days: Iterable[date]) -> None:
    StaleDay.objects.bulk_create([StaleDay(day=day) for day in set(days)], ignore_conflicts=True)


def bucket(seconds: float) -> int:
    return bisect.bisect_left(BUCKETS, seconds)


def _histogram(values: Iterable[float]) -> list[int]:
    counts = [0] * (len(BUCKETS) + 1)
    for seconds in values:
        counts[bucket(max(seconds, 0))] += 1
    return counts


def histogram_fields(name: str, histogram: list[int]) -> dict[str, int]:
    """A histogram as CaseDay's columns: response_0 … response_11."""
    return {f"{name}_{index}": count for index, count in enumerate(histogram)}


def median(histogram: list[int]) -> float | None:
    """The median (seconds) read from a histogram: linear within the bucket holding it."""
    total = sum(histogram)
    if not total:
        return None
    half, seen = total / 2, 0
    for index, count in enumerate(histogram):
        if count and seen + count >= half:
            low = BUCKETS[index - 1] if index else 0
            high = BUCKETS[index] if index < len(BUCKETS) else low * 2
            return low + (high - low) * (half - seen) / count
        seen += count
    return None


def refresh_stale(*, limit: int = 400) -> int:
    """Recompute the stale days (and the seven after each, for repeats); returns how many."""
    stale = list(StaleDay.objects.order_by("day").values_list("pk", "day", "marked_at")[:limit])
    if not stale:
        return 0
    today = timezone.localdate()
    days = sorted(
        {
            d + timedelta(days=n)
            for _pk, d, _at in stale
            for n in range(8)
            if d + timedelta(days=n) <= today
        }
        | {d for _pk, d, _at in stale}
    )
    for day in days:
        recompute_day(day)
    # A day marked again while we worked keeps its mark (marked_at moved on).
    for pk, _day, marked_at in stale:
        StaleDay.objects.filter(pk=pk, marked_at=marked_at).delete()
    return len(days)


@transaction.atomic
def recompute_day(day: date) -> None:
    """Replace the day's rollup rows with a recount of its raw contacts and cases."""
    start, end = day_bounds(day)
    ContactDay.objects.filter(day=day).delete()
    CaseDay.objects.filter(day=day).delete()
    OrganizationDay.objects.filter(day=day).delete()
    ContactDay.objects.bulk_create(_contact_rows(day, start, end))
    CaseDay.objects.bulk_create(_case_rows(day, start, end))
    OrganizationDay.objects.bulk_create(_organization_rows(day, start, end))


def _inbound() -> Any:
    return Contact.objects.filter(direction=Direction.INBOUND).annotate(
        label=Coalesce(F("reason_id"), F("case__reason_id"))
    )


def _contact_rows(day: date, start: datetime, end: datetime) -> list[ContactDay]:
    contacts = list(
        _inbound()
        .filter(started_at__gte=start, started_at__lt=end)
        .values_list("pk", "customer_id", "label", "channel", "case__team_id", "started_at")
    )
    customers = {customer for _pk, customer, *_rest in contacts if customer}
    earlier: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    if customers:
        for customer, label, started in (
            _inbound()
            .filter(
                customer_id__in=customers, started_at__gte=start - REPEAT_WINDOW, started_at__lt=end
            )
            .values_list("customer_id", "label", "started_at")
        ):
            earlier[(customer, label)].append(started)
    counts: Counter[tuple[Any, ...]] = Counter()
    repeats: Counter[tuple[Any, ...]] = Counter()
    for _pk, customer, label, channel, team, started in contacts:
        key = (label, channel, team)
        counts[key] += 1
        if (
            customer
            and label
            and any(
                started - REPEAT_WINDOW <= other < started for other in earlier[(customer, label)]
            )
        ):
            repeats[key] += 1
    return [
        ContactDay(
            day=day,
            reason_id=label,
            channel=channel,
            team_id=team,
            contacts=n,
            repeats=repeats[(label, channel, team)],
        )
        for (label, channel, team), n in counts.items()
    ]


def _case_rows(day: date, start: datetime, end: datetime) -> list[CaseDay]:
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}

    def row(key: tuple[Any, ...]) -> dict[str, Any]:
        return rows.setdefault(
            key, {"opened": 0, "resolved": 0, "first": 0, "response": [], "resolution": []}
        )

    for reason, channel, team, created, first_response in Case.objects.filter(
        created_at__gte=start, created_at__lt=end
    ).values_list("reason_id", "channel", "team_id", "created_at", "first_response_at"):
        entry = row((reason, channel, team))
        entry["opened"] += 1
        if first_response is not None:
            entry["response"].append((first_response - created).total_seconds())
    resolved = list(
        Case.objects.filter(resolved_at__gte=start, resolved_at__lt=end).values_list(
            "pk", "reason_id", "channel", "team_id", "created_at", "resolved_at"
        )
    )
    inbound = Counter(
        _inbound()
        .filter(case_id__in=[pk for pk, *_rest in resolved])
        .values_list("case_id", flat=True)
    )
    for pk, reason, channel, team, created, resolved_at in resolved:
        entry = row((reason, channel, team))
        entry["resolved"] += 1
        entry["first"] += inbound[pk] <= 1
        if resolved_at is not None:  # the filter says so; the type does not
            entry["resolution"].append((resolved_at - created).total_seconds())
    return [
        CaseDay(
            day=day,
            reason_id=reason,
            channel=channel,
            team_id=team,
            opened=entry["opened"],
            resolved=entry["resolved"],
            resolved_first_contact=entry["first"],
            **histogram_fields("response", _histogram(entry["response"])),
            **histogram_fields("resolution", _histogram(entry["resolution"])),
        )
        for (reason, channel, team), entry in rows.items()
    ]


def _organization_rows(day: date, start: datetime, end: datetime) -> list[OrganizationDay]:
    contacts = Counter(
        _inbound()
        .filter(started_at__gte=start, started_at__lt=end, case__organization__isnull=False)
        .values_list("case__organization_id", "label")
    )
    opened = Counter(
        Case.objects.filter(
            created_at__gte=start, created_at__lt=end, organization__isnull=False
        ).values_list("organization_id", "reason_id")
    )
    return [
        OrganizationDay(
            day=day,
            organization_id=org,
            reason_id=reason,
            contacts=contacts[(org, reason)],
            opened=opened[(org, reason)],
        )
        for org, reason in set(contacts) | set(opened)
    ]


def mark_all_stale() -> int:
    """Every day with contacts or cases (after a bulk load, or to rebuild)."""
    days = {local_day(moment) for moment in Contact.objects.values_list("started_at", flat=True)}
    days |= {local_day(moment) for moment in Case.objects.values_list("created_at", flat=True)}
    days |= {
        local_day(moment)
        for moment in Case.objects.exclude(resolved_at=None).values_list("resolved_at", flat=True)
        if moment is not None
    }
    mark_stale(days)
    return len(days)
