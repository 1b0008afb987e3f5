"""A case's SLA targets follow the case core's events (decision 0041): the first matching
policy starts them, pending pauses them, an answer stops the response clocks (an automatic
mail does not), resolving stops the resolution, reopening and re-categorising recompute."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, ContactReason, Direction, Priority, Status
from lytte.cases.services import log_contact, open_case
from lytte.cases.services.workflow import set_reason, set_status, update_case
from lytte.cases.tests.factories import reason
from lytte.sla.models import CaseTarget, Outcome, Policy, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(db: None) -> list[Policy]:
    urgent = Policy.objects.create(
        name="Urgent",
        position=1,
        priority=Priority.URGENT,
        business_time=False,
        first_response_minutes=15,
        resolution_minutes=240,
    )
    everyone = Policy.objects.create(
        name="Everyone",
        position=2,
        business_time=False,
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=2880,
    )
    return [urgent, everyone]


def email_case(agent: User, team: Team, **extra: object) -> Case:
    return open_case(channel=Channel.EMAIL, opened_by=agent, team=team, **extra)


def rows(case: Case, target: str) -> list[CaseTarget]:
    return list(CaseTarget.objects.filter(case=case, target=target).order_by("id"))


def write(case: Case, agent: User, direction: str, automatic: bool = False) -> None:
    log_contact(
        case=case, channel=Channel.EMAIL, direction=direction, logged_by=agent, automatic=automatic
    )


def test_the_first_matching_policy_starts_the_targets(
    policies: list[Policy], agent: User, team_oslo: Team
) -> None:
    case = email_case(agent, team_oslo)
    [first] = rows(case, Target.FIRST_RESPONSE)
    [resolution] = rows(case, Target.RESOLUTION)
    assert first.policy == policies[1]
    assert first.outcome == Outcome.RUNNING
    assert first.due_at == case.created_at + timedelta(minutes=60)
    assert first.warn_at == case.created_at + timedelta(minutes=48)
    assert resolution.due_at == case.created_at + timedelta(days=2)
    assert rows(case, Target.NEXT_RESPONSE) == []


def test_a_reason_covers_its_subtree_and_priority_changes_recompute(
    policies: list[Policy], agent: User, team_oslo: Team
) -> None:
    parent_policy = Policy.objects.create(
        name="Parent",
        position=0,
        business_time=False,
        first_response_minutes=5,
        reason=reason("invoice"),
    )
    sub = ContactReason.objects.create(code="invoice-late", name="Late", parent=reason("invoice"))
    case = email_case(agent, team_oslo, reason=sub)
    assert rows(case, Target.FIRST_RESPONSE)[0].policy == parent_policy
    assert rows(case, Target.RESOLUTION) == []  # the policy has no resolution target
    parent_policy.delete()
    case = email_case(agent, team_oslo)
    update_case(case=case, changed_by=agent, priority=Priority.URGENT)
    [first] = rows(case, Target.FIRST_RESPONSE)
    assert first.policy == policies[0]
    assert first.target_seconds == 15 * 60
    assert first.due_at is not None
    assert first.due_at <= case.created_at + timedelta(minutes=16)


def test_pending_pauses_and_the_customers_answer_resumes(
    policies: list[Policy], agent: User, team_oslo: Team
) -> None:
    case = email_case(agent, team_oslo)
    set_status(case=case, status=Status.PENDING, changed_by=agent)
    for row in rows(case, Target.FIRST_RESPONSE) + rows(case, Target.RESOLUTION):
        assert row.due_at is None
        assert row.running_since is None
        assert row.paused_since
    write(case, agent, Direction.INBOUND)  # the customer answers: the case opens again
    case.refresh_from_db()
    assert case.status == Status.OPEN
    [resolution] = rows(case, Target.RESOLUTION)
    assert resolution.due_at is not None
    assert resolution.running_since is not None
    assert resolution.paused > timedelta(0)


def test_an_automatic_mail_is_no_answer_but_an_agents_is(
    policies: list[Policy], agent: User, team_oslo: Team
) -> None:
    case = email_case(agent, team_oslo)
    write(case, agent, Direction.OUTBOUND, automatic=True)
    assert rows(case, Target.FIRST_RESPONSE)[0].outcome == Outcome.RUNNING
    write(case, agent, Direction.OUTBOUND)
    [first] = rows(case, Target.FIRST_RESPONSE)
    assert first.outcome == Outcome.MET
    assert first.over == timedelta(0)
    write(case, agent, Direction.INBOUND)
    [following] = rows(case, Target.NEXT_RESPONSE)
    assert following.outcome == Outcome.RUNNING
    assert following.target_seconds == 7200
    write(case, agent, Direction.OUTBOUND, automatic=True)
    assert rows(case, Target.NEXT_RESPONSE)[0].outcome == Outcome.RUNNING
    write(case, agent, Direction.OUTBOUND)
    write(case, agent, Direction.INBOUND)
    assert [row.outcome for row in rows(case, Target.NEXT_RESPONSE)] == [
        Outcome.MET,
        Outcome.RUNNING,
    ]


def test_resolving_stops_and_reopening_carries_the_time_used(
    policies: list[Policy], agent: User, team_oslo: Team
) -> None:
    case = email_case(agent, team_oslo, reason=reason("invoice"))
    CaseTarget.objects.filter(case=case).update(
        running_since=case.created_at - timedelta(days=3), spent=timedelta(0)
    )
    set_status(case=case, status=Status.RESOLVED, changed_by=agent)
    [resolution] = rows(case, Target.RESOLUTION)
    assert resolution.outcome == Outcome.BREACHED
    assert resolution.over is not None
    assert resolution.over >= timedelta(days=1)
    assert rows(case, Target.FIRST_RESPONSE)[0].outcome == Outcome.CANCELLED
    set_status(case=case, status=Status.OPEN, changed_by=agent)
    old, new = rows(case, Target.RESOLUTION)
    assert old.outcome == Outcome.BREACHED
    assert new.outcome == Outcome.RUNNING
    assert new.spent == old.used
    assert new.due_at is not None
    assert new.due_at <= new.started_at


def test_no_policy_no_targets(agent: User, team_oslo: Team) -> None:
    case = email_case(agent, team_oslo)
    set_reason(case=case, reason=reason("invoice"), changed_by=agent)
    assert not CaseTarget.objects.filter(case=case).exists()


def test_a_call_someone_took_is_its_own_answer(
    policies: list[Policy], agent: User, team_oslo: Team
) -> None:
    case = email_case(agent, team_oslo)
    write(case, agent, Direction.OUTBOUND)
    log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        logged_by=agent,
        handled_by=agent,
    )
    assert rows(case, Target.NEXT_RESPONSE) == []
    log_contact(case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=agent)
    assert [row.outcome for row in rows(case, Target.NEXT_RESPONSE)] == [Outcome.RUNNING]
