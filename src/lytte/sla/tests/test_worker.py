"""The SLA's worker job (decision 0041): warnings and breaches are announced once each, and a
calendar change recomputes the running clocks on it in bulk."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel
from lytte.cases.services import open_case
from lytte.platform.events import subscribe, unsubscribe
from lytte.sla import services, worker
from lytte.sla.events import TargetBreached, TargetWarning
from lytte.sla.models import CaseTarget, Outcome, Policy, Recompute, Target, TeamCalendar
from lytte.sla.worker import SlaSchedule, announce_due, follow_policies, recompute_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Any:
    events: list[Any] = []
    for kind in (TargetWarning, TargetBreached):
        subscribe(kind)(events.append)
    yield events
    for kind in (TargetWarning, TargetBreached):
        unsubscribe(kind, events.append)


def case_with_policy(agent: User, team: Team, **policy: Any) -> Case:
    Policy.objects.create(name="All", first_response_minutes=60, **policy)
    return open_case(channel=Channel.EMAIL, opened_by=agent, team=team)


def test_warnings_and_breaches_are_announced_once(
    agent: User, team_oslo: Team, heard: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    case = case_with_policy(agent, team_oslo, business_time=False)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_due(now) == (0, 0)
        assert announce_due(now + timedelta(minutes=50)) == (1, 0)
        assert announce_due(now + timedelta(minutes=55)) == (0, 0)
        assert announce_due(now + timedelta(minutes=61)) == (0, 1)
        assert announce_due(now + timedelta(minutes=90)) == (0, 0)
    assert [type(event) for event in heard] == [TargetWarning, TargetBreached]
    assert heard[0].case_id == case.pk
    assert heard[0].assignee_id == case.assignee_id
    assert heard[1].target == Target.FIRST_RESPONSE


def test_a_calendar_change_recomputes_the_due_times(
    agent: User, admin_user: User, team_oslo: Team
) -> None:
    calendar = services.create_calendar(by=admin_user, name="Døgnet", time_zone="Europe/Oslo")
    services.set_week(
        by=admin_user, calendar=calendar, week={key: [(time(0), time(0))] for key in range(7)}
    )
    TeamCalendar.objects.create(team=team_oslo, calendar=calendar)
    case = case_with_policy(agent, team_oslo, business_time=True)
    [first] = CaseTarget.objects.filter(case=case, target=Target.FIRST_RESPONSE)
    assert first.calendar == calendar
    assert first.due_at == case.created_at + timedelta(hours=1)  # open all day, every day
    Recompute.objects.all().delete()

    services.set_week(by=admin_user, calendar=calendar, week={key: [] for key in range(7)})
    services.set_week(by=admin_user, calendar=calendar, week={0: [(time(8), time(9))]})
    assert Recompute.objects.filter(calendar=calendar).exists()
    assert recompute_changed() == 1  # the policy has no resolution target
    first.refresh_from_db()
    assert first.outcome == Outcome.RUNNING
    assert first.due_at is not None
    due = timezone.localtime(first.due_at, ZoneInfo("Europe/Oslo"))
    assert (due.weekday(), due.time()) == (0, time(9))  # only Monday 8-9 is open now
    assert not Recompute.objects.exists()


def test_the_schedule_follows_policies_only_after_they_change(
    agent: User, team_oslo: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_with_policy(agent, team_oslo, business_time=False)
    schedule = SlaSchedule(interval=0.01)
    assert schedule.name == "sla"
    calls: list[int] = []
    monkeypatch.setattr(worker, "follow_policies", lambda: calls.append(1) or 0)
    schedule.tick()
    schedule.tick()
    assert calls == [1]
    Policy.objects.get().save()  # an admin saved it
    schedule.tick()
    assert calls == [1, 1]


def test_a_changed_policy_reaches_the_running_clocks(agent: User, team_oslo: Team) -> None:
    case = case_with_policy(agent, team_oslo, business_time=False, resolution_minutes=480)
    assert follow_policies() == 0
    Policy.objects.update(first_response_minutes=30, resolution_minutes=None, warn_percent=50)
    assert follow_policies() == 2
    first = CaseTarget.objects.get(case=case, target=Target.FIRST_RESPONSE)
    assert first.target_seconds == 1800
    assert first.due_at == case.created_at + timedelta(minutes=30)
    assert first.warn_at == case.created_at + timedelta(minutes=15)
    resolution = CaseTarget.objects.get(case=case, target=Target.RESOLUTION)
    assert resolution.outcome == Outcome.CANCELLED
    assert follow_policies() == 0
