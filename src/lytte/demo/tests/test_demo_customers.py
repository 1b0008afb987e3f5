"""Demo customers and organizations look Nordic and are found by identify() like real ones."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
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
from lytte.demo.tests.conftest import run_demo

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
    demo: str,
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


def test_most_customers_speak_their_countrys_language_and_many_work_for_an_organization(
    db: None, data_dir: Path
) -> None:
    run_demo("--customers", "400", "--cases", "0", "--seed", "7")
    customers = Customer.objects.all()
    assert customers.count() == 400
    assert customers.filter(language="en").count() < 40
    assert 0.45 < customers.filter(organization__isnull=False).count() / 400 < 0.75


def test_every_address_is_stored_exactly_as_normalising_it_would_store_it(demo: str) -> None:
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
    demo: str, settings: Any
) -> None:
    for customer in Customer.objects.prefetch_related("contact_points"):
        e164 = _phone_of(customer)
        number = phonenumbers.parse(e164)
        settings.DEFAULT_REGION = _region(e164)
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        assert national != e164
        assert customer in identify(national).customers


def test_identify_finds_each_customer_from_their_email_in_capitals(demo: str) -> None:
    for point in ContactPoint.objects.filter(kind=AddressKind.EMAIL).select_related("customer"):
        assert identify(point.value.upper()).customers == [point.customer]


def test_an_organizations_email_domain_identifies_the_organization(demo: str) -> None:
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


def test_a_few_households_share_one_phone_number(db: None, data_dir: Path) -> None:
    run_demo("--customers", "400", "--cases", "0", "--seed", "7")
    phones = ContactPoint.objects.filter(kind=AddressKind.PHONE, customer__isnull=False)
    values = list(phones.values_list("value", flat=True))
    shared = {value for value in values if values.count(value) > 1}
    assert 0 < len(shared) < 20
    household = identify(next(iter(shared))).customers
    assert len(household) > 1
    assert len({customer.name.split(" ", 1)[1] for customer in household}) == 1


def test_each_customers_last_contact_is_their_latest_contact(demo: str) -> None:
    for customer in Customer.objects.all():
        latest = (
            Contact.objects.filter(customer=customer)
            .exclude(direction=Direction.INTERNAL)
            .order_by("-started_at")
            .values_list("started_at", flat=True)
            .first()
        )
        assert customer.last_contact_at == latest
