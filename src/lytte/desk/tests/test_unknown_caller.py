"""A case from an unknown number: the agent says who it is, and the number is kept."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import Case, Channel, Direction
from lytte.customers.models import Customer
from lytte.customers.selectors import identify
from lytte.customers.services import create_customer


@pytest.fixture
def stranger_case(agent: User, team_oslo: Team) -> Case:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, team=team_oslo)
    services.log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        address="0046 70 123 45 67",
        handled_by=agent,
        logged_by=agent,
    )
    return case


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_workspace_asks_who_is_calling_from_the_number(
    agent: User, stranger_case: Case
) -> None:
    body = _client(agent).get(f"/desk/cases/{stranger_case.number}/").content.decode()
    assert "Who is contacting us from 0046 70 123 45 67?" in body


def test_the_caller_can_be_an_existing_customer_who_keeps_the_number(
    agent: User, stranger_case: Case
) -> None:
    sven = create_customer(name="Sven Åström", emails=["sven@example.se"])
    client = _client(agent)
    options = client.get(f"/desk/cases/{stranger_case.number}/customers/", {"q": "åström"})
    assert "Sven Åström" in options.content.decode()

    response = client.post(f"/desk/cases/{stranger_case.number}/customer/", {"customer": sven.pk})

    stranger_case.refresh_from_db()
    assert response.status_code == 302
    assert stranger_case.customer == sven
    assert identify("+46 70 123 45 67").customers == [sven]
    assert stranger_case.contacts.get().customer == sven


def test_the_caller_can_be_a_new_customer_with_the_number_filled_in(
    agent: User, stranger_case: Case
) -> None:
    _client(agent).post(f"/desk/cases/{stranger_case.number}/customer/", {"name": "Liisa Mäki"})
    liisa = Customer.objects.get(name="Liisa Mäki")
    stranger_case.refresh_from_db()
    assert stranger_case.customer == liisa
    assert identify("+46701234567").customers == [liisa]


def test_a_new_caller_needs_a_name(agent: User, stranger_case: Case) -> None:
    response = _client(agent).post(f"/desk/cases/{stranger_case.number}/customer/", {"name": " "})
    assert response.status_code == 422
    assert "Enter a name." in response.content.decode()
    assert not Customer.objects.exists()


def test_another_teams_agent_cannot_say_who_called(other_agent: User, stranger_case: Case) -> None:
    response = _client(other_agent).post(
        f"/desk/cases/{stranger_case.number}/customer/", {"name": "Ukjent"}
    )
    assert response.status_code == 403


def test_a_shared_number_offers_everyone_who_has_it(agent: User, stranger_case: Case) -> None:
    mor = create_customer(name="Karin Lindqvist", phones=["+46 70 123 45 67"])
    son = create_customer(name="Olle Lindqvist", phones=["+46701234567"])
    body = _client(agent).get(f"/desk/cases/{stranger_case.number}/").content.decode()
    assert "Customers with this number:" in body
    assert "Karin Lindqvist" in body
    assert "Olle Lindqvist" in body
    assert mor.pk != son.pk
