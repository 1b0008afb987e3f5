"""Service levels on the desk (decision 0041): each queued case's soonest due time, read from
the stored SLA targets (never recomputed on a page view), the queue sorted by it, and the
warnings, breaches and escalations the worker announces, pushed to the assignee's desks
and the supervisors of the case's team."""

from __future__ import annotations

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from lytte.cases.models import Case
from lytte.cases.selectors import cases_with_relations
from lytte.platform.events import subscribe
from lytte.platform.live import group_send
from lytte.sla.events import Escalated, TargetBreached, TargetWarning
from lytte.sla.models import CaseTarget, Outcome
from lytte.sla.selectors import case_targets as stored_targets
from lytte.sla.selectors import due_by_case

SORTS = ("urgency", "due")


def _soonest_due() -> Subquery:
    running = CaseTarget.objects.filter(
        case=OuterRef("pk"), outcome=Outcome.RUNNING, due_at__isnull=False
    ).order_by("due_at")
    return Subquery(running.values("due_at")[:1])


def by_due(cases: QuerySet[Case], limit: int = 50) -> list[Case]:
    """The first `limit` of `cases`, soonest due first (cases with no running target last,
    oldest first among them)."""
    ordering = (F("sla_due").asc(nulls_last=True), "created_at")
    page = cases.annotate(sla_due=_soonest_due()).order_by(*ordering).values("pk")[:limit]
    return list(
        cases_with_relations(Case.objects.filter(pk__in=page))
        .annotate(sla_due=_soonest_due())
        .order_by(*ordering)
    )


def with_due_times(cases: list[Case]) -> list[Case]:
    """Mark each case with its soonest running target: `sla` (the row or None), and whether
    it is past due (`sla_state` "breached") or past its warning ("warning")."""
    soonest = due_by_case([case.pk for case in cases])
    now = timezone.now()
    for case in cases:
        row = soonest.get(case.pk)
        case.sla = row  # type: ignore[attr-defined]
        state = ""
        if row is not None and row.due_at is not None and row.due_at <= now:
            state = "breached"
        elif row is not None and row.warn_at is not None and row.warn_at <= now:
            state = "warning"
        case.sla_state = state  # type: ignore[attr-defined]
    return cases


def _push(case_id: int, team_id: int | None, assignee_id: int | None, what: str) -> None:
    """A warning, breach or escalation goes to the assignee (or, for a case nobody has, the
    team's desks, or every desk for a case of no team) and to the supervisors of the case's
    team (`Team.supervisors`); other supervisors' queues just refresh. A team with no
    supervisors named leaves the notice with every supervisor, as before."""
    from lytte.accounts.selectors import team_supervisor_ids
    from lytte.desk.push import DESK_GROUP, SUPERVISORS_GROUP, team_group, user_group

    message = {"type": "desk.changed", "case": case_id, "what": what}
    groups = []
    if assignee_id is not None:
        groups.append(user_group(assignee_id))
    else:  # nobody has it yet: the team (or every desk, for a case of no team) hears
        groups.append(team_group(team_id) if team_id else DESK_GROUP)
    supervisors = team_supervisor_ids(team_id)
    groups += [user_group(pk) for pk in supervisors]
    for group in dict.fromkeys(groups):
        group_send(group, message)
    if supervisors:
        group_send(SUPERVISORS_GROUP, {**message, "what": "changed"})
    else:
        group_send(SUPERVISORS_GROUP, message)


@subscribe(TargetWarning)
def target_warning(event: TargetWarning) -> None:
    _push(event.case_id, event.team_id, event.assignee_id, "sla_warning")


@subscribe(TargetBreached)
def target_breached(event: TargetBreached) -> None:
    _push(event.case_id, event.team_id, event.assignee_id, "sla_breached")


@subscribe(Escalated)
def escalated(event: Escalated) -> None:
    if event.notify:
        _push(event.case_id, event.team_id, event.assignee_id, "sla_escalated")


def case_targets(case: Case) -> list[CaseTarget]:
    """The case's SLA targets for its page: running ones with their state, then the history."""
    rows = list(stored_targets(case.pk))
    now = timezone.now()
    for row in rows:
        state = ""
        if row.outcome == Outcome.RUNNING and row.due_at is not None:
            if row.due_at <= now:
                state = "breached"
            elif row.warn_at is not None and row.warn_at <= now:
                state = "warning"
        row.state = state  # type: ignore[attr-defined]
    return sorted(rows, key=lambda row: row.outcome != Outcome.RUNNING)
