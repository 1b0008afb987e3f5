"""Who sees which case (decision 19): the rule for reading is the rule for working."""

from __future__ import annotations

from typing import Any

import pytest

from lytte.accounts.models import Team, User
from lytte.accounts.services import set_role
from lytte.cases import selectors
from lytte.cases.policies import can_view, can_work_on
from lytte.cases.tests.two_teams import TwoTeams, kari_in_two_teams


@pytest.fixture
def world(team_oslo: Team, team_helsinki: Team) -> TwoTeams:
    return kari_in_two_teams(team_oslo, team_helsinki)


def test_an_agent_sees_their_teams_cases_and_those_of_no_team(world: TwoTeams, agent: User) -> None:
    assert set(selectors.visible_cases(agent)) == {world.oslo_case, world.teamless_case}
    assert not can_view(agent, world.helsinki_case)


def test_an_agent_of_the_other_team_sees_that_teams_cases(
    world: TwoTeams, other_agent: User
) -> None:
    assert set(selectors.visible_cases(other_agent)) == {world.helsinki_case, world.teamless_case}
    assert can_view(other_agent, world.helsinki_case)


def test_a_case_assigned_to_an_agent_is_theirs_to_see_whatever_its_team(
    world: TwoTeams, agent: User
) -> None:
    world.helsinki_case.assignee = agent
    world.helsinki_case.save()

    assert world.helsinki_case in selectors.visible_cases(agent)
    assert can_view(agent, world.helsinki_case)


def test_supervisors_and_admins_see_every_case(
    world: TwoTeams, supervisor: User, admin_user: User
) -> None:
    for user in (supervisor, admin_user):
        assert selectors.visible_cases(user).count() == 3
        assert can_view(user, world.helsinki_case)


def test_contacts_follow_their_case(world: TwoTeams, agent: User, other_agent: User) -> None:
    assert world.helsinki_email not in selectors.visible_contacts(agent)
    assert world.oslo_email in selectors.visible_contacts(agent)
    assert world.helsinki_email in selectors.visible_contacts(other_agent)


def test_reading_and_working_agree_on_every_case(
    world: TwoTeams, agent: User, teammate: User, other_agent: User, supervisor: User
) -> None:
    for user in (agent, teammate, other_agent, supervisor):
        visible = set(selectors.visible_cases(user))
        for case in (world.oslo_case, world.helsinki_case, world.teamless_case):
            assert can_view(user, case) == can_work_on(user, case) == (case in visible)


def test_someone_without_a_role_sees_no_case(world: TwoTeams, agent: User) -> None:
    set_role(user=agent, role=None)
    nobody = User.objects.get(pk=agent.pk)

    assert not selectors.visible_cases(nobody).exists()
    assert not can_view(nobody, world.teamless_case)


def test_the_visibility_filter_is_one_query_without_distinct(
    world: TwoTeams, agent: User, django_assert_num_queries: Any
) -> None:
    agent.has_perm("cases.view_case")  # the permissions are read once per user, not per query

    with django_assert_num_queries(1):
        assert len(list(selectors.visible_cases(agent))) == 2
    query = str(selectors.visible_cases(agent).query)
    assert "DISTINCT" not in query
    assert "team_id" in query
    assert "assignee_id" in query
