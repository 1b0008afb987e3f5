"""Today, live, for supervisors: read from the raw rows of today only (small), not rollups."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case, Channel, Contact, Direction, Status
from lytte.chat import selectors as chat
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
        **chat_now(),
    }


def chat_now() -> dict[str, Any]:
    """Live chat (issue 15): how many wait, the longest wait, and who is in how many chats."""
    figures = chat.live_figures()
    agents = User.objects.in_bulk(list(figures.active_per_agent))
    rows = [
        (figures.active_per_agent[pk], user.get_full_name() or user.username)
        for pk, user in agents.items()
    ]
    per_agent = [
        {"name": name, "n": n} for n, name in sorted(rows, key=lambda row: (-row[0], row[1]))
    ]
    longest = figures.longest_wait_seconds
    return {
        "chat_waiting": figures.waiting,
        "chat_longest_wait": timedelta(seconds=longest) if longest is not None else None,
        "chat_active": figures.active,
        "chat_per_agent": per_agent,
    }
