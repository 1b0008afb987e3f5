"""Channels retry: the same external id must never be logged twice."""

from __future__ import annotations

from lytte.accounts.models import User
from lytte.cases import services
from lytte.cases.models import Channel, Contact, Direction
from lytte.customers.services import create_customer


def test_a_repeated_external_id_returns_the_first_contact(agent: User) -> None:
    customer = create_customer(name="Pekka Järvinen", phones=["+358 40 1234567"])
    case = services.open_case(channel=Channel.PHONE, opened_by=None, customer=customer)

    first = services.log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        external_id="call-4711",
        body="Asiakas soittaa laskusta.",
        logged_by=None,
    )
    again = services.log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        external_id=" call-4711 ",
        body="retry",
        logged_by=None,
    )

    assert first.created
    assert not again.created
    assert again.contact == first.contact
    assert Contact.objects.count() == 1
    assert Contact.objects.get().body == "Asiakas soittaa laskusta."


def test_the_same_id_on_another_channel_is_another_contact(agent: User) -> None:
    case = services.open_case(channel=Channel.EMAIL, opened_by=None)
    for channel in (Channel.EMAIL, Channel.CHAT):
        services.log_contact(
            case=case,
            channel=channel,
            direction=Direction.INBOUND,
            external_id="42",
            logged_by=None,
        )
    assert Contact.objects.count() == 2


def test_contacts_without_external_id_are_all_kept(agent: User) -> None:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent)
    for _ in range(2):
        services.log_contact(
            case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=agent
        )
    assert case.contacts.count() == 2
