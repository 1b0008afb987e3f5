from __future__ import annotations

from lytte.accounts.models import Team, User
from lytte.api.tests.conftest import ApiClient


def test_an_agent_lists_the_teams_with_their_members(
    as_agent: ApiClient, agent: User, teammate: User, other_agent: User
) -> None:
    body = as_agent.read("teams").json()

    assert body["count"] == 2
    names = {t["name"]: {m["name"] for m in t["members"]} for t in body["items"]}
    assert names == {
        "Asiakaspalvelu Helsinki": {"Aino Mäkinen"},
        "Kundeservice Oslo": {"Ingrid Bråten", "Ola Nordmann"},
    }


def test_teams_are_found_by_member_and_name(
    as_agent: ApiClient, other_agent: User, team_oslo: Team, team_helsinki: Team
) -> None:
    by_member = as_agent.read("teams", member=other_agent.pk).json()
    by_name = as_agent.read("teams", q="oslo").json()

    assert [t["id"] for t in by_member["items"]] == [team_helsinki.pk]
    assert [t["id"] for t in by_name["items"]] == [team_oslo.pk]


def test_an_agent_cannot_create_a_team(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "teams", {"name": "Faktura"})

    assert response.status_code == 403
    assert not Team.objects.filter(name="Faktura").exists()


def test_an_admin_creates_a_team_with_members(
    as_admin: ApiClient, agent: User, other_agent: User
) -> None:
    response = as_admin.send(
        "post", "teams", {"name": "Kundtjänst Malmö", "members": [agent.pk, other_agent.pk]}
    )

    assert response.status_code == 201
    assert response.json()["name"] == "Kundtjänst Malmö"
    team = Team.objects.get(pk=response.json()["id"])
    assert set(team.members.all()) == {agent, other_agent}


def test_a_team_name_in_use_is_refused(as_admin: ApiClient, team_oslo: Team) -> None:
    response = as_admin.send("post", "teams", {"name": "kundeservice  oslo"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]
    assert Team.objects.count() == 1


def test_an_unknown_member_is_refused_and_nothing_is_created(as_admin: ApiClient) -> None:
    response = as_admin.send("post", "teams", {"name": "Faktura", "members": [999999]})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "members"]
    assert not Team.objects.filter(name="Faktura").exists()


def test_an_admin_renames_a_team_and_replaces_its_members(
    as_admin: ApiClient, team_oslo: Team, agent: User, teammate: User
) -> None:
    response = as_admin.send(
        "patch", f"teams/{team_oslo.pk}", {"name": "Kundeservice Bergen", "members": [teammate.pk]}
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Kundeservice Bergen"
    assert [m["id"] for m in response.json()["members"]] == [teammate.pk]
    assert list(team_oslo.members.all()) == [teammate]


def test_patching_only_the_name_keeps_the_members(
    as_admin: ApiClient, team_oslo: Team, agent: User
) -> None:
    response = as_admin.send("patch", f"teams/{team_oslo.pk}", {"name": "Oslo"})

    assert [m["id"] for m in response.json()["members"]] == [agent.pk]


def test_an_agent_cannot_change_a_team(as_agent: ApiClient, team_oslo: Team) -> None:
    response = as_agent.send("patch", f"teams/{team_oslo.pk}", {"members": []})

    assert response.status_code == 403
    assert team_oslo.members.exists()


def test_an_unknown_team_is_404(as_admin: ApiClient) -> None:
    assert as_admin.read("teams/999999").status_code == 404
