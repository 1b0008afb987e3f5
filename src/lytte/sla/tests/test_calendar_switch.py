"""Issue 18: when a policy points to another calendar, or switches between business and
calendar time, or a team's calendar changes, the running clocks it covers move over: the
counted time they used stays used, the rest is laid on the new calendar from then on, a paused
clock stays paused and a breached one stays breached (`worker.switch_calendars`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Status
from lytte.cases.services import open_case
from lytte.cases.services.workflow import set_status
from lytte.sla import targets
from lytte.sla.models import (
    Calendar,
    CalendarSwitch,
    CaseTarget,
    EntryCalendar,
    OpeningWindow,
    Outcome,
    Policy,
    Target,
    TeamCalendar,
)
from lytte.sla.worker import SlaSchedule, announce_due, switch_calendars

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = datetime(2026, 3, 9, 8, 0, tzinfo=OSLO)  # an ordinary Monday, no holiday near


def calendar(name: str, windows: dict[int, tuple[time, time]]) -> Calendar:
    """A calendar without a country (no holidays), open in `windows` by weekday."""
    found = Calendar.objects.create(name=name, country="")
    for weekday, (opens, closes) in windows.items():
        OpeningWindow.objects.create(calendar=found, weekday=weekday, opens=opens, closes=closes)
    return found


@pytest.fixture
def office() -> Calendar:
    return calendar("Office", {day: (time(8), time(16)) for day in range(5)})


@pytest.fixture
def mornings() -> Calendar:
    return calendar("Monday mornings", {0: (time(8), time(9))})


def first_response(case: Case) -> CaseTarget:
    return CaseTarget.objects.get(case=case, target=Target.FIRST_RESPONSE)


def started_at(case: Case, at: datetime) -> CaseTarget:
    """The case's first-response clock as if it had started (and run since) `at`."""
    row = first_response(case)
    row.started_at = at
    state = targets.clock.start(timedelta(seconds=row.target_seconds), at)
    targets.put(row, state, targets.measure_of(row.calendar_id), at)
    row.save()
    return row


def local(at: datetime | None) -> datetime:
    assert at is not None
    return at.astimezone(OSLO)


def test_a_policy_pointed_to_another_calendar_moves_its_running_clocks(
    admin_user: User, agent: User, team_oslo: Team, office: Calendar, mornings: Calendar
) -> None:
    policy = Policy.objects.create(name="All", calendar=office, first_response_minutes=120)
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    row = started_at(case, MONDAY)
    assert local(row.due_at) == MONDAY.replace(hour=10)

    client = Client()
    client.force_login(admin_user)
    data = {
        "name": "All", "position": "0", "active": "on", "priority": "", "channel": "",
        "first_response_minutes": "120", "business_time": "on", "calendar": str(mornings.pk),
        "warn_percent": "80",
    }  # fmt: skip
    response = client.post(f"/admin/sla/policy/{policy.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert CalendarSwitch.objects.exists()

    # Half an hour used on the office's hours; the 90 minutes left count on Monday mornings.
    now = MONDAY + timedelta(minutes=30)
    assert switch_calendars(now) == 1
    row.refresh_from_db()
    assert row.calendar == mornings
    assert row.spent == timedelta(minutes=30)
    assert row.outcome == Outcome.RUNNING
    assert row.started_at == MONDAY  # the target's history stays
    expected = targets.measure_of(mornings.pk).add(now, timedelta(minutes=90))
    assert row.due_at == expected
    # 08:30-09:00 today, then 60 minutes next Monday; the warning at 96 minutes (80 %).
    assert local(row.due_at) == datetime(2026, 3, 16, 9, 0, tzinfo=OSLO)
    assert local(row.warn_at) == datetime(2026, 3, 16, 8, 36, tzinfo=OSLO)
    assert switch_calendars(now) == 0  # nothing left to move


def test_a_switch_to_calendar_time_keeps_the_business_minutes_used(
    agent: User, team_oslo: Team, mornings: Calendar
) -> None:
    policy = Policy.objects.create(name="All", calendar=mornings, first_response_minutes=120)
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    started_at(case, MONDAY)

    Policy.objects.filter(pk=policy.pk).update(business_time=False)
    now = MONDAY.replace(hour=12)  # four hours later, one of them open: 60 minutes used
    assert switch_calendars(now) == 1
    row = first_response(case)
    assert row.calendar is None
    assert row.spent == timedelta(minutes=60)
    assert local(row.due_at) == MONDAY.replace(hour=13)  # the other 60, every minute counting


def test_a_switch_to_business_time_lays_the_rest_on_the_calendar(
    agent: User, team_oslo: Team, office: Calendar
) -> None:
    policy = Policy.objects.create(
        name="All", business_time=False, calendar=office, first_response_minutes=120
    )
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    started_at(case, MONDAY.replace(hour=15))

    Policy.objects.filter(pk=policy.pk).update(business_time=True)
    now = MONDAY.replace(hour=17)  # two elapsed hours: the target is used up
    assert switch_calendars(now) == 1
    row = first_response(case)
    assert row.calendar == office
    assert row.spent == timedelta(hours=2)
    assert row.due_at == MONDAY.replace(hour=17)  # due when it was, not at the next opening


def test_a_paused_clock_stays_paused_and_resumes_on_the_new_calendar(
    agent: User, team_oslo: Team, office: Calendar, mornings: Calendar
) -> None:
    policy = Policy.objects.create(name="All", calendar=office, first_response_minutes=120)
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    set_status(case=case, status=Status.PENDING, changed_by=agent)
    paused = first_response(case)
    assert paused.running_since is None
    assert paused.due_at is None
    CaseTarget.objects.filter(pk=paused.pk).update(spent=timedelta(minutes=20))

    Policy.objects.filter(pk=policy.pk).update(calendar=mornings)
    assert switch_calendars() == 1
    row = first_response(case)
    assert row.calendar == mornings
    assert (row.running_since, row.due_at, row.warn_at) == (None, None, None)
    assert row.spent == timedelta(minutes=20)
    assert row.paused_since == paused.paused_since

    set_status(case=case, status=Status.OPEN, changed_by=agent)
    row = first_response(case)
    assert row.running_since is not None
    expected = targets.measure_of(mornings.pk).add(row.running_since, timedelta(minutes=100))
    assert row.due_at == expected


def test_a_breached_clock_stays_breached(
    agent: User, team_oslo: Team, office: Calendar, mornings: Calendar
) -> None:
    policy = Policy.objects.create(name="All", calendar=office, first_response_minutes=60)
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    row = started_at(case, MONDAY)
    now = MONDAY.replace(hour=10)
    assert announce_due(now) == (0, 1)
    breached = first_response(case)
    assert breached.breach_announced_at == now

    Policy.objects.filter(pk=policy.pk).update(calendar=mornings)
    assert switch_calendars(now + timedelta(minutes=5)) == 1
    row = first_response(case)
    assert row.calendar == mornings
    assert row.outcome == Outcome.RUNNING
    assert row.due_at == breached.due_at == MONDAY.replace(hour=9)
    assert row.breach_announced_at == breached.breach_announced_at
    assert row.warned_at == breached.warned_at
    assert announce_due(now + timedelta(minutes=10)) == (0, 0)  # not announced twice
    targets.finish(row, now + timedelta(minutes=10))
    row.refresh_from_db()
    assert row.outcome == Outcome.BREACHED
    assert row.over == timedelta(hours=1, minutes=5)  # 2 h 5 min on the office's hours


def test_stopped_targets_and_other_policies_clocks_stay_as_they_were(
    agent: User, team_oslo: Team, office: Calendar, mornings: Calendar
) -> None:
    policy = Policy.objects.create(
        name="All", calendar=office, first_response_minutes=60, resolution_minutes=600
    )
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    answered = first_response(case)
    targets.finish(answered, answered.started_at + timedelta(minutes=1))
    answered.refresh_from_db()

    Policy.objects.filter(pk=policy.pk).update(calendar=mornings)
    assert switch_calendars() == 1  # the resolution only
    history = first_response(case)
    assert (history.calendar_id, history.outcome) == (office.pk, Outcome.MET)
    assert history.used == answered.used
    assert CaseTarget.objects.get(case=case, target=Target.RESOLUTION).calendar == mornings


def test_a_teams_new_calendar_moves_its_cases_but_not_a_way_ins(
    admin_user: User, agent: User, team_oslo: Team, office: Calendar, mornings: Calendar
) -> None:
    Policy.objects.create(name="All", first_response_minutes=120)
    client = Client()
    client.force_login(admin_user)
    data = {"team": str(team_oslo.pk), "calendar": str(office.pk)}
    assert client.post("/admin/sla/teamcalendar/add/", data).status_code == 302
    SlaSchedule().tick()
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    shown = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    CaseTarget.objects.filter(case=shown).delete()
    EntryCalendar.objects.create(case=shown, calendar=office, via="post@example.com")
    targets.open_case(shown)
    assert first_response(case).calendar == office == first_response(shown).calendar

    own = TeamCalendar.objects.get(team=team_oslo)
    data["calendar"] = str(mornings.pk)
    response = client.post(f"/admin/sla/teamcalendar/{own.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert CalendarSwitch.objects.exists()
    SlaSchedule().tick()
    assert not CalendarSwitch.objects.exists()
    assert first_response(case).calendar == mornings
    assert first_response(shown).calendar == office  # the hours its customer was shown

    response = client.post(f"/admin/sla/teamcalendar/{own.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, response.content
    SlaSchedule().tick()
    assert first_response(case).calendar is None  # no calendar left: every minute counts
