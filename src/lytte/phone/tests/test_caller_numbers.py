"""Who is calling: the `from` of a newCall in every form Nordic PBXs write it, read in the site's
region, matched to a customer, an organization's switchboard, or earlier calls from the number."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization, note_contact
from lytte.phone.selectors import caller_for
from lytte.phone.tests.conftest import Pbx

# (region, the customer's number, how the PBX writes it)
NUMBER_FORMS = [
    # Norway: landline and mobile
    ("NO", "+4722123456", "+47 22 12 34 56"),
    ("NO", "+4722123456", "22123456"),
    ("NO", "+4722123456", "22 12 34 56"),
    ("NO", "+4722123456", "0047 22123456"),
    ("NO", "+4722123456", "tel:+4722123456"),
    ("NO", "+4722123456", "tel:+47-22-12-34-56"),
    ("NO", "+4791234567", "912 34 567"),
    ("NO", "+4791234567", "(+47) 912 34 567"),
    ("NO", "+4791234567", "+47.912.34.567"),
    # Denmark
    ("DK", "+4532123456", "32 12 34 56"),
    ("DK", "+4532123456", "+45 32 12 34 56"),
    ("DK", "+4532123456", "0045 32123456"),
    ("DK", "+4520123456", "20-12-34-56"),
    ("DK", "+4520123456", "tel:+4520123456"),
    # Sweden, where the trunk 0 is often written in brackets after the country code
    ("SE", "+46812345678", "08-123 456 78"),
    ("SE", "+46812345678", "+46 (0)8 123 456 78"),
    ("SE", "+46812345678", "0046 (0)8-12345678"),
    ("SE", "+46701234567", "070-123 45 67"),
    ("SE", "+46701234567", "+46 (0)70 123 45 67"),
    ("SE", "+46701234567", "tel:+46701234567"),
    # Finland
    ("FI", "+35891234567", "09 1234567"),
    ("FI", "+35891234567", "00358 9 1234567"),
    ("FI", "+35891234567", "+358 (0)9 123 4567"),
    ("FI", "+358401234567", "040 123 4567"),
    ("FI", "+358401234567", "+358 40 123 4567"),
    ("FI", "+358401234567", "tel:+358-40-123-4567"),
]
NAMES = {"NO": "Bjørn Ødegård", "DK": "Mette Sørensen", "SE": "Åsa Lindström", "FI": "Päivi Mäkelä"}


@pytest.mark.parametrize(("region", "stored", "written"), NUMBER_FORMS)
def test_a_caller_is_identified_whichever_way_the_pbx_writes_the_number(
    pbx: Pbx, settings: Any, region: str, stored: str, written: str
) -> None:
    settings.DEFAULT_REGION = region
    customer = create_customer(name=NAMES[region], phones=[stored])
    create_customer(name="Noen Andre", phones=["+4799887766"])

    response = pbx.ring("c-1", written)

    assert (response.status_code, response.json()) == (200, {})
    call = pbx.call("c-1")
    assert call.caller == stored
    assert call.customer == customer
    assert call.from_number == written  # kept as the PBX sent it


def test_a_national_number_is_read_in_the_sites_own_region(pbx: Pbx, settings: Any) -> None:
    create_customer(name="Bjørn Ødegård", phones=["+4722123456"])
    settings.DEFAULT_REGION = "DK"

    pbx.ring("c-1", "22 12 34 56")

    call = pbx.call("c-1")
    assert call.caller == "+4522123456"
    assert call.customer is None


def test_an_outbound_call_is_identified_by_the_number_dialled(pbx: Pbx, kari: Customer) -> None:
    pbx.send("newCall", "out-1", from_="201", to="912 34 567", direction="out")

    call = pbx.call("out-1")
    assert call.caller == "+4791234567"
    assert call.customer == kari


@pytest.mark.parametrize("written", ["anonymous", "unknown", "Anonymous", "", "12", "abc"])
def test_a_withheld_or_unreadable_number_still_makes_a_call_without_a_caller(
    pbx: Pbx, kari: Customer, written: str
) -> None:
    response = pbx.ring("c-1", written)

    assert (response.status_code, response.json()) == (200, {})
    call = pbx.call("c-1")
    assert call.caller == ""
    assert call.customer is None
    assert call.organization is None
    assert caller_for(call).customers == []
    assert caller_for(call).seen_before == []


def test_a_switchboard_number_identifies_the_organization(pbx: Pbx) -> None:
    fjordkraft = create_organization(name="Fjordkraft Øst AS", phones=["+47 55 12 34 56"])
    create_customer(name="Søren Ærlig", organization=fjordkraft, phones=["+47 913 45 678"])

    pbx.ring("c-1", "55 12 34 56")

    call = pbx.call("c-1")
    assert call.organization == fjordkraft
    assert call.customer is None


def test_a_customers_own_number_wins_over_the_switchboard(pbx: Pbx) -> None:
    fjordkraft = create_organization(name="Fjordkraft Øst AS", phones=["+47 55 12 34 56"])
    soren = create_customer(name="Søren Ærlig", organization=fjordkraft, phones=["+4791345678"])

    pbx.ring("c-1", "913 45 678")

    call = pbx.call("c-1")
    assert call.customer == soren
    assert call.organization == fjordkraft


def test_a_shared_number_lists_everyone_sharing_it_most_recently_in_contact_first(
    pbx: Pbx,
) -> None:
    kari = create_customer(name="Kari Nordmann", phones=["+47 22 12 34 56"])
    per = create_customer(name="Per Nordmann", phones=["22123456"])
    mor = create_customer(name="Åse Nordmann", phones=["0047 22 12 34 56"])
    now = timezone.now()
    note_contact(customer=kari, at=now - timedelta(days=30))
    note_contact(customer=per, at=now - timedelta(hours=1))

    pbx.ring("c-1", "+4722123456")

    call = pbx.call("c-1")
    assert call.customer is None
    assert caller_for(call).customers == [per, kari, mor]
    assert caller_for(call).open_cases == []


def test_a_number_seen_on_earlier_calls_shows_them(pbx: Pbx, settings: Any) -> None:
    settings.DEFAULT_REGION = "SE"
    pbx.ring("first", "+46 (0)70 123 45 67")
    pbx.ring("other", "08-123 456 78")

    pbx.ring("again", "070-123 45 67")

    again = pbx.call("again")
    assert again.customer is None
    assert caller_for(again).seen_before == [pbx.call("first")]


def test_a_known_customer_has_no_seen_before(pbx: Pbx, kari: Customer) -> None:
    pbx.ring("first", "912 34 567")
    pbx.ring("again", "+47 912 34 567")

    assert caller_for(pbx.call("again")).customers == [kari]
    assert caller_for(pbx.call("again")).seen_before == []
