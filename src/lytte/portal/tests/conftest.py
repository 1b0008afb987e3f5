"""The portal's customers: Kari (who has a case), Ola (who has another), and how a test client
signs one of them in without the sign-in pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lytte.cases.models import Case, Channel
from lytte.cases.rules import InboundContact
from lytte.cases.services import receive_contact
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.portal.identity import SESSION_KEY
from lytte.portal.models import PortalSession, SignInMethod


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


def portal_client(customer: Customer | None = None) -> Client:
    """A browser; with `customer`, signed in to the portal as them."""
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    if customer is not None:
        now = timezone.now()
        row = PortalSession.objects.create(
            customer=customer,
            method=SignInMethod.CODE,
            created_at=now,
            expires_at=now + timedelta(hours=1),
        )
        session = client.session
        session[SESSION_KEY] = {"id": row.pk, "customer": customer.pk}
        session.save()
    return client
