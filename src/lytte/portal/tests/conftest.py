"""The portal's customers: Kari (who has a case) and Ola (who has another); and the help
centre's small world of articles."""

from __future__ import annotations

import pytest

from lytte.cases.models import Case, Channel
from lytte.cases.rules import InboundContact
from lytte.cases.services import receive_contact
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.portal.tests.help_world import help_centre

__all__ = ["help_centre"]  # the help centre's own small world, for every portal test


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", emails=["kari@example.no"], language="nb")


@pytest.fixture
def ola(db: None) -> Customer:
    return create_customer(name="Ola Hansen", emails=["ola@example.no"], language="nb")


def email_case(customer: Customer, subject: str, body: str) -> Case:
    address = customer.contact_points.get().value
    received = receive_contact(
        InboundContact(channel=Channel.EMAIL, address=address, subject=subject, body=body)
    )
    return received.case


@pytest.fixture
def karis_case(kari: Customer) -> Case:
    return email_case(kari, "Strømmen er borte", "Hei, vi har ikke strøm på Grünerløkka.")


@pytest.fixture
def olas_case(ola: Customer) -> Case:
    return email_case(ola, "Feil på fakturaen", "Fakturaen min er for høy.")
