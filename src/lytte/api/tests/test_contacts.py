from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from lytte.accounts.models import Team, User
from lytte.api.tests.conftest import ApiClient
from lytte.cases.models import Case, Contact
from lytte.cases.services import log_contact, open_case
from lytte.customers.services import create_customer


def _case(team: Team | None = None, **fields: Any) -> Case:
    return open_case(channel="phone", opened_by=None, team=team, **fields)


def test_a_call_is_logged_on_a_case(as_agent: ApiClient, agent: User, team_oslo: Team) -> None:
    kari = create_customer(name="Kari Nordmann")
    case = _case(team_oslo, customer=kari)

    response = as_agent.send(
        "post",
        "contacts",
        {
            "case": case.pk,
            "channel": "phone",
            "direction": "in",
            "address": "+47 912 34 567",
            "external_id": "call-1",
            "reason": "invoice",
            "handled_by": agent.pk,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["case"] == {"id": case.pk, "number": case.number}
    assert body["customer"] == {"id": kari.pk, "name": "Kari Nordmann"}
    assert body["handled_by"]["id"] == agent.pk
    assert body["reason"]["code"] == "invoice"
    case.refresh_from_db()
    assert case.reason is not None
    assert case.reason.code == "invoice"
    assert case.first_response_at is not None


def test_a_repeated_external_id_returns_the_first_contact_with_200(as_agent: ApiClient) -> None:
    case = _case()
    call = {"case": case.pk, "channel": "phone", "direction": "in", "external_id": "call-42"}

    first = as_agent.send("post", "contacts", call)
    repeat = as_agent.send("post", "contacts", {**call, "body": "retry"})

    assert first.status_code == 201
    assert repeat.status_code == 200
    assert repeat.json() == first.json()
    assert Contact.objects.count() == 1


def test_nordic_text_round_trips(as_agent: ApiClient) -> None:
    case = _case()
    text = "Strømbrudd i Tromsø: ÆØÅ æøå. Hyvää päivää, sähkö ei toimi Jyväskylässä. Åäö!"

    created = as_agent.send(
        "post",
        "contacts",
        {"case": case.pk, "channel": "note", "direction": "internal", "body": text},
    ).json()

    assert as_agent.read(f"contacts/{created['id']}").json()["body"] == text
    assert Contact.objects.get().body == text


def test_a_time_without_an_offset_is_local_time(as_agent: ApiClient) -> None:
    case = _case()

    body = as_agent.send(
        "post",
        "contacts",
        {
            "case": case.pk,
            "channel": "email",
            "direction": "in",
            "started_at": "2025-01-15T09:30:00",
            "ended_at": "2025-07-15T09:30:00+02:00",
        },
    ).json()

    oslo = ZoneInfo("Europe/Oslo")  # settings.TIME_ZONE
    assert datetime.fromisoformat(body["started_at"]) == datetime(2025, 1, 15, 9, 30, tzinfo=oslo)
    assert datetime.fromisoformat(body["ended_at"]) == datetime(2025, 7, 15, 9, 30, tzinfo=oslo)


def test_a_contact_cannot_end_before_it_starts(as_agent: ApiClient) -> None:
    case = _case()

    response = as_agent.send(
        "post",
        "contacts",
        {
            "case": case.pk,
            "channel": "phone",
            "direction": "in",
            "started_at": "2025-01-15T10:00:00+01:00",
            "ended_at": "2025-01-15T09:00:00+01:00",
        },
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "ended_at"]


def test_only_notes_are_internal(as_agent: ApiClient) -> None:
    case = _case()

    response = as_agent.send(
        "post", "contacts", {"case": case.pk, "channel": "phone", "direction": "internal"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "direction"]


def test_an_unknown_case_in_the_body_is_422(as_agent: ApiClient) -> None:
    response = as_agent.send(
        "post", "contacts", {"case": 999999, "channel": "phone", "direction": "in"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "case"]


def test_an_agent_cannot_log_on_another_teams_case(
    as_agent: ApiClient, team_helsinki: Team
) -> None:
    case = _case(team_helsinki)

    response = as_agent.send(
        "post", "contacts", {"case": case.pk, "channel": "phone", "direction": "out"}
    )

    # A case the agent may not see reads as an unknown id (decision 19).
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "case"]
    assert not Contact.objects.exists()


def test_contacts_are_filtered(as_agent: ApiClient) -> None:
    kari = create_customer(name="Kari Nordmann")
    kari_case = _case(customer=kari)
    other_case = _case()
    call = log_contact(case=kari_case, channel="phone", direction="in", logged_by=None).contact
    log_contact(case=kari_case, channel="email", direction="out", logged_by=None)
    log_contact(case=other_case, channel="phone", direction="in", logged_by=None)

    def ids(**filters: object) -> list[int]:
        return [c["id"] for c in as_agent.read("contacts", **filters).json()["items"]]

    assert ids(customer=kari.pk, channel="phone") == [call.pk]
    assert len(ids(case=kari_case.pk)) == 2
    assert len(ids(direction="in")) == 2
    assert ids(started_after="2999-01-01T00:00:00Z") == []
    assert as_agent.read("contacts", limit=1).json()["count"] == 3


def test_a_contact_is_moved_to_the_customers_open_case(as_agent: ApiClient) -> None:
    kari = create_customer(name="Kari Nordmann")
    right = _case(customer=kari)
    wrong = _case(customer=kari)
    call = log_contact(case=wrong, channel="phone", direction="in", logged_by=None).contact

    response = as_agent.send("post", f"contacts/{call.pk}/attach", {"case": right.pk})

    assert response.status_code == 200
    assert response.json()["case"]["id"] == right.pk
    call.refresh_from_db()
    assert call.case == right


def test_a_contact_is_not_moved_to_another_customers_case(as_agent: ApiClient) -> None:
    kari_case = _case(customer=create_customer(name="Kari"))
    ola_case = _case(customer=create_customer(name="Ola"))
    call = log_contact(case=kari_case, channel="phone", direction="in", logged_by=None).contact

    response = as_agent.send("post", f"contacts/{call.pk}/attach", {"case": ola_case.pk})

    assert response.status_code == 422
    call.refresh_from_db()
    assert call.case == kari_case


def test_an_unknown_contact_is_404(as_agent: ApiClient) -> None:
    assert as_agent.read("contacts/999999").status_code == 404


def test_a_call_without_a_case_continues_the_caller_s_case_or_opens_one(
    as_agent: ApiClient, agent: User, team_oslo: Team
) -> None:
    kari = create_customer(name="Kari Nordmann", phones=["+47 912 34 567"])
    call = {"channel": "phone", "direction": "in", "address": "912 34 567", "team": team_oslo.pk}

    first = as_agent.send("post", "contacts", {**call, "external_id": "c-1", "subject": "Strøm"})
    again = as_agent.send(
        "post", "contacts", {**call, "external_id": "c-2", "thread": {"call_id": "c-2"}}
    )
    retry = as_agent.send("post", "contacts", {**call, "external_id": "c-2"})

    assert (first.status_code, again.status_code, retry.status_code) == (201, 201, 200)
    case = Case.objects.get()
    assert (case.customer, case.team, case.subject) == (kari, team_oslo, "Strøm")
    assert first.json()["case"]["id"] == again.json()["case"]["id"] == case.pk
    assert retry.json()["id"] == again.json()["id"]
    assert Contact.objects.count() == 2


def test_a_contact_without_case_customer_or_address_is_422(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "contacts", {"channel": "chat", "direction": "in"})

    assert response.status_code == 422
    assert Contact.objects.count() == 0
