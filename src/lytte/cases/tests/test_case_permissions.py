"""Agents work on their own teams' cases; supervisors on any. The services enforce it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import Case, Channel, Direction
from lytte.cases.selectors import workable_cases
from lytte.cases.tests.factories import reason


@pytest.fixture
def helsinki_case(team_helsinki: Team) -> Case:
    return services.open_case(channel=Channel.PHONE, opened_by=None, team=team_helsinki)


def test_agent_cannot_change_another_teams_case(agent: User, helsinki_case: Case) -> None:
    with pytest.raises(PermissionDenied):
        services.set_reason(case=helsinki_case, reason=reason("order"), changed_by=agent)
    with pytest.raises(PermissionDenied):
        services.log_contact(
            case=helsinki_case, channel=Channel.NOTE, direction=Direction.INTERNAL, logged_by=agent
        )


def test_agent_works_on_their_own_teams_case(other_agent: User, helsinki_case: Case) -> None:
    services.set_reason(case=helsinki_case, reason=reason("order"), changed_by=other_agent)
    assert helsinki_case.reason == reason("order")


def test_supervisor_can_reassign_across_teams(
    supervisor: User, other_agent: User, helsinki_case: Case, team_oslo: Team
) -> None:
    services.assign(case=helsinki_case, team=team_oslo, assignee=None, assigned_by=supervisor)
    helsinki_case.refresh_from_db()
    assert helsinki_case.team == team_oslo


def test_agent_cannot_push_a_case_to_a_team_they_are_not_in(
    agent: User, team_helsinki: Team
) -> None:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent)
    with pytest.raises(PermissionDenied):
        services.assign(case=case, team=team_helsinki, assigned_by=agent)


def test_agent_may_give_a_case_to_a_teammate_but_not_to_a_stranger(
    agent: User, teammate: User, other_agent: User, team_oslo: Team
) -> None:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, team=team_oslo)
    services.assign(case=case, assignee=teammate, assigned_by=agent)
    assert case.assignee == teammate
    with pytest.raises(PermissionDenied):
        services.assign(case=case, assignee=other_agent, assigned_by=teammate)


def test_workable_cases_match_the_rules(
    agent: User, supervisor: User, helsinki_case: Case, team_oslo: Team
) -> None:
    mine = services.open_case(channel=Channel.PHONE, opened_by=agent, team=team_oslo)
    teamless = services.open_case(channel=Channel.EMAIL, opened_by=None)
    assert set(workable_cases(agent)) == {mine, teamless}
    assert set(workable_cases(supervisor)) == {mine, teamless, helsinki_case}


def test_agent_cannot_open_a_case_straight_into_another_team(
    agent: User, team_helsinki: Team, other_agent: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.open_case(channel=Channel.PHONE, opened_by=agent, team=team_helsinki)
    with pytest.raises(PermissionDenied):
        services.open_case(channel=Channel.PHONE, opened_by=agent, assignee=other_agent)
