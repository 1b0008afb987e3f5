"""An admin erases a customer on a phone, in Norwegian: a wrong name is refused, the right one
with a reason erases. Screenshots in artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import User
from lytte.cases.models import Channel, Direction
from lytte.cases.services import log_contact, open_case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NAME = "Sølvi Ærøskøbing-Haugå"


@pytest.fixture
def customer(db: None) -> Customer:
    customer = create_customer(name=NAME, phones=["+47 915 55 123"])
    case = open_case(channel=Channel.PHONE, opened_by=None, customer=customer, subject=NAME)
    log_contact(
        case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=None, body=NAME
    )
    return customer


def test_an_admin_erases_a_customer_on_a_phone_in_norwegian(
    live_lytte: str,
    admin_user: User,
    customer: Customer,
    new_context: Callable[..., BrowserContext],
) -> None:
    admin_user.language = "nb"
    admin_user.save(update_fields=["language"])
    context = signed_in(new_context(viewport=PHONE, locale="nb-NO"), live_lytte, admin_user)
    page = context.new_page()
    page.goto(f"{live_lytte}/desk/customers/{customer.pk}/erase/")
    expect(page.get_by_role("heading", name=f"Slett {NAME}")).to_be_visible()
    assert sideways_overflow(page)["pixels"] <= 0

    page.get_by_label("Hvorfor").fill("Kunden ba om sletting på telefon")
    page.get_by_label("Skriv kundens navn for å bekrefte").fill("Sølvi Haugå")
    page.get_by_role("button", name="Slett").click()
    expect(page.get_by_text("Det er ikke kundens navn.")).to_be_visible()
    screenshot(page, "privacy-erase-refused-nb-390")

    page.get_by_label("Skriv kundens navn for å bekrefte").fill(NAME.lower())
    page.get_by_role("button", name="Slett").click()

    expect(page.get_by_role("heading", name="Kunden er slettet")).to_be_visible()
    screenshot(page, "privacy-erased-nb-390")
    customer.refresh_from_db()
    assert customer.name == "Erased customer"
