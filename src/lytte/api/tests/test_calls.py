from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.accounts.services import set_role
from lytte.api.tests.conftest import ApiClient
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization
from lytte.phone.models import AgentPhone, Call, CtiIntegration, PhoneQueue
from lytte.phone.payloads import parse_payload
from lytte.phone.services import create_integration, mark_called_back, receive_event

OSLO = ZoneInfo("Europe/Oslo")
SWITCHBOARD = "+4721000000"


class Switchboard:
    """A PBX reporting calls the way the CTI webhook hands them to the phone service."""

    def __init__(self, integration: CtiIntegration) -> None:
        self.integration = integration

    def event(self, event: str, call_id: str, **fields: Any) -> None:
        payload = parse_payload({"event": event, "callId": call_id, **fields})
        receive_event(integration=self.integration, payload=payload)

    def answered(self, call_id: str, caller: str, extension: str, **fields: Any) -> None:
        party = {"from": caller, "to": SWITCHBOARD, "direction": "in"}
        self.event("newCall", call_id, **party, **fields)
        self.event("answer", call_id, **party, answeringNumber=extension)
        self.event("hangup", call_id, **party, cause="normalClearing")

    def missed(self, call_id: str, caller: str, **fields: Any) -> None:
        party = {"from": caller, "to": SWITCHBOARD, "direction": "in"}
        self.event("newCall", call_id, **party, **fields)
        self.event("hangup", call_id, **party, cause="noAnswer")


def _json(value: datetime) -> str:
    """A time as the API writes it (ECMA-262: milliseconds, Z for UTC)."""
    return str(DjangoJSONEncoder().default(value))


def _started(call_id: str, when: datetime) -> None:
    Call.objects.filter(call_id=call_id).update(started_at=when)


@pytest.fixture
def switchboard(db: None) -> Switchboard:
    integration, _token = create_integration(name="Sentralbord Oslo")
    return Switchboard(integration)


@pytest.fixture
def kari(db: None) -> Customer:
    fjordkraft = create_organization(name="Fjordkraft Øst AS")
    return create_customer(name="Kari Nordmann", phones=["+47 912 34 567"], organization=fjordkraft)


@pytest.fixture
def morning(
    switchboard: Switchboard,
    kari: Customer,
    agent: User,
    other_agent: User,
    team_helsinki: Team,
) -> Switchboard:
    """Kari's call answered by Ingrid, a missed one, one for Helsinki, one outbound."""
    AgentPhone.objects.create(user=agent, extension="201")
    AgentPhone.objects.create(user=other_agent, extension="301")
    PhoneQueue.objects.create(integration=switchboard.integration, name="Suomi", team=team_helsinki)
    switchboard.answered("answered", "912 34 567", "201")
    switchboard.missed("missed", "anonymous")
    switchboard.answered("helsinki", "+358 40 123 4567", "301", queue="Suomi")
    switchboard.event("newCall", "out", **{"from": "201"}, to="22 12 34 56", direction="out")
    _started("answered", datetime(2025, 3, 3, 8, 15, tzinfo=OSLO))
    _started("missed", datetime(2025, 3, 3, 9, 5, tzinfo=OSLO))
    _started("helsinki", datetime(2025, 3, 4, 0, 30, tzinfo=OSLO))  # 23:30 UTC on the 3rd
    _started("out", datetime(2025, 3, 4, 10, 0, tzinfo=OSLO))
    return switchboard


def _call_ids(client: ApiClient, **filters: Any) -> list[str]:
    response = client.read("calls", **filters)
    assert response.status_code == 200
    return [call["call_id"] for call in response.json()["items"]]


def test_an_answered_call_reads_with_its_caller_agent_and_case(
    as_agent: ApiClient, switchboard: Switchboard, kari: Customer, agent: User
) -> None:
    AgentPhone.objects.create(user=agent, extension="201")
    switchboard.answered("c-1", "0047 912 34 567", "201", queue="Kundeservice")
    call = Call.objects.get()
    assert call.contact is not None
    assert call.answered_at is not None
    assert call.ended_at is not None

    body = as_agent.read("calls").json()

    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": call.pk,
            "call_id": "c-1",
            "direction": "in",
            "from": "0047 912 34 567",
            "to": SWITCHBOARD,
            "caller": "+4791234567",
            "queue": "Kundeservice",
            "state": "ended",
            "missed": False,
            "cause": "normalClearing",
            "started_at": _json(call.started_at),
            "answered_at": _json(call.answered_at),
            "ended_at": _json(call.ended_at),
            "duration_seconds": 0,
            "answered_by": {"id": agent.pk, "username": "ingrid", "name": "Ingrid Bråten"},
            "customer": {"id": kari.pk, "name": "Kari Nordmann"},
            "organization": {"id": kari.organization_id, "name": "Fjordkraft Øst AS"},
            "case": {"id": call.contact.case_id, "number": call.contact.case.number},
            "team": None,
            "called_back_at": None,
        }
    ]


def test_a_missed_withheld_call_reads_with_nothing_known(
    as_agent: ApiClient, switchboard: Switchboard
) -> None:
    switchboard.missed("m-1", "anonymous")

    (call,) = as_agent.read("calls").json()["items"]

    assert call["from"] == "anonymous"
    assert call["caller"] == ""
    assert call["missed"] is True
    assert call["cause"] == "noAnswer"
    assert call["answered_at"] is None
    assert call["duration_seconds"] is None
    for relation in ("answered_by", "customer", "organization", "case", "team"):
        assert call[relation] is None


def test_the_duration_is_the_talk_time_in_seconds(
    as_agent: ApiClient, switchboard: Switchboard, kari: Customer, agent: User
) -> None:
    AgentPhone.objects.create(user=agent, extension="201")
    switchboard.answered("c-1", "912 34 567", "201")
    call = Call.objects.get()
    Call.objects.filter(pk=call.pk).update(
        answered_at=datetime(2025, 3, 3, 8, 15, 10, tzinfo=OSLO),
        ended_at=datetime(2025, 3, 3, 8, 19, 52, tzinfo=OSLO),
    )

    (read,) = as_agent.read("calls").json()["items"]

    assert read["duration_seconds"] == 4 * 60 + 42


def test_the_calls_come_newest_first(as_supervisor: ApiClient, morning: Switchboard) -> None:
    assert _call_ids(as_supervisor) == ["out", "helsinki", "missed", "answered"]


def test_an_agent_reads_no_call_logged_on_another_teams_case(
    client_for: Callable[[User], ApiClient], morning: Switchboard, other_agent: User
) -> None:
    # The Helsinki call was logged on a Helsinki case: it follows its case (decision 19). The
    # missed call, on no case, is on everyone's call-back list.
    assert _call_ids(client_for(User.objects.get(username="ingrid"))) == [
        "out",
        "missed",
        "answered",
    ]
    assert "helsinki" in _call_ids(client_for(other_agent))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"missed": "true"}, ["missed"]),
        ({"missed": "false"}, ["out", "helsinki", "answered"]),
        ({"waiting": "true"}, ["missed"]),
        ({"direction": "out"}, ["out"]),
        ({"direction": "in", "missed": "false"}, ["helsinki", "answered"]),
        ({"queue": "Suomi"}, ["helsinki"]),
        ({"queue": "Ukjent"}, []),
        ({"since": "2025-03-04"}, ["out", "helsinki"]),
        ({"until": "2025-03-03"}, ["missed", "answered"]),
        ({"since": "2025-03-03", "until": "2025-03-03"}, ["missed", "answered"]),
        ({"since": "2025-03-05"}, []),
    ],
)
def test_the_calls_are_filtered(
    as_supervisor: ApiClient, morning: Switchboard, filters: dict[str, str], expected: list[str]
) -> None:
    assert _call_ids(as_supervisor, **filters) == expected


def test_the_calls_are_filtered_by_team_and_agent(
    as_supervisor: ApiClient,
    morning: Switchboard,
    agent: User,
    other_agent: User,
    team_oslo: Team,
    team_helsinki: Team,
) -> None:
    assert _call_ids(as_supervisor, team=team_helsinki.pk) == ["helsinki"]
    assert _call_ids(as_supervisor, team=team_oslo.pk) == []
    assert _call_ids(as_supervisor, agent=agent.pk) == ["answered"]
    assert _call_ids(as_supervisor, agent=other_agent.pk, team=team_helsinki.pk) == ["helsinki"]


def test_a_called_back_call_leaves_the_waiting_list(
    as_supervisor: ApiClient, morning: Switchboard
) -> None:
    missed = Call.objects.get(call_id="missed")
    mark_called_back(call=missed, agent=User.objects.get(username="ingrid"))

    assert _call_ids(as_supervisor, waiting="true") == []
    assert _call_ids(as_supervisor, missed="true") == ["missed"]
    (read,) = as_supervisor.read("calls", missed="true").json()["items"]
    assert read["called_back_at"] is not None


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"missed": "kanskje"}, "missed"),
        ({"waiting": "joo"}, "waiting"),
        ({"direction": "inn"}, "direction"),
        ({"team": "Oslo"}, "team"),
        ({"agent": "ingrid"}, "agent"),
        ({"since": "3. mars 2025"}, "since"),
        ({"until": "2025-02-30"}, "until"),
        ({"queue": "k" * 101}, "queue"),
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_an_invalid_filter_is_422(
    as_supervisor: ApiClient, morning: Switchboard, filters: dict[str, str], field: str
) -> None:
    response = as_supervisor.read("calls", **filters)

    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]


def test_the_calls_are_paginated(as_supervisor: ApiClient, morning: Switchboard) -> None:
    first = as_supervisor.read("calls", limit=2).json()
    second = as_supervisor.read("calls", limit=2, offset=2).json()
    beyond = as_supervisor.read("calls", limit=2, offset=4).json()

    assert first["count"] == second["count"] == beyond["count"] == 4
    assert [c["call_id"] for c in first["items"]] == ["out", "helsinki"]
    assert [c["call_id"] for c in second["items"]] == ["missed", "answered"]
    assert beyond["items"] == []


def test_a_filtered_page_counts_only_what_matches(
    as_supervisor: ApiClient, morning: Switchboard
) -> None:
    page = as_supervisor.read("calls", direction="in", limit=1, offset=1).json()

    assert page["count"] == 3
    assert [c["call_id"] for c in page["items"]] == ["missed"]


def test_every_role_reads_the_calls(
    client_for: Callable[[User], ApiClient],
    morning: Switchboard,
    agent: User,
    supervisor: User,
    admin_user: User,
) -> None:
    assert client_for(agent).read("calls").json()["count"] == 3  # not Helsinki's case's call
    for user in (supervisor, admin_user):
        assert client_for(user).read("calls").json()["count"] == 4


def test_a_signed_in_agent_reads_the_calls_with_their_session(
    morning: Switchboard, agent: User
) -> None:
    client = Client()
    client.force_login(agent)

    assert client.get("/api/v1/calls").json()["count"] == 3


def test_the_calls_need_credentials(morning: Switchboard) -> None:
    response = Client().get("/api/v1/calls")

    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_user_without_a_role_is_forbidden_the_calls(
    client_for: Callable[[User], ApiClient], morning: Switchboard, agent: User
) -> None:
    set_role(user=agent, role=None)

    response = client_for(agent).read("calls")

    assert response.status_code == 403
    assert "items" not in response.json()


def test_reading_calls_takes_the_permission_to_read_contacts(
    client_for: Callable[[User], ApiClient], morning: Switchboard, agent: User
) -> None:
    group = Group.objects.get(name="agent")
    group.permissions.remove(Permission.objects.get(codename="view_contact"))

    response = client_for(User.objects.get(pk=agent.pk)).read("calls")

    assert response.status_code == 403
