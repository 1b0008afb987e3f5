from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.api.tests.conftest import ApiClient
from lytte.cases.models import Case, ContactReason
from lytte.cases.services import open_case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization


def _case(team: Team | None = None, **fields: Any) -> Case:
    return open_case(channel="phone", opened_by=None, team=team, **fields)


def test_an_agent_opens_a_case_naming_the_reason_by_code(
    as_agent: ApiClient, team_oslo: Team
) -> None:
    elvia = create_organization(name="Elvia AS")
    kari = create_customer(name="Kari Nordmann", organization=elvia)

    response = as_agent.send(
        "post",
        "cases",
        {
            "channel": "phone",
            "subject": "Strømbrudd på Tøyen",
            "customer": kari.pk,
            "team": team_oslo.pk,
            "reason": "delivery",
            "priority": "high",
        },
        HTTP_ACCEPT_LANGUAGE="nb",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["subject"] == "Strømbrudd på Tøyen"
    assert body["status"] == "new"
    assert body["priority"] == "high"
    assert body["customer"] == {"id": kari.pk, "name": "Kari Nordmann"}
    assert body["organization"] == {"id": elvia.pk, "name": "Elvia AS"}
    assert body["team"] == {"id": team_oslo.pk, "name": "Kundeservice Oslo"}
    assert body["reason"]["code"] == "delivery"
    assert body["reason"]["name"] == "Levering"
    assert Case.objects.get(pk=body["id"]).number == body["number"]


def test_an_unknown_reason_or_channel_is_refused(as_agent: ApiClient) -> None:
    unknown_reason = as_agent.send("post", "cases", {"channel": "phone", "reason": "teleport"})
    unknown_channel = as_agent.send("post", "cases", {"channel": "pigeon"})

    assert unknown_reason.status_code == 422
    assert unknown_reason.json()["detail"][0]["loc"] == ["body", "reason"]
    assert unknown_channel.status_code == 422
    assert not Case.objects.exists()


def test_a_case_is_read_by_id_and_found_by_number(as_agent: ApiClient) -> None:
    case = _case(subject="Faktura")
    _case(subject="Annet")

    by_id = as_agent.read(f"cases/{case.pk}").json()
    by_number = as_agent.read("cases", number=case.number).json()

    assert by_id["number"] == case.number
    assert [c["id"] for c in by_number["items"]] == [case.pk]


def test_an_unknown_case_is_404(as_agent: ApiClient) -> None:
    assert as_agent.read("cases/999999").status_code == 404
    assert as_agent.send("patch", "cases/999999", {"subject": "x"}).status_code == 404


def test_cases_are_filtered(as_agent: ApiClient, agent: User, team_oslo: Team) -> None:
    kari = create_customer(name="Kari Nordmann")
    invoice = ContactReason.objects.get(code="invoice")
    wanted = _case(team_oslo, customer=kari, reason=invoice, assignee=agent)
    _case(team_oslo)
    _case(None, customer=kari)

    def ids(**filters: object) -> list[int]:
        return [c["id"] for c in as_agent.read("cases", **filters).json()["items"]]

    assert ids(team=team_oslo.pk, customer=kari.pk) == [wanted.pk]
    assert ids(assignee=agent.pk) == [wanted.pk]
    assert ids(reason=invoice.pk) == [wanted.pk]
    assert len(ids(channel="phone")) == 3
    assert ids(channel="email") == []
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    assert ids(created_after=later) == []
    assert len(ids(created_before=later)) == 3


def test_cases_are_filtered_by_several_statuses(as_agent: ApiClient) -> None:
    new = _case()
    pending = _case()
    as_agent.send("patch", f"cases/{pending.pk}", {"status": "pending"})
    closed = _case(reason=ContactReason.objects.get(code="other"))
    as_agent.send("patch", f"cases/{closed.pk}", {"status": "closed"})

    body = as_agent.read("cases", status=["new", "pending"]).json()

    assert {c["id"] for c in body["items"]} == {new.pk, pending.pk}
    assert body["count"] == 2


def test_the_case_list_is_paginated_newest_first(as_agent: ApiClient) -> None:
    opened = [_case(subject=f"Sak {i}") for i in range(3)]

    page = as_agent.read("cases", limit=2, offset=1).json()

    assert page["count"] == 3
    assert [c["id"] for c in page["items"]] == [opened[1].pk, opened[0].pk]


def test_a_case_moves_through_its_workflow(as_agent: ApiClient, team_oslo: Team) -> None:
    case = _case(team_oslo)

    opened = as_agent.send("patch", f"cases/{case.pk}", {"status": "open"})
    unresolved = as_agent.send("patch", f"cases/{case.pk}", {"status": "resolved"})
    resolved = as_agent.send("patch", f"cases/{case.pk}", {"reason": "fault", "status": "resolved"})

    assert opened.json()["status"] == "open"
    assert unresolved.status_code == 422
    assert unresolved.json()["detail"][0]["loc"] == ["body", "reason"]
    assert resolved.status_code == 200
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["reason"]["code"] == "fault"
    assert resolved.json()["resolved_at"] is not None


def test_a_transition_the_workflow_does_not_allow_is_422(as_agent: ApiClient) -> None:
    case = _case(reason=ContactReason.objects.get(code="other"))
    as_agent.send("patch", f"cases/{case.pk}", {"status": "closed"})

    response = as_agent.send("patch", f"cases/{case.pk}", {"status": "open"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "status"]
    case.refresh_from_db()
    assert case.status == "closed"


def test_a_refused_patch_changes_nothing(as_agent: ApiClient) -> None:
    case = _case(subject="Før")

    response = as_agent.send("patch", f"cases/{case.pk}", {"subject": "Etter", "status": "closed"})

    assert response.status_code == 422
    case.refresh_from_db()
    assert case.subject == "Før"


def test_an_agent_cannot_change_another_teams_case(
    as_agent: ApiClient, team_helsinki: Team
) -> None:
    case = _case(team_helsinki, subject="Sähkökatko Kalliossa")

    response = as_agent.send("patch", f"cases/{case.pk}", {"subject": "Mine now"})

    # A case the agent may not see is not confirmed to exist (decision 19).
    assert response.status_code == 404
    assert str(case.number) not in response.json()["detail"]
    case.refresh_from_db()
    assert case.subject == "Sähkökatko Kalliossa"


def test_a_supervisor_changes_any_teams_case(
    client_for: Callable[[User], ApiClient], supervisor: User, team_helsinki: Team
) -> None:
    case = _case(team_helsinki)

    response = client_for(supervisor).send("patch", f"cases/{case.pk}", {"priority": "urgent"})

    assert response.status_code == 200
    assert response.json()["priority"] == "urgent"


def test_patching_the_assignee_leaves_the_team_and_clearing_the_team_leaves_the_assignee(
    as_agent: ApiClient, teammate: User, team_oslo: Team
) -> None:
    case = _case(team_oslo)

    assigned = as_agent.send("patch", f"cases/{case.pk}", {"assignee": teammate.pk}).json()
    cleared = as_agent.send("patch", f"cases/{case.pk}", {"team": None}).json()

    assert assigned["assignee"]["id"] == teammate.pk
    assert assigned["assignee"]["name"] == "Ola Nordmann"
    assert assigned["team"]["id"] == team_oslo.pk
    assert cleared["team"] is None
    assert cleared["assignee"]["id"] == teammate.pk


def test_an_agent_cannot_move_a_case_to_another_team(
    as_agent: ApiClient, team_oslo: Team, team_helsinki: Team
) -> None:
    case = _case(team_oslo)

    response = as_agent.send("patch", f"cases/{case.pk}", {"team": team_helsinki.pk})

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.team == team_oslo


def test_the_customer_is_changed_and_cleared(as_agent: ApiClient) -> None:
    case = _case()
    kari = create_customer(name="Kari Nordmann")

    set_ = as_agent.send("patch", f"cases/{case.pk}", {"customer": kari.pk}).json()
    unknown = as_agent.send("patch", f"cases/{case.pk}", {"customer": 999999})
    cleared = as_agent.send("patch", f"cases/{case.pk}", {"customer": None}).json()

    assert set_["customer"]["id"] == kari.pk
    assert unknown.status_code == 422
    assert cleared["customer"] is None
    assert Customer.objects.filter(pk=kari.pk).exists()


def test_the_reason_cannot_be_cleared(as_agent: ApiClient) -> None:
    case = _case(reason=ContactReason.objects.get(code="order"))

    response = as_agent.send("patch", f"cases/{case.pk}", {"reason": None})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reason"]
