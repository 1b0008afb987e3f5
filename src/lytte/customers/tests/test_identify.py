"""identify(): who is behind a phone number or an email address, as people actually write them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lytte.customers.addresses import AddressKind, InvalidAddress
from lytte.customers.models import Customer
from lytte.customers.selectors import identify
from lytte.customers.services import add_contact_point, create_customer, create_organization

# (written form, default region, the E.164 it must be read as)
NUMBER_FORMS = [
    # Norway: mobile and Oslo landline
    ("+47 912 34 567", "NO", "+4791234567"),
    ("0047 91234567", "NO", "+4791234567"),
    ("91234567", "NO", "+4791234567"),
    ("912 34 567", "NO", "+4791234567"),
    ("(+47) 912-34-567", "NO", "+4791234567"),
    ("+47 22 12 34 56", "NO", "+4722123456"),
    ("22123456", "NO", "+4722123456"),
    ("tel:+4722123456", "NO", "+4722123456"),
    ("0047 22123456", "SE", "+4722123456"),
    # Denmark
    ("+45 20 12 34 56", "DK", "+4520123456"),
    ("20123456", "DK", "+4520123456"),
    ("0045 33 12 34 56", "NO", "+4533123456"),
    ("33-12-34-56", "DK", "+4533123456"),
    # Sweden: the (0) trunk prefix people write after the country code
    ("+46 (0)70-123 45 67", "NO", "+46701234567"),
    ("070-123 45 67", "SE", "+46701234567"),
    ("0046701234567", "FI", "+46701234567"),
    ("08-123 456 78", "SE", "+46812345678"),
    # Finland
    ("+358 40 1234567", "NO", "+358401234567"),
    ("040 123 4567", "FI", "+358401234567"),
    ("00358 9 1234 5678", "SE", "+358912345678"),
    ("09 1234 5678", "FI", "+358912345678"),
]

INVALID = [
    "",
    "   ",
    "12",
    "abc",
    "+47 123",
    "anonymous",
    "Unknown",
    "+4700000000",
    "kari@",
    "@x.no",
]


@pytest.mark.parametrize(("written", "region", "e164"), NUMBER_FORMS)
def test_every_common_written_form_finds_the_customer(
    written: str, region: str, e164: str, settings: object, db: None
) -> None:
    settings.DEFAULT_REGION = region  # type: ignore[attr-defined]
    customer = create_customer(name="Kari Bjørnstad", phones=[e164])

    found = identify(written)

    assert found.kind == AddressKind.PHONE
    assert found.value == e164
    assert found.customers == [customer]


@pytest.mark.parametrize("written", INVALID)
def test_invalid_addresses_get_a_sentence_not_a_traceback(written: str, db: None) -> None:
    with pytest.raises(InvalidAddress) as error:
        identify(written)
    assert error.value.message
    assert "Traceback" not in error.value.message


def test_withheld_number_says_so(db: None) -> None:
    with pytest.raises(InvalidAddress, match="withheld"):
        identify("anonymous")


def test_a_national_form_is_read_in_the_configured_region(settings: object, db: None) -> None:
    swede = create_customer(name="Sven Ekström", phones=["+46 70 123 45 67"])
    settings.DEFAULT_REGION = "SE"  # type: ignore[attr-defined]
    assert identify("070-1234567").customers == [swede]
    settings.DEFAULT_REGION = "NO"  # type: ignore[attr-defined]
    with pytest.raises(InvalidAddress):
        identify("070-1234567")  # not a Norwegian number


def test_email_is_matched_case_insensitively(db: None) -> None:
    customer = create_customer(name="Åse Ødegård", emails=["Aase.Odegard@Example.NO"])
    found = identify('  "Åse Ødegård" <AASE.ODEGARD@example.no> ')
    assert found.kind == AddressKind.EMAIL
    assert found.value == "aase.odegard@example.no"
    assert found.customer == customer


def test_unknown_email_falls_back_to_the_organization_owning_the_domain(db: None) -> None:
    firma = create_organization(name="Fjordkraft Sør AS", domains=["fjordkraft-sor.no"])
    found = identify("ny.ansatt@FJORDKRAFT-SOR.no")
    assert found.customers == []
    assert found.organization == firma
    assert found.known


def test_a_subdomain_belongs_to_the_organization_of_its_parent_domain(db: None) -> None:
    firma = create_organization(name="Mäkelä Oy", domains=["makela.fi"])
    assert identify("matti@tuki.makela.fi").organization == firma


def test_idn_domains_match_in_either_spelling(db: None) -> None:
    firma = create_organization(name="Blåbær AS", domains=["blåbær.no"])
    assert identify("post@xn--blbr-roah.no").organization == firma


def test_a_known_customer_brings_their_organization(db: None) -> None:
    firma = create_organization(name="Nordlys Energi AS", domains=["nordlys.no"])
    ansatt = create_customer(name="Ola Hansen", emails=["ola@nordlys.no"], organization=firma)
    found = identify("ola@nordlys.no")
    assert found.customer == ansatt
    assert found.organization == firma


def test_switchboard_number_identifies_the_organization(db: None) -> None:
    firma = create_organization(name="Hansen & Søn ApS", phones=["+45 33 12 34 56"])
    found = identify("0045 33123456")
    assert found.customers == []
    assert found.organization == firma


def test_shared_number_lists_everyone_most_recently_in_contact_first(db: None) -> None:
    mor = create_customer(name="Liisa Virtanen", phones=["+358 40 765 4321"])
    sonn = create_customer(name="Eetu Virtanen", phones=["+358407654321"])
    Customer.objects.filter(pk=mor.pk).update(last_contact_at=timezone.now() - timedelta(days=3))
    Customer.objects.filter(pk=sonn.pk).update(last_contact_at=timezone.now())

    found = identify("+358 40 765 4321")

    assert found.customers == [sonn, mor]
    assert found.customer is None  # shared: the agent picks


def test_a_stranger_is_not_known(db: None) -> None:
    found = identify("+47 400 00 000")
    assert found.customers == []
    assert found.organization is None
    assert not found.known


@pytest.mark.parametrize("address", ["+47 912 34 567", "kari@example.no"])
def test_identify_runs_as_one_query(address: str, db: None) -> None:
    firma = create_organization(name="Eksempel AS", domains=["example.no"])
    kari = create_customer(name="Kari", phones=["91234567"], emails=["kari@example.no"])
    add_contact_point(customer=kari, address="kari.nordmann@example.no")
    kari.organization = firma
    kari.save()

    with CaptureQueriesContext(connection) as queries:
        found = identify(address)
        assert found.customer is not None
        assert found.customer.organization == firma  # already loaded: no extra query

    assert len(queries.captured_queries) == 1
