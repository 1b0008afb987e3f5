from __future__ import annotations

from typing import Any

import pytest

from lytte.api.tests.conftest import ApiClient
from lytte.customers.services import create_customer, create_organization


def test_a_caller_created_through_the_api_is_identified_from_another_written_form(
    as_agent: ApiClient,
) -> None:
    created = as_agent.send(
        "post", "customers", {"name": "Kari Nordmann", "phones": ["0047 912 34 567"]}
    ).json()

    response = as_agent.read("identify", address="+47 912 34 567")

    assert response.status_code == 200
    assert response.json() == {
        "address": "+47 912 34 567",
        "kind": "phone",
        "value": "+4791234567",
        "customers": [{"id": created["id"], "name": "Kari Nordmann", "organization": None}],
        "organization": None,
    }


def test_an_email_address_is_identified_whatever_its_case(as_agent: ApiClient) -> None:
    kari = create_customer(name="Kari Nordmann", emails=["kari.nordmann@example.no"])

    body = as_agent.read("identify", address="Kari.Nordmann@EXAMPLE.no").json()

    assert [c["id"] for c in body["customers"]] == [kari.pk]
    assert body["value"] == "kari.nordmann@example.no"


def test_a_stranger_from_an_organizations_domain_is_identified_as_the_organization(
    as_agent: ApiClient,
) -> None:
    elvia = create_organization(name="Elvia AS", domains=["elvia.no"])

    body = as_agent.read("identify", address="driftssentral@kundeservice.elvia.no").json()

    assert body["customers"] == []
    assert body["organization"] == {"id": elvia.pk, "name": "Elvia AS"}


def test_customers_sharing_a_number_come_with_their_shared_organization(
    as_agent: ApiClient,
) -> None:
    shop = create_organization(name="Bakeriet på hjørnet")
    first = create_customer(name="Åse", phones=["22 33 44 55"], organization=shop)
    second = create_customer(name="Øystein", phones=["+4722334455"], organization=shop)

    body = as_agent.read("identify", address="22334455").json()

    assert {c["id"] for c in body["customers"]} == {first.pk, second.pk}
    assert body["customers"][0]["organization"] == {"id": shop.pk, "name": "Bakeriet på hjørnet"}
    assert body["organization"]["id"] == shop.pk


def test_an_unknown_number_belongs_to_no_one(as_agent: ApiClient) -> None:
    create_customer(name="Kari Nordmann", phones=["91234567"])

    body = as_agent.read("identify", address="+46 70 123 45 67").json()

    assert body["customers"] == []
    assert body["organization"] is None
    assert body["value"] == "+46701234567"


@pytest.mark.parametrize("address", ["anonymous", "12", "kari@"])
def test_an_address_that_is_neither_number_nor_email_is_a_400_with_a_message(
    as_agent: ApiClient, address: str
) -> None:
    response = as_agent.read("identify", address=address)

    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"]


def test_the_address_is_required(as_agent: ApiClient) -> None:
    assert as_agent.read("identify").status_code == 422


def test_identify_answers_in_a_handful_of_queries(
    as_agent: ApiClient, django_assert_max_num_queries: Any
) -> None:
    for number in ["91234567", "91234568", "91234569"]:
        create_customer(name=f"Kunde {number}", phones=["91234567", number])
    as_agent.read("identify", address="91234567")  # the token is marked used (once a minute)

    with django_assert_max_num_queries(5):
        body = as_agent.read("identify", address="912 34 567").json()

    assert len(body["customers"]) == 3
