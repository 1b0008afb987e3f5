"""Editing which cases a policy matches re-matches the open cases in the worker (decision
0041), as a calendar change recomputes their clocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, ContactReason
from lytte.cases.services import open_case
from lytte.cases.services.workflow import resolve
from lytte.sla.models import CaseTarget, Outcome, Policy, Rematch, Target
from lytte.sla.rematch import rematch_open_cases
from lytte.sla.worker import SlaSchedule, follow_policies

pytestmark = pytest.mark.django_db


def running(case_id: int) -> dict[str, tuple[int | None, int]]:
    rows = CaseTarget.objects.filter(case_id=case_id, outcome=Outcome.RUNNING)
    return {row.target: (row.policy_id, row.target_seconds) for row in rows}


def test_changing_a_policys_conditions_rematches_open_cases(
    admin_user: User, agent: User, team_oslo: Team
) -> None:
    everything = Policy.objects.create(
        name="All", position=5, business_time=False, first_response_minutes=480
    )
    chats = Policy.objects.create(
        name="Chat", position=1, channel=Channel.CHAT, business_time=False,
        first_response_minutes=5, resolution_minutes=60,
    )  # fmt: skip
    mail = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    done = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    reason = ContactReason.objects.create(code="sla-rematch", name="Other")
    resolve(case=done, resolved_by=agent, reason=reason)
    assert running(mail.pk) == {Target.FIRST_RESPONSE: (everything.pk, 480 * 60)}
    before = CaseTarget.objects.get(case=mail, target=Target.FIRST_RESPONSE)

    client = Client()
    client.force_login(admin_user)
    data = {
        "name": "Chat and mail", "position": "1", "active": "on", "priority": "",
        "channel": "", "first_response_minutes": "5", "resolution_minutes": "60",
        "warn_percent": "80",
    }  # fmt: skip
    response = client.post(f"/admin/sla/policy/{chats.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert Rematch.objects.exists()
    assert running(mail.pk) == {Target.FIRST_RESPONSE: (everything.pk, 480 * 60)}  # not yet

    SlaSchedule().tick()
    # The new policy sets a resolution too: the case gets that clock, counted from its opening.
    assert running(mail.pk) == {
        Target.FIRST_RESPONSE: (chats.pk, 5 * 60),
        Target.RESOLUTION: (chats.pk, 60 * 60),
    }
    added = CaseTarget.objects.get(case=mail, target=Target.RESOLUTION)
    assert added.started_at == mail.created_at
    after = CaseTarget.objects.get(case=mail, target=Target.FIRST_RESPONSE)
    assert after.pk == before.pk  # the same clock, keeping the time it used
    assert after.due_at is not None
    assert after.due_at <= before.started_at + timedelta(minutes=6)
    assert not Rematch.objects.exists()
    assert not CaseTarget.objects.filter(case=done, outcome=Outcome.RUNNING).exists()
    assert rematch_open_cases() == 0  # nothing left to move


def test_a_policy_for_cases_that_had_none_starts_their_clocks(agent: User, team_oslo: Team) -> None:
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    assert not CaseTarget.objects.filter(case=case).exists()
    Policy.objects.create(name="All", business_time=False, resolution_minutes=600)
    assert rematch_open_cases() == 1
    assert running(case.pk) == {Target.RESOLUTION: (Policy.objects.get().pk, 600 * 60)}


def test_renaming_a_policy_queues_nothing(admin_user: User) -> None:
    policy = Policy.objects.create(name="All", first_response_minutes=60, warn_percent=80)
    client = Client()
    client.force_login(admin_user)
    data = {
        "name": "Alle", "position": "0", "active": "on", "priority": "", "channel": "",
        "first_response_minutes": "60", "business_time": "on", "warn_percent": "80",
    }  # fmt: skip
    assert client.post(f"/admin/sla/policy/{policy.pk}/change/", data).status_code == 302
    assert not Rematch.objects.exists()


def test_a_policy_that_gains_a_target_kind_starts_it_on_its_open_cases(
    admin_user: User, agent: User, team_oslo: Team
) -> None:
    """Issue 18: adding "resolution" to a policy gave its open cases no resolution clock."""
    policy = Policy.objects.create(name="All", business_time=False, first_response_minutes=60)
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    done = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    resolve(case=done, resolved_by=agent, reason=ContactReason.objects.create(code="x", name="X"))
    assert running(case.pk) == {Target.FIRST_RESPONSE: (policy.pk, 3600)}

    client = Client()
    client.force_login(admin_user)
    data = {
        "name": "All", "position": "0", "active": "on", "priority": "", "channel": "",
        "first_response_minutes": "60", "resolution_minutes": "480", "warn_percent": "80",
    }  # fmt: skip
    response = client.post(f"/admin/sla/policy/{policy.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert Rematch.objects.exists()  # a target kind set: open cases may lack its clock

    SlaSchedule().tick()
    assert running(case.pk) == {
        Target.FIRST_RESPONSE: (policy.pk, 3600),
        Target.RESOLUTION: (policy.pk, 480 * 60),
    }
    assert CaseTarget.objects.get(case=case, target=Target.RESOLUTION).started_at == (
        case.created_at
    )
    assert not CaseTarget.objects.filter(case=done, outcome=Outcome.RUNNING).exists()
    assert rematch_open_cases() == 0  # nothing lacks a clock now


def test_a_kind_dropped_then_set_again_carries_the_time_it_used(
    agent: User, team_oslo: Team
) -> None:
    policy = Policy.objects.create(name="All", business_time=False, resolution_minutes=600)
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    first = CaseTarget.objects.get(case=case, target=Target.RESOLUTION)
    Policy.objects.filter(pk=policy.pk).update(resolution_minutes=None)
    assert follow_policies() == 1  # the dropped kind is no longer due
    first.refresh_from_db()
    assert first.outcome == Outcome.CANCELLED
    Policy.objects.filter(pk=policy.pk).update(resolution_minutes=900)
    assert rematch_open_cases() == 1
    again = CaseTarget.objects.get(case=case, outcome=Outcome.RUNNING)
    assert again.pk != first.pk
    assert again.target == Target.RESOLUTION
    assert again.spent == first.used  # the time counted before it was dropped
    assert rematch_open_cases() == 0
