"""Writes of a case's SLA targets (decision 0041): start them from the first matching policy,
pause them while the case is pending, stop them when answered or resolved, and recompute
their due times when the case is re-categorised, re-prioritised or moved. The subscribers
(`lytte.sla.subscribers`) call these from the case core's events; the core never imports us.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone

from lytte.cases.models import Case, ContactReason, Status
from lytte.platform.events import publish
from lytte.sla import clock, rollups
from lytte.sla.events import TargetStopped
from lytte.sla.models import (
    Calendar,
    CaseTarget,
    EntryCalendar,
    Outcome,
    Policy,
    Target,
    TeamCalendar,
)
from lytte.sla.selectors import calendars, schedule_for

ZERO = timedelta(0)
RESPONSES = (Target.FIRST_RESPONSE, Target.NEXT_RESPONSE)


# --- which policy, which clock ------------------------------------------------------------


def reason_line(reason_id: int | None) -> set[int]:
    """The reason and every reason above it (a policy on a parent covers its subtree)."""
    line: set[int] = set()
    while reason_id is not None and reason_id not in line:
        line.add(reason_id)
        reason_id = (
            ContactReason.objects.filter(pk=reason_id).values_list("parent_id", flat=True).first()
        )
    return line


def matches(policy: Policy, case: Case, line: set[int]) -> bool:
    return (
        (policy.reason_id is None or policy.reason_id in line)
        and policy.priority in ("", case.priority)
        and policy.channel in ("", case.channel)
        and policy.organization_id in (None, case.organization_id)
        and policy.team_id in (None, case.team_id)
    )


def policy_for(case: Case) -> Policy | None:
    """The first active policy in order that matches the case."""
    line = reason_line(case.reason_id)
    return next(
        (policy for policy in Policy.objects.filter(active=True) if matches(policy, case, line)),
        None,
    )


def calendar_for(policy: Policy, case: Case) -> Calendar | None:
    """The calendar business time counts on (None for calendar time), first found of:

    1. the calendar of the way the case came in: the mailbox, phone queue or chat widget that
       opened it (`EntryCalendar`, noted by `came_in`): the hours the customer was shown,
       so the promise is kept on them, and moving the case to another team does not move it;
    2. the case's team's calendar: the hours of those who work it;
    3. the policy's own calendar: the default for cases that have neither.
    """
    if not policy.business_time:
        return None
    entry = EntryCalendar.objects.filter(case_id=case.pk).values_list("calendar_id").first()
    if entry is not None:
        return calendars().get(pk=entry[0])
    if case.team_id is not None:
        own = TeamCalendar.objects.filter(team_id=case.team_id).values_list("calendar_id").first()
        if own is not None:
            return calendars().get(pk=own[0])
    if policy.calendar_id is None:
        return None
    return calendars().get(pk=policy.calendar_id)


def measure_of(calendar_id: int | None) -> clock.Measure:
    if calendar_id is None:
        return clock.Elapsed()
    return clock.Business(schedule_for(calendars().get(pk=calendar_id)))


def clock_of(row: CaseTarget) -> clock.Clock:
    return clock.Clock(
        target=timedelta(seconds=row.target_seconds),
        spent=row.spent,
        running_since=row.running_since,
        paused_since=row.paused_since,
        paused=row.paused,
    )


def put(row: CaseTarget, state: clock.Clock, measure: clock.Measure, now: datetime) -> None:
    """Store a clock's state and its due and warning times on the row (unsaved)."""
    row.spent, row.running_since = state.spent, state.running_since
    row.paused_since, row.paused = state.paused_since, state.paused
    row.target_seconds = int(state.target.total_seconds())
    row.due_at = clock.due(state, measure)
    row.warn_at = clock.warn_at(state, measure, row.warn_percent)
    if row.warn_at is not None and row.warn_at > now:
        row.warned_at = None
    if row.due_at is not None and row.due_at > now and row.breach_announced_at is not None:
        rollups.mark_stale([row.breach_announced_at])  # no longer counted breached that day
        row.breach_announced_at = None


STATE_FIELDS = [
    "spent",
    "running_since",
    "paused_since",
    "paused",
    "target_seconds",
    "due_at",
    "warn_at",
    "warned_at",
    "breach_announced_at",
]


# --- the writes --------------------------------------------------------------------------


def start_target(
    case: Case, policy: Policy, target: str, at: datetime, spent: timedelta = ZERO
) -> CaseTarget | None:
    minutes = policy.minutes_for(target)
    if minutes is None:
        return None
    calendar = calendar_for(policy, case)
    row = CaseTarget(
        case=case,
        target=target,
        policy=policy,
        calendar=calendar,
        warn_percent=policy.warn_percent,
        started_at=at,
        spent=ZERO,
        paused=ZERO,
    )
    measure = measure_of(calendar.pk if calendar else None)
    state = clock.start(timedelta(minutes=minutes), at, spent)
    if case.status == Status.PENDING:
        state = clock.pause(state, measure, at)
    put(row, state, measure, timezone.now())
    row.save()
    return row


def came_in(case: Case, calendar_id: int | None, via: str) -> None:
    """Note the calendar of the way a new case came in (its mailbox's, phone queue's or chat
    widget's, announced by the core's entry with the opening contact), before its clocks
    start: they count on it (`calendar_for`). Only a case's first way in is noted."""
    if calendar_id is not None:
        EntryCalendar.objects.get_or_create(
            case=case, defaults={"calendar_id": calendar_id, "via": via[:100]}
        )


def open_case(case: Case) -> None:
    """Start the targets of a new case (once: a second call finds them started)."""
    if case.sla_targets.exists():
        return
    policy = policy_for(case)
    if policy is None:
        return
    if case.first_response_at is None:
        start_target(case, policy, Target.FIRST_RESPONSE, case.created_at)
    start_target(case, policy, Target.RESOLUTION, case.created_at)
    follow_status(case)


def running(case: Case, targets: Iterable[str] | None = None) -> list[CaseTarget]:
    rows = case.sla_targets.filter(outcome=Outcome.RUNNING)
    if targets is not None:
        rows = rows.filter(target__in=list(targets))
    return list(rows)


def finish(row: CaseTarget, at: datetime, cancel: bool = False) -> None:
    """Stop a clock: met or breached (by how much), or no longer due."""
    result = clock.stop(clock_of(row), measure_of(row.calendar_id), max(at, row.started_at))
    if cancel:
        row.outcome = Outcome.CANCELLED
    else:
        row.outcome = Outcome.MET if result.met else Outcome.BREACHED
    row.stopped_at, row.used, row.over, row.paused = at, result.used, result.over, result.paused
    row.running_since = row.paused_since = row.due_at = row.warn_at = None
    row.save()
    publish(
        TargetStopped(
            case_target_id=row.pk,
            case_id=row.case_id,
            target=row.target,
            outcome=row.outcome,
            stopped_at=at,
            breach_announced_at=row.breach_announced_at,
        )
    )


def customer_wrote(case: Case, at: datetime) -> None:
    """A customer message: the next response is due (unless the first still is)."""
    if not case.is_open or running(case, RESPONSES):
        return
    policy = policy_for(case)
    if policy is not None and case.first_response_at is not None:
        start_target(case, policy, Target.NEXT_RESPONSE, at)


def agent_answered(case: Case, at: datetime) -> None:
    """A person answered (never an automatic mail): the response clocks stop."""
    for row in running(case, RESPONSES):
        finish(row, at)


def follow_status(case: Case) -> None:
    """Pause while pending, resume when open again (a reopened case gets a new resolution
    clock that carries the time already used), stop when resolved or closed."""
    now = timezone.now()
    if case.status in (Status.RESOLVED, Status.CLOSED):
        at = case.resolved_at or case.closed_at or now
        for row in running(case):
            finish(row, at, cancel=row.target != Target.RESOLUTION)
        return
    for row in running(case):
        measure = measure_of(row.calendar_id)
        state = clock_of(row)
        if case.status == Status.PENDING:
            state = clock.pause(state, measure, now)
        else:
            state = clock.resume(state, now)
        put(row, state, measure, now)
        row.save(update_fields=STATE_FIELDS)
    reopen_resolution(case, now)


def reopen_resolution(case: Case, now: datetime) -> None:
    if running(case, [Target.RESOLUTION]):
        return
    last = case.sla_targets.filter(target=Target.RESOLUTION).order_by("-started_at", "-id").first()
    if last is None:
        return
    policy = policy_for(case)
    if policy is not None:
        start_target(case, policy, Target.RESOLUTION, now, spent=last.used or ZERO)


def retarget(case: Case) -> None:
    """The case's reason, priority, team or organization changed: the first matching policy
    may differ; the running clocks keep their time used and take its targets and calendar."""
    policy = policy_for(case)
    if not case.sla_targets.exists():
        open_case(case)
        return
    now = timezone.now()
    for row in running(case):
        minutes = policy.minutes_for(row.target) if policy else None
        if policy is None or minutes is None:
            finish(row, now, cancel=True)
            continue
        old = measure_of(row.calendar_id)
        state = clock.pause(clock_of(row), old, now)  # fold the stretch into `spent`
        calendar = calendar_for(policy, case)
        row.policy, row.calendar, row.warn_percent = policy, calendar, policy.warn_percent
        state = clock.Clock(
            target=timedelta(minutes=minutes), spent=state.spent, paused=state.paused
        )
        measure = measure_of(calendar.pk if calendar else None)
        if case.status == Status.PENDING:
            state = clock.Clock(
                target=state.target,
                spent=state.spent,
                paused_since=row.paused_since or now,
                paused=state.paused,
            )
        else:
            state = clock.resume(state, now)
        put(row, state, measure, now)
        row.save()
    if policy is not None and case.is_open:
        start_missing(case, policy, now)


def start_missing(case: Case, policy: Policy, now: datetime) -> list[CaseTarget]:
    """Start the clocks the policy sets that an open case lacks (the policy gained a target
    kind, or the case comes under a policy with more kinds): a first response still owed, and
    the resolution. A kind the case never had a clock for counts from the case's opening, as
    `open_case` would have; one that stopped earlier (no longer due, or a resolution met before
    a reopening) starts now and carries the time it used. Next responses start with the
    customer's next message."""
    have = {row.target for row in running(case)}
    started = []
    for target in (Target.FIRST_RESPONSE, Target.RESOLUTION):
        if target in have or policy.minutes_for(target) is None:
            continue
        if target == Target.FIRST_RESPONSE and case.first_response_at is not None:
            continue
        last = case.sla_targets.filter(target=target).order_by("-started_at", "-id").first()
        if last is None:
            row = start_target(case, policy, target, case.created_at)
        elif target == Target.FIRST_RESPONSE and last.outcome != Outcome.CANCELLED:
            continue  # answered already
        else:
            row = start_target(case, policy, target, now, spent=last.used or ZERO)
        if row is not None:
            started.append(row)
    return started
