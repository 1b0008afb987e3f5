"""The phone shows an agent only the cases they may see (decision 19): the screen pop lists the
caller's open cases of the agent's reach; a call logged on another team's case leaves their
call log and pops. A call on no case (ringing, missed) is everyone's to answer or call back."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases.tests.two_teams import TwoTeams, kari_in_two_teams
from lytte.phone import services
from lytte.phone.models import Call
from lytte.phone.tests.conftest import Pbx


@pytest.fixture
def world(team_oslo: Team, team_helsinki: Team) -> TwoTeams:
    return kari_in_two_teams(team_oslo, team_helsinki)


@pytest.fixture
def ringing(pbx: Pbx, world: TwoTeams) -> Call:
    pbx.ring("c-1", "912 34 567")
    return pbx.call("c-1")


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_pop_lists_only_the_open_cases_the_agent_may_see(
    ringing: Call, world: TwoTeams, agent: User, other_agent: User, supervisor: User
) -> None:
    helsinki = f'href="/desk/cases/{world.helsinki_case.number}/"'
    oslo = f'href="/desk/cases/{world.oslo_case.number}/"'

    def pop(user: User) -> str:
        response = _client(user).get(f"/desk/calls/{ringing.pk}/pop/")
        assert response.status_code == 200
        return response.content.decode()

    assert oslo in pop(agent)
    assert helsinki not in pop(agent)
    assert helsinki in pop(other_agent)
    assert oslo not in pop(other_agent)
    assert helsinki in pop(supervisor)
    assert oslo in pop(supervisor)


def test_a_call_logged_on_another_teams_case_is_not_shown(
    ringing: Call, world: TwoTeams, agent: User, other_agent: User, supervisor: User
) -> None:
    services.log_call(call=ringing, agent=other_agent, onto=world.helsinki_case)
    pop = f"/desk/calls/{ringing.pk}/pop/"

    assert _client(agent).get(pop).status_code == 404
    assert '<li class="call' not in _client(agent).get("/desk/calls/").content.decode()
    for user in (other_agent, supervisor):
        assert _client(user).get(pop).status_code == 200
        assert (
            f"#{world.helsinki_case.number}" in _client(user).get("/desk/calls/").content.decode()
        )


def test_an_agent_cannot_take_a_call_onto_a_case_they_cannot_see(
    ringing: Call, world: TwoTeams, agent: User
) -> None:
    response = _client(agent).post(
        f"/desk/calls/{ringing.pk}/take/", {"case": str(world.helsinki_case.number)}
    )

    assert response.status_code == 422
    assert f"There is no case #{world.helsinki_case.number}." in response.content.decode()
    assert not world.helsinki_case.contacts.filter(call__isnull=False).exists()


def test_a_call_taken_by_an_agent_does_not_continue_another_teams_case(
    ringing: Call, world: TwoTeams, agent: User
) -> None:
    # Kari wrote to Helsinki minutes ago; Ingrid in Oslo takes her call: the call goes on a case
    # Ingrid may work on, not on the Helsinki case she could not open.
    world.oslo_case.status = "resolved"
    world.oslo_case.save()
    world.teamless_case.status = "resolved"
    world.teamless_case.save()

    response = _client(agent).post(f"/desk/calls/{ringing.pk}/take/")

    case = Call.objects.get(pk=ringing.pk).contact.case  # type: ignore[union-attr]
    assert case != world.helsinki_case
    assert response["Location"] == f"/desk/cases/{case.number}/"
    assert _client(agent).get(response["Location"]).status_code == 200
