"""The director dashboard's figures, read from the daily rollups only (never raw contacts).

Every function takes the same `Filters` and returns plain rows, which the JSON endpoints chart
and the exports write as CSV or XLSX."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.cases.models import Channel, ContactReason
from lytte.insights.models import CaseDay, ContactDay, OrganizationDay
from lytte.insights.rollups import BUCKETS, day_bounds, median


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    channel: str = ""
    team: int | None = None
    organization: int | None = None
    reason: int | None = None  # the reason and its sub-reasons

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The period of the same length just before."""
        return Filters(
            self.start - timedelta(days=self.days),
            self.start - timedelta(days=1),
            self.channel,
            self.team,
            self.organization,
            self.reason,
        )

    def query(self) -> dict[str, str]:
        params = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        for name in ("channel", "team", "organization", "reason"):
            if value := getattr(self, name):
                params[name] = str(value)
        return params


# Fewer contacts than this in the period before: the reason is "new", not +900 %.
MIN_PREVIOUS = 5
# The stacked chart's own series: more reasons than this share one "Other reasons" series, so
# the palette never repeats a colour.
CHART_SERIES = 8
NONE, OTHER = "none", "other"  # the series of contacts without a reason, and the small reasons


def default_filters() -> Filters:
    """The twelve whole weeks before this one: complete weeks compare fairly with the twelve
    before them, where a week just begun would look like a drop."""
    monday = week_of(timezone.localdate())
    return Filters(monday - timedelta(weeks=12), monday - timedelta(days=1))


def reason_subtree(reason_id: int) -> list[int]:
    ids, frontier = [reason_id], [reason_id]
    while frontier:
        frontier = list(
            ContactReason.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


def _narrow(
    rows: QuerySet[Any], filters: Filters, *, organization_table: bool = False
) -> QuerySet[Any]:
    rows = rows.filter(day__gte=filters.start, day__lte=filters.end)
    if filters.reason:
        rows = rows.filter(reason_id__in=reason_subtree(filters.reason))
    if organization_table:
        return rows.filter(organization_id=filters.organization)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.team:
        rows = rows.filter(team_id=filters.team)
    return rows


def _contacts(filters: Filters) -> QuerySet[Any]:
    """Contact rows for the filters: by organization from its own table (which has no channel
    or team: those filters do not combine with it)."""
    if filters.organization:
        return _narrow(OrganizationDay.objects.all(), filters, organization_table=True)
    return _narrow(ContactDay.objects.all(), filters)


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Breakdown:
    """The period's contacts by day, reason and channel: read once (one grouped scan of the
    rollups), then cut every way the dashboard needs."""

    rows: list[tuple[date, int | None, str, int, int]]  # day, reason, channel, contacts, repeats


def breakdown(filters: Filters) -> Breakdown:
    if filters.organization:
        grouped = _contacts(filters).values_list("day", "reason_id").annotate(n=Sum("contacts"))
        return Breakdown([(day, reason, "", n, 0) for day, reason, n in grouped])
    grouped = (
        _contacts(filters)
        .values_list("day", "reason_id", "channel")
        .annotate(n=Sum("contacts"), r=Sum("repeats"))
    )
    return Breakdown([(day, reason, channel, n, r) for day, reason, channel, n, r in grouped])


def contacts_per_week(filters: Filters, rows: Breakdown | None = None) -> list[dict[str, Any]]:
    """[{week, reason, contacts}] for the stacked chart; weeks start on Monday."""
    totals: dict[tuple[date, int | None], int] = defaultdict(int)
    for day, reason, _channel, contacts, _repeats in (rows or breakdown(filters)).rows:
        totals[(week_of(day), reason)] += contacts
    names = _reason_names()
    return [
        {"week": week.isoformat(), "reason": reason, "label": _label(names, reason), "contacts": n}
        for (week, reason), n in sorted(
            totals.items(), key=lambda item: (item[0][0], names.get(item[0][1], ""))
        )
    ]


def weekly_chart(filters: Filters, rows: Breakdown | None = None) -> list[dict[str, Any]]:
    """contacts_per_week for the stacked chart: the biggest reasons as their own series, the
    rest as "Other reasons", contacts without a reason as their own series (never a reason)."""
    weekly = contacts_per_week(filters, rows)
    totals: dict[int, int] = defaultdict(int)
    for row in weekly:
        if row["reason"] is not None:
            totals[row["reason"]] += row["contacts"]
    biggest = set(sorted(totals, key=lambda reason: -totals[reason])[:CHART_SERIES])
    if len(totals) == CHART_SERIES + 1:  # one "other" reason is better shown by its name
        biggest = set(totals)
    grouped: dict[tuple[str, Any], dict[str, Any]] = {}
    for row in weekly:
        reason, label = row["reason"], row["label"]
        if reason is None:
            reason = NONE
        elif reason not in biggest:
            reason, label = OTHER, _("Other reasons")
        entry = grouped.setdefault(
            (row["week"], reason),
            {"week": row["week"], "reason": reason, "label": label, "contacts": 0},
        )
        entry["contacts"] += row["contacts"]
    order = {
        reason: position for position, reason in enumerate(sorted(biggest, key=lambda r: totals[r]))
    }
    rank = {OTHER: -1, NONE: -2}  # drawn at the bottom of each stack, in grey
    return sorted(
        grouped.values(),
        key=lambda row: (row["week"], rank.get(row["reason"], order.get(row["reason"], 0))),
    )


def comparable_period(filters: Filters) -> bool:
    """Whether the period before holds data to compare with: contacts on at least half as many
    days as this period (a site, or a demo, that began recording during it has not)."""

    def days_with_contacts(period: Filters) -> int:
        return int(
            _contacts(period).filter(contacts__gt=0).aggregate(n=Count("day", distinct=True))["n"]
        )

    now = days_with_contacts(filters)
    return now > 0 and days_with_contacts(filters.previous()) * 2 >= now


def top_reasons(
    filters: Filters, rows: Breakdown | None = None, limit: int = 10
) -> list[dict[str, Any]]:
    """The reasons with most contacts, with the previous period's count and the change; the
    change is None and `new` true where the period before had (almost) nothing to compare with.
    Contacts without a reason are not a reason: see `without_reason`."""
    now: dict[int | None, int] = defaultdict(int)
    for _day, reason, _channel, contacts, _repeats in (rows or breakdown(filters)).rows:
        now[reason] += contacts
    before = dict(
        _contacts(filters.previous())
        .values_list("reason_id")
        .annotate(n=Sum("contacts"))
        .values_list("reason_id", "n")
    )
    comparable = comparable_period(filters)
    total = sum(now.values()) or 1
    names = _reason_names()
    ranked = sorted(
        ((reason, n) for reason, n in now.items() if reason is not None), key=lambda item: -item[1]
    )
    result = []
    for reason, n in ranked[:limit]:
        previous = before.get(reason, 0)
        new = not comparable or previous < MIN_PREVIOUS
        result.append(
            {
                "reason": reason,
                "label": names.get(reason, ""),
                "contacts": n,
                "share": round(n / total, 4),
                "previous": previous,
                "change": None if new else round((n - previous) / previous, 4),
                "new": new,
            }
        )
    return result


def without_reason(filters: Filters, rows: Breakdown | None = None) -> dict[str, Any]:
    """Contacts nobody gave a reason, and their share of all: a quality figure, not a reason."""
    contacts = total = 0
    for _day, reason, _channel, n, _repeats in (rows or breakdown(filters)).rows:
        total += n
        contacts += n if reason is None else 0
    share = (round(contacts / total, 4) if contacts else 0) if total else None
    return {"label": _("Without reason"), "contacts": contacts, "share": share}


def top_reasons_table(filters: Filters) -> list[dict[str, Any]]:
    """The top reasons, then the line of contacts without a reason (for the exports)."""
    rows = breakdown(filters)
    lonely = without_reason(filters, rows)
    line = {**lonely, "reason": None, "previous": None, "change": None, "new": False}
    return [*top_reasons(filters, rows), line]


def channel_mix(filters: Filters, rows: Breakdown | None = None) -> list[dict[str, Any]]:
    if filters.organization:
        return []
    labels = dict(Channel.choices)
    totals: dict[str, int] = defaultdict(int)
    for _day, _reason, channel, contacts, _repeats in (rows or breakdown(filters)).rows:
        totals[channel] += contacts
    return [
        {"channel": channel, "label": str(labels.get(channel, channel)), "contacts": n}
        for channel, n in sorted(totals.items(), key=lambda item: -item[1])
    ]


def key_figures(filters: Filters, rows: Breakdown | None = None) -> dict[str, Any]:
    """Repeat-contact rate, first-contact resolution and median times (seconds)."""
    if filters.organization:
        return {"available": False}
    if rows is not None:
        contacts = {
            "n": sum(row[3] for row in rows.rows),
            "repeats": sum(row[4] for row in rows.rows),
        }
    else:  # one ungrouped sum: cheaper than a breakdown nobody else needs
        contacts = _narrow(ContactDay.objects.all(), filters).aggregate(
            n=Sum("contacts"), repeats=Sum("repeats")
        )
    buckets = range(len(BUCKETS) + 1)
    counts = _narrow(CaseDay.objects.all(), filters).aggregate(
        opened=Sum("opened"),
        resolved=Sum("resolved"),
        first=Sum("resolved_first_contact"),
        **{f"response_{i}": Sum(f"response_{i}") for i in buckets},
        **{f"resolution_{i}": Sum(f"resolution_{i}") for i in buckets},
    )
    response = [counts[f"response_{i}"] or 0 for i in buckets]
    resolution = [counts[f"resolution_{i}"] or 0 for i in buckets]
    n, resolved = contacts["n"] or 0, counts["resolved"] or 0
    return {
        "available": True,
        "contacts": n,
        "repeat_rate": round((contacts["repeats"] or 0) / n, 4) if n else None,
        "cases_opened": counts["opened"] or 0,
        "cases_resolved": resolved,
        "first_contact_resolution": round((counts["first"] or 0) / resolved, 4)
        if resolved
        else None,
        "median_first_response_seconds": median(response),
        "median_resolution_seconds": median(resolution),
    }


def _label(names: dict[int | None, str], reason: int | None) -> str:
    return _("Without reason") if reason is None else names.get(reason, "")


def _reason_names() -> dict[int | None, str]:
    return {reason.pk: reason.localized_name() for reason in ContactReason.objects.all()}


def cases_behind(
    filters: Filters,
    *,
    week: date | None = None,
    reason: int | None = None,
    channel: str = "",
    unreasoned: bool = False,
) -> Q:
    """A filter on Case for the cases behind a figure: cases with a customer contact in the
    period (or the week) for the reason (or without one), channel, team and organization."""
    start, end = (week, week + timedelta(days=6)) if week else (filters.start, filters.end)
    start_at, _end = day_bounds(start)
    _start, end_at = day_bounds(end)
    contact = Q(
        contacts__direction="in",
        contacts__started_at__gte=start_at,
        contacts__started_at__lt=end_at,
    )
    query = contact
    if reason or filters.reason:
        ids = reason_subtree(reason) if reason else reason_subtree(filters.reason or 0)
        query &= Q(contacts__reason_id__in=ids) | Q(
            contacts__reason__isnull=True, reason_id__in=ids
        )
    if unreasoned:
        query &= Q(contacts__reason__isnull=True, reason__isnull=True)
    if channel or filters.channel:
        query &= Q(contacts__channel=channel or filters.channel)
    if filters.team:
        query &= Q(team_id=filters.team)
    if filters.organization:
        query &= Q(organization_id=filters.organization)
    return query
