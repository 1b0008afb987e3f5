"""Escalation rules (decision 0041): on a warning or a breach the worker moves the case to a
team, raises its priority and/or tells the team's supervisors; each rule fires once per case
target, audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.audit.models import AuditEvent
from lytte.cases.models import Case, Channel, Priority
from lytte.cases.services import open_case
from lytte.platform.events import subscribe, unsubscribe
from lytte.sla import escalation
from lytte.sla.events import Escalated
from lytte.sla.models import CaseTarget, Escalation, EscalationRule, Policy, Target, Trigger
from lytte.sla.worker import announce_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Any:
    events: list[Any] = []
    subscribe(Escalated)(events.append)
    yield events
    unsubscribe(Escalated, events.append)


@pytest.fixture
def policy() -> Policy:
    return Policy.objects.create(
        name="All", business_time=False, first_response_minutes=60, resolution_minutes=600
    )


def new_case(agent: User, team: Team) -> Case:
    return open_case(channel=Channel.EMAIL, opened_by=agent, team=team, assignee=agent)


def test_a_breach_moves_the_case_and_raises_its_priority_once(
    agent: User, team_oslo: Team, team_helsinki: Team, policy: Policy, heard: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    EscalationRule.objects.create(
        name="To Helsinki",
        policy=policy,
        trigger=Trigger.BREACH,
        target=Target.FIRST_RESPONSE,
        reassign_to=team_helsinki,
        raise_priority_to=Priority.HIGH,
        notify=True,
    )
    EscalationRule.objects.create(  # a warning rule: not for a breach
        name="Warn", trigger=Trigger.WARNING, raise_priority_to=Priority.URGENT
    )
    case = new_case(agent, team_oslo)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_due(now + timedelta(minutes=61)) == (0, 1)
    case.refresh_from_db()
    assert case.team == team_helsinki
    assert case.assignee is None  # Ingrid is not in the Helsinki team
    assert case.priority == Priority.HIGH
    fired = Escalation.objects.get()
    assert fired.actions == ["reassigned", "priority", "notify"]
    assert fired.case_target.target == Target.FIRST_RESPONSE
    assert AuditEvent.objects.filter(action="sla.escalated", target_id=str(case.pk)).count() == 1
    assert [(event.case_id, event.team_id, event.notify) for event in heard] == [
        (case.pk, team_helsinki.pk, True)
    ]
    # Announced again (a recompute moved the due time and back): the rule does not fire again.
    assert escalation.escalate(fired.case_target_id, Trigger.BREACH) == []
    assert Escalation.objects.count() == 1


def test_a_warning_rule_never_lowers_the_priority_and_matches_its_target(
    agent: User, team_oslo: Team, policy: Policy, django_capture_on_commit_callbacks: Any
) -> None:
    EscalationRule.objects.create(
        name="Resolution", trigger=Trigger.WARNING, target=Target.RESOLUTION,
        raise_priority_to=Priority.URGENT,
    )  # fmt: skip
    EscalationRule.objects.create(
        name="Low", trigger=Trigger.WARNING, raise_priority_to=Priority.LOW
    )
    EscalationRule.objects.create(
        name="Off", trigger=Trigger.WARNING, active=False, raise_priority_to=Priority.URGENT
    )
    other = Policy.objects.create(name="Other", position=9)
    EscalationRule.objects.create(
        name="Other policy", policy=other, trigger=Trigger.WARNING, reassign_to=None,
        raise_priority_to=Priority.URGENT,
    )  # fmt: skip
    case = new_case(agent, team_oslo)
    first = CaseTarget.objects.get(case=case, target=Target.FIRST_RESPONSE)
    with django_capture_on_commit_callbacks(execute=True):
        fired = escalation.escalate(first.pk, Trigger.WARNING)
    assert [row.rule.name for row in fired] == ["Low"]
    assert fired[0].actions == []
    case.refresh_from_db()
    assert case.priority == Priority.NORMAL
    resolution = CaseTarget.objects.get(case=case, target=Target.RESOLUTION)
    with django_capture_on_commit_callbacks(execute=True):
        fired = escalation.escalate(resolution.pk, Trigger.WARNING)
    assert sorted(row.rule.name for row in fired) == ["Low", "Resolution"]
    case.refresh_from_db()
    assert case.priority == Priority.URGENT
