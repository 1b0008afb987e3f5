"""Screen pops: a ringing call pops on the desks of the agents it concerns, over the desk's
WebSocket, and closes when someone answers or the caller hangs up; the pop card shows who calls,
and one click takes the call onto the caller's case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.audit.selectors import access_log
from lytte.cases.models import Case, Channel, ContactReason, Direction
from lytte.cases.services import log_contact, open_case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization
from lytte.phone.models import AgentPhone
from lytte.phone.tests.conftest import Pbx


@pytest.fixture
def ingrid_at_the_desk(agent: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(agent)
    return client


@pytest.fixture
def kari_with_an_open_case(kari: Customer) -> Case:
    fjordkraft = create_organization(name="Fjordkraft Øst AS")
    kari.organization = fjordkraft
    kari.save()
    return open_case(
        channel=Channel.EMAIL,
        opened_by=None,
        customer=kari,
        subject="Strømbrudd på Tøyen",
        reason=ContactReason.objects.get(code="delivery"),
    )


def test_the_pop_shows_the_callers_name_organization_open_cases_and_last_reason(
    pbx: Pbx, kari_with_an_open_case: Case, ingrid_at_the_desk: Client
) -> None:
    pbx.ring("c-1", "+47 912 34 567")

    response = ingrid_at_the_desk.get(f"/desk/calls/{pbx.call('c-1').pk}/pop/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kari Nordmann" in html
    assert "Fjordkraft Øst AS" in html
    assert f"#{kari_with_an_open_case.number} Strømbrudd på Tøyen" in html
    assert "Last contacted us about: Delivery" in html
    assert "data-auto-open" not in html


def test_the_pop_of_a_shared_number_names_everyone_sharing_it(
    pbx: Pbx, ingrid_at_the_desk: Client
) -> None:
    create_customer(name="Kari Nordmann", phones=["+4722123456"])
    create_customer(name="Per Nordmann", phones=["22 12 34 56"])
    pbx.ring("c-1", "22123456")

    html = ingrid_at_the_desk.get(f"/desk/calls/{pbx.call('c-1').pk}/pop/").content.decode()

    assert "A shared number" in html
    assert "Kari Nordmann" in html
    assert "Per Nordmann" in html


def test_a_pop_naming_the_caller_is_in_her_access_log_once_however_often_it_refreshes(
    pbx: Pbx, kari_with_an_open_case: Case, ingrid_at_the_desk: Client
) -> None:
    pbx.ring("c-1", "+47 912 34 567")
    for _refresh in range(3):
        ingrid_at_the_desk.get(f"/desk/calls/{pbx.call('c-1').pk}/pop/")

    (entry,) = access_log(kari_with_an_open_case.customer_id or 0)
    assert (entry.user.username if entry.user else None, entry.channel) == ("ingrid", "screen_pop")


def test_the_pop_of_an_unknown_number_counts_its_earlier_calls(
    pbx: Pbx, ingrid_at_the_desk: Client
) -> None:
    pbx.ring("first", "+47 41 23 45 67")
    pbx.ring("again", "41234567")

    html = ingrid_at_the_desk.get(f"/desk/calls/{pbx.call('again').pk}/pop/").content.decode()

    assert "Unknown caller" in html
    assert "Called once before." in html


def test_an_agent_who_wants_it_gets_calls_opened_by_themselves(
    pbx: Pbx, kari: Customer, agent: User, ingrid_at_the_desk: Client
) -> None:
    AgentPhone.objects.create(user=agent, extension="201", auto_open=True)
    pbx.ring("c-1", "912 34 567")

    html = ingrid_at_the_desk.get(f"/desk/calls/{pbx.call('c-1').pk}/pop/").content.decode()

    assert "data-auto-open" in html


def test_taking_a_call_opens_its_case_with_the_call_on_it(
    pbx: Pbx, kari: Customer, agent: User, ingrid_at_the_desk: Client
) -> None:
    pbx.ring("c-1", "912 34 567")
    call = pbx.call("c-1")

    first = ingrid_at_the_desk.post(f"/desk/calls/{call.pk}/take/")
    again = ingrid_at_the_desk.post(f"/desk/calls/{call.pk}/take/")

    call.refresh_from_db()
    assert call.contact is not None
    case = call.contact.case
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/desk/cases/{case.number}/"
    assert case.customer == kari
    assert case.channel == Channel.PHONE
    assert call.contact.channel == Channel.PHONE
    assert call.contact.direction == Direction.INBOUND
    assert call.contact.handled_by == agent
    assert Case.objects.count() == 1
    assert case.contacts.count() == 1


def test_a_call_within_two_hours_of_a_contact_continues_the_open_case(
    pbx: Pbx, kari_with_an_open_case: Case, ingrid_at_the_desk: Client
) -> None:
    case = kari_with_an_open_case
    log_contact(
        case=case,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        logged_by=None,
        body="Hei, strømmen er borte igjen på Tøyen.",
        started_at=timezone.now() - timedelta(minutes=90),
    )
    pbx.ring("c-1", "912 34 567")

    response = ingrid_at_the_desk.post(f"/desk/calls/{pbx.call('c-1').pk}/take/")

    assert response["Location"] == f"/desk/cases/{case.number}/"
    assert Case.objects.count() == 1
    assert case.contacts.filter(channel=Channel.PHONE).count() == 1


def test_a_call_long_after_the_last_contact_opens_a_new_case(
    pbx: Pbx, kari_with_an_open_case: Case, ingrid_at_the_desk: Client
) -> None:
    log_contact(
        case=kari_with_an_open_case,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        logged_by=None,
        started_at=timezone.now() - timedelta(hours=3),
    )
    pbx.ring("c-1", "912 34 567")

    response = ingrid_at_the_desk.post(f"/desk/calls/{pbx.call('c-1').pk}/take/")

    new_case = Case.objects.exclude(pk=kari_with_an_open_case.pk).get()
    assert response["Location"] == f"/desk/cases/{new_case.number}/"
    assert new_case.customer == kari_with_an_open_case.customer


def test_someone_without_a_role_can_neither_see_nor_take_a_pop(pbx: Pbx, kari: Customer) -> None:
    pbx.ring("c-1", "912 34 567")
    call = pbx.call("c-1")
    client = Client()
    client.force_login(User.objects.create_user(username="vikar", password="x"))

    assert client.get(f"/desk/calls/{call.pk}/pop/").status_code == 403
    assert client.post(f"/desk/calls/{call.pk}/take/").status_code == 403
    call.refresh_from_db()
    assert call.contact is None
