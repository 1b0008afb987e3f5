"""Satisfaction falling on a reason, found as the reasons' volume spikes are (insights.trends):
this week so far against the same days of the eight weeks before, one exact Poisson test. What
is counted is the unhappy answers (CSAT: 3 or less), weighed by how many answers each period
had, so a busy week is no alarm and a week of fewer but angrier answers is. An alert is a
`TrendAlert` of kind `csat`: it shows in the same "Rising now" list and goes in the same mail."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from lytte.feedback.figures import CSAT, Scale
from lytte.feedback.selectors import sent_between
from lytte.insights.models import TrendAlert
from lytte.insights.trends import BASELINE_WEEKS, spike


def _weeks(today: date) -> tuple[list[date], list[list[date]]]:
    monday = today - timedelta(days=today.weekday())
    now = [monday + timedelta(days=n) for n in range(today.weekday() + 1)]
    before = [[day - timedelta(weeks=w) for day in now] for w in range(1, BASELINE_WEEKS + 1)]
    return now, before


def _answers_per_day(
    first: date, last: date, scale: Scale
) -> dict[int, dict[date, tuple[int, int]]]:
    """reason → day → (answers, unhappy answers), of the surveys sent on those days."""
    rows = (
        (sent_between(first, last) & scale.surveys())
        .filter(score__isnull=False, reason__isnull=False)
        .annotate(day=TruncDate("sent_at"))
        .values("reason_id", "day")
        .annotate(answered=Count("pk"), bad=Count("pk", filter=Q(score__lte=scale.bad)))
    )
    found: dict[int, dict[date, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        found[row["reason_id"]][row["day"]] = (row["answered"], row["bad"])
    return found


def detect_drops(today: date | None = None, scale: Scale = CSAT) -> list[TrendAlert]:
    """Raise (or update) this week's alert for each reason whose unhappy answers are far
    above what its answers would bring by the eight weeks before."""
    today = today or timezone.localdate()
    now, before = _weeks(today)
    raised = []
    for reason, days in _answers_per_day(before[-1][0], today, scale).items():
        answered = sum(days.get(day, (0, 0))[0] for day in now)
        bad = sum(days.get(day, (0, 0))[1] for day in now)
        answered_before = sum(days.get(day, (0, 0))[0] for week in before for day in week)
        if not answered or not answered_before:
            continue
        baseline = [sum(days.get(day, (0, 0))[1] for day in week) for week in before]
        found = spike(bad, baseline, share=answered / (answered + answered_before))
        if found is not None:
            alert, _created = TrendAlert.objects.update_or_create(
                period=TrendAlert.Period.WEEK,
                start=now[0],
                series=f"{TrendAlert.CSAT}:{reason}::",
                defaults={
                    "kind": TrendAlert.CSAT,
                    "reason_id": reason,
                    "channel": "",
                    "organization": None,
                    "observed": found.observed,
                    "expected": round(found.expected, 2),
                    "p_value": found.p_value,
                },
            )
            raised.append(alert)
    return raised
