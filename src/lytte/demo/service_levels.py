"""The demo's service levels: a business calendar per country (Monday to Friday 08:00-16:00,
the country's holidays and eves), each team on its country's calendar, three SLA policies in
Norwegian, and the clocks the demo's cases would have had under them.

The cases are bulk-loaded with their whole history, so no subscriber started their clocks; the
clocks are computed here with the SLA app's own arithmetic (`lytte.sla.clock`, `targets.put`),
as `bench/sla.py` does, and bulk-written: stopped (met or breached) where the case was answered
or resolved, running (paused while pending) on open cases, so the desk shows due times. The
report's rollups are rebuilt after, as `lytte sla rebuild` does after a bulk load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from lytte.accounts.models import Team
from lytte.cases.models import Case, ContactReason, Status
from lytte.sla import clock, rollups, services
from lytte.sla.models import Calendar, CaseTarget, Outcome, Policy, Target, TeamCalendar
from lytte.sla.rematch import reason_lines
from lytte.sla.selectors import calendars, schedule_for
from lytte.sla.targets import matches, put

WORKDAY = ((time(8), time(16)),)
ZERO = timedelta(0)
BUSINESS_DAY = 8 * 60  # minutes

# country, calendar name, time zone, the team keys (lytte.demo.staff.TEAMS) that work by it
CALENDARS = (
    ("NO", "Åpningstider Norge", "Europe/Oslo", ("service", "billing", "technical", "business")),
    ("DK", "Åbningstider Danmark", "Europe/Copenhagen", ("denmark",)),
    ("SE", "Öppettider Sverige", "Europe/Stockholm", ("sweden",)),
    ("FI", "Aukioloajat Suomi", "Europe/Helsinki", ("finland",)),
)


@dataclass(frozen=True)
class PolicySpec:
    name: str
    first_response: int  # business minutes
    resolution: int
    priority: str = ""
    reason: str = ""  # a reason's code; the policy covers its sub-reasons too


POLICIES = (
    PolicySpec("Hastesaker", 30, BUSINESS_DAY, priority="urgent"),
    PolicySpec("Feil og innlogging", 60, 2 * BUSINESS_DAY, reason="fault"),
    PolicySpec("Standard", 4 * 60, 3 * BUSINESS_DAY),
)


@dataclass(frozen=True)
class ServiceLevels:
    calendars: int
    policies: int
    clocks: int


def _calendar(country: str, name: str, zone: str) -> Calendar:
    found = Calendar.objects.filter(name=name).first()
    if found is not None:
        return found
    calendar = services.create_calendar(by=None, name=name, country=country, time_zone=zone)
    services.set_week(by=None, calendar=calendar, week=dict.fromkeys(range(5), WORKDAY))
    return calendar


def ensure_calendars(teams: dict[str, Team]) -> dict[int, Calendar]:
    """The countries' calendars, and each demo team on its own: team id → calendar."""
    by_team: dict[int, Calendar] = {}
    for country, name, zone, keys in CALENDARS:
        calendar = _calendar(country, name, zone)
        for key in keys:
            team = teams[key]
            TeamCalendar.objects.update_or_create(team=team, defaults={"calendar": calendar})
            by_team[team.pk] = calendar
    return by_team


def ensure_policies(default_calendar: Calendar) -> list[Policy]:
    reasons = dict(ContactReason.objects.values_list("code", "pk"))
    policies = []
    for position, spec in enumerate(POLICIES):
        policy, _created = Policy.objects.get_or_create(
            name=spec.name,
            defaults={
                "position": position,
                "priority": spec.priority,
                "reason_id": reasons.get(spec.reason) if spec.reason else None,
                "first_response_minutes": spec.first_response,
                "resolution_minutes": spec.resolution,
                "calendar": default_calendar,
            },
        )
        policies.append(policy)
    return list(Policy.objects.filter(active=True))


class ClockMaker:
    """The clocks of bulk-loaded cases, as their history would have run them."""

    def __init__(self, by_team: dict[int, Calendar], fallback: Calendar, now: datetime) -> None:
        self.now = now
        self.by_team = by_team
        self.fallback = fallback
        self.measures: dict[int, clock.Business] = {}
        fresh = {calendar.pk: calendar for calendar in calendars()}
        for calendar in [*by_team.values(), fallback]:
            self.measures[calendar.pk] = clock.Business(schedule_for(fresh[calendar.pk]))

    def rows(self, case: Case, policy: Policy) -> list[CaseTarget]:
        calendar = self.by_team.get(case.team_id or 0, policy.calendar or self.fallback)
        ended = case.resolved_at or case.closed_at
        rows = []
        if policy.first_response_minutes is not None:
            stop = case.first_response_at or ended
            row = self._row(case, policy, calendar, Target.FIRST_RESPONSE, stop)
            if case.first_response_at is None and ended is not None:
                row.outcome = Outcome.CANCELLED  # closed without an answer: no longer due
                row.breach_announced_at = row.warned_at = row.over = None
            rows.append(row)
        if policy.resolution_minutes is not None:
            rows.append(self._row(case, policy, calendar, Target.RESOLUTION, ended))
        return rows

    def _row(
        self, case: Case, policy: Policy, calendar: Calendar, target: str, stop: datetime | None
    ) -> CaseTarget:
        measure = self.measures[calendar.pk]
        row = CaseTarget(
            case=case,
            target=target,
            policy=policy,
            calendar=calendar,
            warn_percent=policy.warn_percent,
            started_at=case.created_at,
            spent=ZERO,
            paused=ZERO,
        )
        state = clock.start(timedelta(minutes=policy.minutes_for(target) or 0), case.created_at)
        due = clock.due(state, measure)
        if stop is not None:
            result = clock.stop(state, measure, max(stop, case.created_at))
            row.outcome = Outcome.MET if result.met else Outcome.BREACHED
            row.stopped_at, row.used, row.over, row.paused = stop, result.used, result.over, ZERO
            row.target_seconds = int(state.target.total_seconds())
            if not result.met:
                row.breach_announced_at = row.warned_at = due  # the worker said so then
            return row
        if case.status == Status.PENDING:
            state = clock.pause(state, measure, min(case.updated_at, self.now))
        put(row, state, measure, self.now)
        if row.due_at is not None and row.due_at <= self.now:
            row.breach_announced_at = row.warned_at = row.due_at
        elif row.warn_at is not None and row.warn_at <= self.now:
            row.warned_at = row.warn_at
        return row


def load_service_levels(teams: dict[str, Team], first_case: int) -> ServiceLevels:
    """Calendars, policies and the clocks of the cases from `first_case` on (none twice)."""
    by_team = ensure_calendars(teams)
    norway = by_team[teams["service"].pk]
    policies = ensure_policies(norway)
    lines = reason_lines()
    maker = ClockMaker(by_team, norway, timezone.now())
    cases = Case.objects.filter(pk__gte=first_case, sla_targets__isnull=True).order_by("pk")
    rows: list[CaseTarget] = []
    for case in cases.iterator(chunk_size=2000):
        line = lines.get(case.reason_id, set()) if case.reason_id else set()
        policy = next((p for p in policies if matches(p, case, line)), None)
        if policy is not None:
            rows.extend(maker.rows(case, policy))
    CaseTarget.objects.bulk_create(rows, batch_size=2000)
    rollups.rebuild()
    return ServiceLevels(len(CALENDARS), len(policies), len(rows))
