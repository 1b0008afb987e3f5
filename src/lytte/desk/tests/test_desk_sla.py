"""Service levels on the desk (decision 0041): due times on the queue from the stored targets,
a queue sorted by due, breached cases highlighted, and warnings pushed to the assignee."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import Case, Channel
from lytte.desk import sla as desk_sla
from lytte.sla.models import CaseTarget, Policy, Target
from lytte.sla.worker import announce_due

pytestmark = pytest.mark.django_db


def mine(agent: User, team: Team, subject: str) -> Case:
    return services.open_case(
        channel=Channel.EMAIL, opened_by=agent, team=team, assignee=agent, subject=subject
    )


@pytest.fixture
def three(agent: User, team_oslo: Team) -> list[Case]:
    Policy.objects.create(name="All", business_time=False, first_response_minutes=60)
    cases = [mine(agent, team_oslo, subject) for subject in ("Sent", "Snart", "Forfalt")]
    now = timezone.now()
    dues = (now + timedelta(hours=5), now + timedelta(minutes=5), now - timedelta(minutes=1))
    for case, due in zip(cases, dues, strict=True):  # as if opened an hour before `due`
        CaseTarget.objects.filter(case=case).update(
            due_at=due, warn_at=due - timedelta(minutes=12), running_since=due - timedelta(hours=1)
        )
    return cases


def test_the_queue_shows_due_times_and_highlights_breached_cases(
    agent: User, three: list[Case]
) -> None:
    client = Client()
    client.force_login(agent)
    page = client.get("/desk/?queue=mine").content.decode()
    assert page.count('class="sla-due ') == 3
    assert page.count("sla-due-breached") == 1
    assert page.count("sla-due-warning") == 1
    assert f'sla-breached" data-case="{three[2].pk}"' in page
    assert "desk/sla.css" in page


def test_the_queue_sorts_by_due(agent: User, three: list[Case]) -> None:
    client = Client()
    client.force_login(agent)
    listed = client.get("/desk/queues/mine/?sort=due").content.decode()
    order = [listed.index(f'data-case="{case.pk}"') for case in reversed(three)]
    assert order == sorted(order)
    urgency = client.get("/desk/queues/mine/?sort=&team=").content.decode()
    order = [urgency.index(f'data-case="{case.pk}"') for case in three]
    assert order == sorted(order)  # oldest first at the same priority


def test_a_warning_is_pushed_to_the_assignee(
    agent: User, three: list[Case], monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(
        desk_sla, "group_send", lambda group, message: sent.append((group, message))
    )
    with django_capture_on_commit_callbacks(execute=True):
        warned, breached = announce_due()
    assert (warned, breached) == (1, 1)
    assert (f"desk.user.{agent.pk}", {"type": "desk.changed", "case": three[1].pk,
            "what": "sla_warning"}) in sent  # fmt: skip
    assert any(message["what"] == "sla_breached" for _group, message in sent)
    assert (
        CaseTarget.objects.filter(target=Target.FIRST_RESPONSE, warned_at__isnull=False).count()
        == 2
    )


def test_the_case_page_shows_its_targets_and_their_history(agent: User, three: list[Case]) -> None:
    from lytte.cases.models import Direction, Status
    from lytte.cases.services.workflow import set_status

    client = Client()
    client.force_login(agent)
    late = three[2]
    page = client.get(f"/desk/cases/{late.number}/").content.decode()
    assert 'id="case-sla"' in page
    assert "sla-due-breached" in page
    services.log_contact(
        case=late, channel=Channel.EMAIL, direction=Direction.OUTBOUND, logged_by=agent
    )
    set_status(case=late, status=Status.PENDING, changed_by=agent)
    page = client.get(f"/desk/cases/{late.number}/").content.decode()
    assert 'class="sla-target sla-breached"' in page  # the first response, answered late
    assert "(over by 1:" in page


def test_a_warning_reaches_the_supervisors_of_the_cases_team(
    agent: User, supervisor: User, team_oslo: Team, three: list[Case],
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    team_oslo.supervisors.add(supervisor)
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(
        desk_sla, "group_send", lambda group, message: sent.append((group, message))
    )
    with django_capture_on_commit_callbacks(execute=True):
        announce_due()
    warning = {"type": "desk.changed", "case": three[1].pk, "what": "sla_warning"}
    assert (f"desk.user.{agent.pk}", warning) in sent
    assert (f"desk.user.{supervisor.pk}", warning) in sent
    # Every other supervisor's queue refreshes, without the notice.
    assert ("desk.supervisors", {**warning, "what": "changed"}) in sent
    assert ("desk.supervisors", warning) not in sent


def test_an_escalation_that_notifies_is_pushed_to_the_team_supervisors(
    agent: User, supervisor: User, team_oslo: Team, three: list[Case],
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from lytte.sla.models import EscalationRule, Trigger

    team_oslo.supervisors.add(supervisor)
    EscalationRule.objects.create(name="Tell", trigger=Trigger.BREACH, notify=True)
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(
        desk_sla, "group_send", lambda group, message: sent.append((group, message))
    )
    with django_capture_on_commit_callbacks(execute=True):
        announce_due()
    escalated = {"type": "desk.changed", "case": three[2].pk, "what": "sla_escalated"}
    assert (f"desk.user.{supervisor.pk}", escalated) in sent
