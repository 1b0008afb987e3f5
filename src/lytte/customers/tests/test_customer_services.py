from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lytte.accounts.models import User
from lytte.audit.selectors import events_for
from lytte.customers.addresses import AddressKind
from lytte.customers.services import (
    add_contact_point,
    create_customer,
    create_organization,
    update_customer,
)


def test_numbers_and_emails_are_stored_normalised(agent: User) -> None:
    customer = create_customer(
        name="  Jørgen   Ærø ",
        phones=["0047 912 34 567", "+47 91234567"],  # the same number twice
        emails=["Jorgen@Aero.DK"],
        created_by=agent,
    )
    points = {(p.kind, p.value) for p in customer.contact_points.all()}
    assert customer.name == "Jørgen Ærø"
    assert points == {(AddressKind.PHONE, "+4791234567"), (AddressKind.EMAIL, "jorgen@aero.dk")}


def test_every_bad_address_is_named_and_nothing_is_saved(agent: User) -> None:
    with pytest.raises(ValidationError) as error:
        create_customer(
            name="Matti Meikäläinen",
            phones=["+358 40 1234567", "12"],
            emails=["matti(at)example.fi"],
            created_by=agent,
        )
    assert set(error.value.message_dict) == {"phones", "emails"}
    assert "12" in error.value.message_dict["phones"][0]
    from lytte.customers.models import Customer

    assert not Customer.objects.exists()


def test_a_customer_needs_a_name(agent: User) -> None:
    with pytest.raises(ValidationError) as error:
        create_customer(name="   ", phones=["91234567"], created_by=agent)
    assert "name" in error.value.message_dict


def test_adding_an_address_twice_keeps_one(agent: User) -> None:
    customer = create_customer(name="Anna Svensson", created_by=agent)
    first = add_contact_point(customer=customer, address="+46 70 123 45 67", added_by=agent)
    again = add_contact_point(customer=customer, address="0046701234567", added_by=agent)
    assert first == again
    assert customer.contact_points.count() == 1


def test_only_organizations_own_email_domains(agent: User) -> None:
    customer = create_customer(name="Anna Svensson", created_by=agent)
    with pytest.raises(ValidationError):
        add_contact_point(customer=customer, address="example.se", kind=AddressKind.DOMAIN)


def test_changes_leave_an_audit_trail_with_who_and_what(agent: User) -> None:
    firma = create_organization(name="Kauppa Oy", domains=["kauppa.fi"], created_by=agent)
    customer = create_customer(name="Aino", created_by=agent)
    update_customer(customer=customer, name="Aino Mäkinen", organization=firma, changed_by=agent)

    trail = list(events_for(customer))

    assert [e.action for e in trail] == ["customer.changed", "customer.created"]
    assert trail[0].actor == agent
    assert trail[0].data["before"] == {"name": "Aino", "organization": None}
    assert trail[0].data["after"] == {"name": "Aino Mäkinen", "organization": firma.pk}
