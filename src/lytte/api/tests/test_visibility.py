"""The API reads only what its caller may see (decision 19): an agent of another team gets no
case, contact or call of a team's case, one by one (404, as if it did not exist) or in a list;
a teammate and a supervisor do."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lytte.accounts.models import Team, User
from lytte.api.tests.conftest import ApiClient
from lytte.cases.tests.two_teams import HELSINKI_SECRET, TwoTeams, kari_in_two_teams

Clients = Callable[[User], ApiClient]


@pytest.fixture
def world(team_oslo: Team, team_helsinki: Team) -> TwoTeams:
    return kari_in_two_teams(team_oslo, team_helsinki)


def test_an_agent_does_not_read_another_teams_case(
    client_for: Clients, world: TwoTeams, agent: User
) -> None:
    response = client_for(agent).read(f"cases/{world.helsinki_case.pk}")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_a_teammate_and_a_supervisor_read_the_teams_case(
    client_for: Clients, world: TwoTeams, other_agent: User, supervisor: User
) -> None:
    for user in (other_agent, supervisor):
        response = client_for(user).read(f"cases/{world.helsinki_case.pk}")
        assert response.status_code == 200
        assert response.json()["subject"] == "Sähkökatko Kalliossa"


def test_the_case_list_leaves_out_other_teams_cases(
    client_for: Clients, world: TwoTeams, agent: User, other_agent: User, supervisor: User
) -> None:
    def numbers(user: User, **filters: object) -> set[int]:
        return {c["number"] for c in client_for(user).read("cases", **filters).json()["items"]}

    oslo, helsinki = world.oslo_case.number, world.helsinki_case.number
    teamless = world.teamless_case.number
    assert numbers(agent) == {oslo, teamless}
    assert numbers(agent, number=helsinki) == set()
    assert numbers(agent, customer=world.kari.pk) == {oslo, teamless}
    assert numbers(other_agent) == {helsinki, teamless}
    assert numbers(supervisor) == {oslo, helsinki, teamless}


def test_an_agent_does_not_read_the_contacts_of_another_teams_case(
    client_for: Clients, world: TwoTeams, agent: User
) -> None:
    client = client_for(agent)

    listed = client.read("contacts", case=world.helsinki_case.pk)
    one = client.read(f"contacts/{world.helsinki_email.pk}")
    of_kari = client.read("contacts", customer=world.kari.pk).json()["items"]

    assert listed.status_code == 200
    assert listed.json()["items"] == []
    assert one.status_code == 404
    assert HELSINKI_SECRET not in one.content.decode()
    assert [c["id"] for c in of_kari] == [world.oslo_email.pk]


def test_a_teammate_and_a_supervisor_read_the_contacts_of_the_teams_case(
    client_for: Clients, world: TwoTeams, other_agent: User, supervisor: User
) -> None:
    for user in (other_agent, supervisor):
        client = client_for(user)
        (listed,) = client.read("contacts", case=world.helsinki_case.pk).json()["items"]
        assert listed["body"] == HELSINKI_SECRET
        assert client.read(f"contacts/{world.helsinki_email.pk}").json()["body"] == HELSINKI_SECRET


def test_an_agent_cannot_log_on_or_move_to_a_case_they_cannot_see(
    client_for: Clients, world: TwoTeams, agent: User
) -> None:
    client = client_for(agent)
    note = {
        "case": world.helsinki_case.pk,
        "channel": "note",
        "direction": "internal",
        "body": "Jeg tar denne",
    }

    logged = client.send("post", "contacts", note)
    moved = client.send(
        "post", f"contacts/{world.oslo_email.pk}/attach", {"case": world.helsinki_case.pk}
    )
    taken = client.send(
        "post", f"contacts/{world.helsinki_email.pk}/attach", {"case": world.oslo_case.pk}
    )

    assert logged.status_code == 422
    assert logged.json()["detail"][0]["loc"] == ["body", "case"]
    assert moved.status_code == 422
    assert taken.status_code == 404
    assert world.helsinki_case.contacts.count() == 1
