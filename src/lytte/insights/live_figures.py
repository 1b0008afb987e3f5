"""Today, live, for supervisors: read from the raw rows of today only (small), not rollups."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from lytte.cases.models import Case, Channel, Contact, Direction, Status
from lytte.insights.rollups import day_bounds
from lytte.phone.models import Call

OPEN = (Status.NEW, Status.OPEN, Status.PENDING)


def today() -> dict[str, Any]:
    start, end = day_bounds(timezone.localdate())
    open_cases = Case.objects.filter(status__in=OPEN)
    waiting = (
        open_cases.filter(status=Status.NEW)
        .values("channel", "team__name")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    handled = (
        Contact.objects.filter(started_at__gte=start, started_at__lt=end, handled_by__isnull=False)
        .exclude(direction=Direction.INTERNAL)
        .values("handled_by__first_name", "handled_by__last_name", "handled_by__username")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    labels = dict(Channel.choices)
    counts = open_cases.aggregate(
        open=Count("id"), unassigned=Count("id", filter=Q(assignee__isnull=True))
    )
    return {
        "waiting": [
            {**row, "channel_label": str(labels.get(row["channel"], row["channel"]))}
            for row in waiting
        ],
        "open_cases": counts["open"],
        "unassigned": counts["unassigned"],
        "missed_calls": Call.objects.filter(
            started_at__gte=start, started_at__lt=end, missed=True
        ).count(),
        "handled": list(handled),
        "contacts_today": Contact.objects.filter(
            started_at__gte=start, started_at__lt=end, direction=Direction.INBOUND
        ).count(),
        "now": timezone.localtime(),
    }
