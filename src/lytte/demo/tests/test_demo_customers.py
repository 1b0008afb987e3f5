"""Demo customers and organizations look Nordic and are found by identify() like real ones."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import phonenumbers
import pytest

from lytte.cases.models import Contact, Direction
from lytte.customers.addresses import (
    AddressKind,
    normalise_domain,
    normalise_email,
    normalise_phone,
)
from lytte.customers.models import ContactPoint, Customer, Organization
from lytte.customers.selectors import identify
from lytte.demo.addresses import company_domain
from lytte.demo.countries import COUNTRIES

LANGUAGES = {"NO": "nb", "DK": "da", "SE": "sv", "FI": "fi"}


def _phone_of(customer: Customer) -> str:
    return customer.contact_points.get(kind=AddressKind.PHONE).value


def _region(e164: str) -> str:
    return str(phonenumbers.region_code_for_number(phonenumbers.parse(e164)))


def _names_of(country: str) -> tuple[set[str], set[str]]:
    locale = COUNTRIES[country].faker_locale
    provider = import_module(f"faker.providers.person.{locale}").Provider
    return set(provider.first_names), set(provider.last_names)


def test_customers_come_from_all_four_countries_with_names_of_their_numbers_country(
    shared_demo: str,
) -> None:
    customers = list(Customer.objects.prefetch_related("contact_points"))
    regions = {customer.pk: _region(_phone_of(customer)) for customer in customers}
    assert set(regions.values()) == {"NO", "DK", "SE", "FI"}
    for customer in customers:
        country = regions[customer.pk]
        first_names, last_names = _names_of(country)
        first, last = customer.name.split(" ", 1)
        assert first in first_names, (customer.name, country)
        assert last in last_names, (customer.name, country)
        assert customer.language in (LANGUAGES[country], "en")


def test_every_address_is_stored_exactly_as_normalising_it_would_store_it(shared_demo: str) -> None:
    normalise = {
        AddressKind.PHONE: normalise_phone,
        AddressKind.EMAIL: normalise_email,
        AddressKind.DOMAIN: normalise_domain,
    }
    for point in ContactPoint.objects.all():
        assert normalise[AddressKind(point.kind)](point.value) == point.value
        if point.kind == AddressKind.PHONE:
            assert point.value.startswith("+")
            assert point.value[1:].isdigit()
            assert phonenumbers.is_valid_number(phonenumbers.parse(point.value))


def test_identify_finds_each_customer_from_their_number_written_the_national_way(
    shared_demo: str, settings: Any
) -> None:
    for customer in Customer.objects.prefetch_related("contact_points"):
        e164 = _phone_of(customer)
        number = phonenumbers.parse(e164)
        settings.DEFAULT_REGION = _region(e164)
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        assert national != e164
        assert customer in identify(national).customers


def test_identify_finds_each_customer_from_their_email_in_capitals(shared_demo: str) -> None:
    for point in ContactPoint.objects.filter(kind=AddressKind.EMAIL).select_related("customer"):
        assert identify(point.value.upper()).customers == [point.customer]


def test_an_organizations_email_domain_identifies_the_organization(shared_demo: str) -> None:
    for organization in Organization.objects.prefetch_related("contact_points"):
        kinds = {point.kind: point.value for point in organization.contact_points.all()}
        assert set(kinds) == {AddressKind.DOMAIN, AddressKind.PHONE}
        stranger = identify(f"ny.kollega@{kinds[AddressKind.DOMAIN]}")
        assert stranger.customers == []
        assert stranger.organization == organization
        assert identify(kinds[AddressKind.PHONE]).organization == organization
        for employee in organization.customers.all():
            email = employee.contact_points.get(kind=AddressKind.EMAIL).value
            assert email.endswith("@" + kinds[AddressKind.DOMAIN])


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("Møller & Søn ApS", "moller-son.dk"),
        ("Ålesund Rør AS", "aalesund-ror.no"),
        ("Brødrene Ødegård ASA", "brodrene-odegaard.no"),
        ("Sähkö Mäkinen Oy", "sahko-makinen.fi"),
        ("Lindström Bygg AB", "lindstrom-bygg.se"),
        ("Müller Café A/S", "muller-cafe.dk"),
        ("Kone Oyj", "kone.fi"),
    ],
)
def test_company_domains_are_ascii_without_the_company_form(name: str, domain: str) -> None:
    tld = domain.rpartition(".")[2]
    assert company_domain(name, tld) == domain


def test_each_customers_last_contact_is_their_latest_contact(shared_demo: str) -> None:
    for customer in Customer.objects.all():
        latest = (
            Contact.objects.filter(customer=customer)
            .exclude(direction=Direction.INTERNAL)
            .order_by("-started_at")
            .values_list("started_at", flat=True)
            .first()
        )
        assert customer.last_contact_at == latest
