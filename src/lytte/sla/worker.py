"""The SLA's worker job (decision 0041): announce warnings and breaches as they fall due,
recompute the running clocks of calendars that changed, in bulk, move running clocks to
another calendar when their policy's or team's calendar changed (or the policy switched
between business and calendar time), and the report's daily rollups of the days that changed
(decision 0051)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Case, Count, F, Field, IntegerField, Max, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from lytte.platform.events import publish
from lytte.platform.periodic import Periodic
from lytte.sla import clock, rollups, targets
from lytte.sla.events import TargetBreached, TargetWarning
from lytte.sla.models import CalendarSwitch, CaseTarget, Outcome, Policy, Recompute, Target
from lytte.sla.rematch import rematch_requested

BATCH = 2000


def _announce(
    rows: QuerySet[CaseTarget], event: type[TargetWarning | TargetBreached], now: datetime
) -> list[int]:
    """Publish `event` for each row (after the commit); returns the rows' ids."""
    announced = []
    for row in rows.select_related("case")[:BATCH]:
        if row.due_at is None:  # pragma: no cover: the queries ask for a due time
            continue
        fields: dict[str, Any] = {
            "case_target_id": row.pk,
            "case_id": row.case_id,
            "target": row.target,
            "due_at": row.due_at,
            "team_id": row.case.team_id,
            "assignee_id": row.case.assignee_id,
        }
        if event is TargetBreached:
            fields["announced_at"] = now
        publish(event(**fields))
        announced.append(row.pk)
    return announced


@transaction.atomic
def announce_due(now: datetime | None = None) -> tuple[int, int]:
    """Publish TargetWarning and TargetBreached once for each running clock whose warning or
    due time has come (up to a batch of each per call); returns how many of each. Rows another
    worker holds are skipped (PostgreSQL; SQLite serialises writers anyway)."""
    now = now or timezone.now()
    running = CaseTarget.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        outcome=Outcome.RUNNING
    )
    warn = running.filter(warn_at__lte=now, warned_at__isnull=True, due_at__gt=now)
    breach = running.filter(due_at__lte=now, breach_announced_at__isnull=True)
    warned = _announce(warn, TargetWarning, now)
    CaseTarget.objects.filter(pk__in=warned).update(warned_at=now)
    breached = _announce(breach, TargetBreached, now)
    CaseTarget.objects.filter(pk__in=breached).update(breach_announced_at=now, warned_at=now)
    return len(warned), len(breached)


def recompute_calendar(calendar_id: int, now: datetime | None = None) -> int:
    """Recompute the due and warning times of every running clock on the calendar, in batches
    of bulk updates; returns how many. A batch's rows are locked while it is recomputed, as in
    `switch_calendars`, so a case paused or answered in between is not overwritten."""
    now = now or timezone.now()
    measure = targets.measure_of(calendar_id)
    rows = CaseTarget.objects.select_for_update(of=("self",)).filter(
        outcome=Outcome.RUNNING, calendar_id=calendar_id
    )
    done, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(rows.filter(pk__gt=last).order_by("pk")[:BATCH])
            if not batch:
                return done
            for row in batch:
                targets.put(row, targets.clock_of(row), measure, now)
            _write(batch)
        done, last = done + len(batch), batch[-1].pk


TIMES = ["due_at", "warn_at", "warned_at", "breach_announced_at"]


def _write(batch: Sequence[CaseTarget], fields: Sequence[str] = TIMES) -> None:
    """Write the batch's `fields` in one statement on PostgreSQL (`UPDATE ... FROM unnest(...)`,
    one plan for the whole batch instead of a statement per row), one prepared UPDATE run per
    row on SQLite (in-process, as fast). Django's bulk_update builds a CASE per column, several
    times slower here (docs/benchmarks.md, bench/sla.py). The values are the fields' own Python
    types, so only the database's adaptation is needed (`prepared=True`: get_prep_value's
    checks were a third of the time)."""
    quote = connection.ops.quote_name
    table = quote(CaseTarget._meta.db_table)
    prepare = [cast(Field, CaseTarget._meta.get_field(name)) for name in fields]  # type: ignore[type-arg]
    rows = [
        [
            field.get_db_prep_value(getattr(row, field.attname), connection, True)
            for field in prepare
        ]
        for row in batch
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = [quote(field.column) for field in prepare]
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in prepare)
            cursor.execute(
                f"UPDATE {table} AS t SET "  # noqa: S608 -- names are the model's columns
                + ", ".join(f"{name} = v.{name}" for name in names)
                + f" FROM unnest(%s::bigint[], {arrays}) AS v(id, {', '.join(names)})"
                " WHERE t.id = v.id",
                [[row.pk for row in batch], *(list(column) for column in zip(*rows, strict=True))],
            )
            return
        columns = ", ".join(f"{quote(field.column)} = %s" for field in prepare)
        cursor.executemany(
            f"UPDATE {table} SET {columns} WHERE id = %s",  # noqa: S608
            [[*values, row.pk] for values, row in zip(rows, batch, strict=True)],
        )


# What `_switched` reads and writes of a clock.
CLOCK_FIELDS = ["calendar_id", "warn_percent", *targets.STATE_FIELDS]


def _wanted_calendar() -> Case:
    """The calendar a clock should count on, in SQL (`targets.calendar_for`): none for a
    policy in calendar time, else the case's way in's, else its team's, else the policy's."""
    return Case(
        When(policy__business_time=False, then=None),
        default=Coalesce(
            "case__sla_entry__calendar_id",
            "case__team__sla_calendar__calendar_id",
            "policy__calendar_id",
        ),
        output_field=IntegerField(),
    )


def _switched(row: CaseTarget, measures: dict[int | None, clock.Measure], now: datetime) -> None:
    """Move a running clock to the calendar `row.wanted` (unsaved): the counted time it used
    on the old calendar stays used, the rest is laid on the new one from now. A paused clock
    stays paused; times already past (a warning, a breach) stay as they were."""
    for calendar_id in (row.calendar_id, row.wanted):  # type: ignore[attr-defined]
        if calendar_id not in measures:
            measures[calendar_id] = targets.measure_of(calendar_id)
    state = targets.clock_of(row)
    if state.running_since is not None and state.running_since < now:
        spent = clock.used(state, measures[row.calendar_id], now)
        state = replace(state, spent=spent, running_since=now)
    past_due = row.due_at if row.due_at is not None and row.due_at <= now else None
    past_warn = row.warn_at if row.warn_at is not None and row.warn_at <= now else None
    row.calendar_id = row.wanted  # type: ignore[attr-defined]
    targets.put(row, state, measures[row.calendar_id], now)
    row.due_at = past_due or row.due_at
    row.warn_at = past_warn or row.warn_at


def switch_calendars(now: datetime | None = None) -> int:
    """Move every running clock whose calendar is no longer the one its case's way in, team
    or policy gives (or whose policy switched between business and calendar time) to that
    one, in batches of bulk updates; returns how many. Clocks without a policy are left to
    the re-match. A batch's rows are locked while it is moved (PostgreSQL; SQLite's writers
    take the lock at BEGIN), so a case write in between is not overwritten."""
    wrong = Q(calendar__isnull=True, wanted__isnull=False) | Q(
        calendar__isnull=False, wanted__isnull=True
    )
    rows = (
        CaseTarget.objects.select_for_update(of=("self",))
        .filter(outcome=Outcome.RUNNING, policy__isnull=False)
        .only(*CLOCK_FIELDS)
        .annotate(wanted=_wanted_calendar())
        .filter(
            wrong | (Q(calendar__isnull=False, wanted__isnull=False) & ~Q(calendar=F("wanted")))
        )
    )
    measures: dict[int | None, clock.Measure] = {}
    done, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(rows.filter(pk__gt=last).order_by("pk")[:BATCH])
            if not batch:
                return done
            at = now or timezone.now()
            for row in batch:
                _switched(row, measures, at)
            _write(batch, ["calendar_id", "spent", "running_since", *TIMES])
        done, last = done + len(batch), batch[-1].pk


def request_switch() -> None:
    """Queue `switch_calendars` for the worker (one pending request at most)."""
    CalendarSwitch.objects.update_or_create(pk=1, defaults={"requested_at": timezone.now()})


def switch_requested(now: datetime | None = None) -> int:
    """Do a queued calendar switch; the request is dropped unless a newer one came meanwhile."""
    request = CalendarSwitch.objects.first()
    if request is None:
        return 0
    asked = request.requested_at
    done = switch_calendars(now)
    CalendarSwitch.objects.filter(pk=request.pk, requested_at=asked).delete()
    return done


def recompute_changed(now: datetime | None = None) -> int:
    """Recompute the calendars queued by CalendarChanged; returns how many clocks."""
    done = 0
    for request in Recompute.objects.all():
        asked = request.requested_at
        done += recompute_calendar(request.calendar_id, now)
        Recompute.objects.filter(pk=request.pk, requested_at=asked).delete()
    return done


def _policy_seconds() -> Case:
    return Case(
        *(
            When(target=target, then=F(f"policy__{target}_minutes") * 60)
            for target in Target.values
        ),
        output_field=IntegerField(),
    )


def follow_policies(now: datetime | None = None) -> int:
    """Running clocks whose policy's target or warning share changed since they started take
    the new one, keeping the time they used (a target the policy dropped is no longer due);
    returns how many clocks changed."""
    now = now or timezone.now()
    stale = (
        CaseTarget.objects.filter(outcome=Outcome.RUNNING, policy__isnull=False)
        .annotate(wanted=_policy_seconds())
        .filter(
            Q(wanted__isnull=True)
            | ~Q(target_seconds=F("wanted"))
            | ~Q(warn_percent=F("policy__warn_percent"))
        )
        .select_related("policy")
    )
    done = 0
    for row in stale[:BATCH]:
        assert row.policy is not None  # noqa: S101 -- the query asks for one
        minutes = row.policy.minutes_for(row.target)
        if minutes is None:
            targets.finish(row, now, cancel=True)
        else:
            state = replace(targets.clock_of(row), target=timedelta(minutes=minutes))
            row.warn_percent = row.policy.warn_percent
            targets.put(row, state, targets.measure_of(row.calendar_id), now)
            row.save(update_fields=[*targets.STATE_FIELDS, "warn_percent"])
        done += 1
    return done


class SlaSchedule(Periodic):
    def __init__(self, *, interval: float = 30) -> None:
        super().__init__(name="sla", interval=interval)
        self.policies_seen: object = None  # the newest policy change followed

    def tick(self) -> None:
        recompute_changed()
        rematch_requested()
        switch_requested()  # after the re-match: it moves the clocks of cases it re-targets
        latest = Policy.objects.aggregate(latest=Max("updated_at"), count=Count("pk"))
        if latest != self.policies_seen and follow_policies() < BATCH:
            self.policies_seen = latest  # (300 ms over 200,000 clocks: not every tick)
        announce_due()
        rollups.refresh_stale()  # the report's days that changed (decision 0051)
