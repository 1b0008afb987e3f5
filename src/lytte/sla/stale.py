"""Marking the days of the SLA report's rollups that a write touched (decision 0051; see
`lytte.sla.rollups`), from the SLA's and the core's events. Each subscriber runs inside the
writing transaction (`within_transaction`, decision 26): the mark commits or rolls back with
the write. Marking a day too many costs one recount of it; one too few leaves a figure wrong
until `lytte sla rebuild`, so when in doubt a subscriber marks."""

from __future__ import annotations

from lytte.accounts.events import TeamRemoved
from lytte.cases.events import CaseChanged
from lytte.platform.events import subscribe
from lytte.sla.events import TargetBreached, TargetStopped
from lytte.sla.models import CaseTarget
from lytte.sla.rollup_models import StaleTargetDay, TargetDay
from lytte.sla.rollups import mark_stale

# The case fields the report groups by (as CaseChanged names them).
DIMENSIONS = frozenset({"reason", "team", "channel", "priority", "organization"})


@subscribe(TargetStopped, within_transaction=True)
def target_stopped(event: TargetStopped) -> None:
    """Counted on the day it stopped; an announced breach on its day (a cancelled target is
    no longer counted there)."""
    mark_stale([event.stopped_at, event.breach_announced_at])


@subscribe(TargetBreached, within_transaction=True)
def target_breached(event: TargetBreached) -> None:
    if event.announced_at is not None:
        mark_stale([event.announced_at])


@subscribe(CaseChanged, within_transaction=True)
def case_changed(event: CaseChanged) -> None:
    """The case's ended targets move to other rollup rows on the days they ended."""
    if not DIMENSIONS.intersection(event.fields):
        return
    rows = CaseTarget.objects.filter(case_id=event.case_id).values_list(
        "stopped_at", "breach_announced_at"
    )
    mark_stale(moment for row in rows for moment in row)


@subscribe(TeamRemoved, within_transaction=True)
def team_removed(event: TeamRemoved) -> None:
    """The team's cases move to no team: its days are counted again."""
    days = TargetDay.objects.filter(team_id=event.team_id).values_list("day", flat=True)
    StaleTargetDay.objects.bulk_create(
        [StaleTargetDay(day=day) for day in set(days)], ignore_conflicts=True
    )
