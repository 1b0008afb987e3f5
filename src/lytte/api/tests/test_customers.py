from __future__ import annotations

from lytte.api.tests.conftest import ApiClient
from lytte.customers.addresses import format_phone
from lytte.customers.models import ContactPoint, Customer
from lytte.customers.services import create_customer, create_organization


def test_creating_a_customer_stores_numbers_and_emails_normalised(as_agent: ApiClient) -> None:
    response = as_agent.send(
        "post",
        "customers",
        {"name": "Kari Nordmann", "phones": ["0047 912 34 567"], "emails": ["Kari@Example.NO"]},
    )

    assert response.status_code == 201
    body = response.json()
    points = {(p["kind"], p["value"]): p["display"] for p in body["contact_points"]}
    assert points == {
        ("phone", "+4791234567"): format_phone("+4791234567"),  # national form at home
        ("email", "kari@example.no"): "kari@example.no",
    }
    assert not points["phone", "+4791234567"].startswith("+")
    assert Customer.objects.get(pk=body["id"]).contact_points.count() == 2


def test_an_invalid_phone_number_is_refused_naming_the_field_and_the_number(
    as_agent: ApiClient,
) -> None:
    response = as_agent.send(
        "post", "customers", {"name": "Kari Nordmann", "phones": ["912 34 567", "12345"]}
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "phones"]
    assert "12345" in error["msg"]
    assert not Customer.objects.exists()


def test_a_blank_name_is_refused_by_the_service(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "customers", {"name": "   "})

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "name"]]


def test_a_missing_name_is_refused_in_the_same_shape(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "customers", {"phones": ["912 34 567"]})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "name"]
    assert error["msg"]


def test_an_unknown_organization_is_refused(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "customers", {"name": "Kari", "organization": 999999})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "organization"]


def test_a_body_that_is_not_json_is_a_client_error(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "customers", '{"name": "Kari",')

    assert response.status_code == 400
    assert response.json()["detail"]


def test_nordic_names_round_trip(as_agent: ApiClient) -> None:
    names = ["Åse Ærø-Øvergård", "Björn Ångström", "Päivi Häkkinen-Yli-Äijälä"]
    for name in names:
        created = as_agent.send("post", "customers", {"name": name}).json()

        assert as_agent.read(f"customers/{created['id']}").json()["name"] == name
    assert [c["name"] for c in as_agent.read("customers", q="ø").json()["items"]] == [names[0]]


def test_customers_are_found_by_any_written_form_of_their_number(as_agent: ApiClient) -> None:
    kari = create_customer(name="Kari Nordmann", phones=["91234567"])
    create_customer(name="Ola Nordmann", phones=["+4798765432"])

    response = as_agent.read("customers", q="+47 912 34 567")

    assert [c["id"] for c in response.json()["items"]] == [kari.pk]


def test_customers_are_filtered_by_organization(as_agent: ApiClient) -> None:
    fjordkraft = create_organization(name="Fjordkraft AS")
    kari = create_customer(name="Kari Nordmann", organization=fjordkraft)
    create_customer(name="Ola Nordmann")

    response = as_agent.read("customers", organization=fjordkraft.pk)

    assert [c["id"] for c in response.json()["items"]] == [kari.pk]
    assert response.json()["items"][0]["organization"] == {
        "id": fjordkraft.pk,
        "name": "Fjordkraft AS",
    }


def test_the_customer_list_is_paginated_in_name_order(as_agent: ApiClient) -> None:
    for name in ["Cecilie", "Anders", "Bodil"]:
        create_customer(name=name)

    first = as_agent.read("customers", limit=2).json()
    rest = as_agent.read("customers", limit=2, offset=2).json()

    assert first["count"] == rest["count"] == 3
    assert [c["name"] for c in first["items"] + rest["items"]] == ["Anders", "Bodil", "Cecilie"]


def test_a_page_larger_than_the_maximum_is_refused(as_agent: ApiClient) -> None:
    assert as_agent.read("customers", limit=10_000).status_code == 422


def test_an_unknown_customer_is_404(as_agent: ApiClient) -> None:
    response = as_agent.read("customers/999999")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_patch_changes_only_the_fields_sent(as_agent: ApiClient) -> None:
    fjordkraft = create_organization(name="Fjordkraft AS")
    kari = create_customer(name="Kari Nordmann", organization=fjordkraft)

    response = as_agent.send("patch", f"customers/{kari.pk}", {"language": "nb"})

    assert response.status_code == 200
    assert response.json()["name"] == "Kari Nordmann"
    assert response.json()["organization"]["id"] == fjordkraft.pk
    assert response.json()["language"] == "nb"


def test_patch_can_clear_the_organization_but_not_the_name(as_agent: ApiClient) -> None:
    kari = create_customer(name="Kari Nordmann", organization=create_organization(name="Elvia"))

    cleared = as_agent.send("patch", f"customers/{kari.pk}", {"organization": None})
    refused = as_agent.send("patch", f"customers/{kari.pk}", {"name": None, "language": None})

    assert cleared.json()["organization"] is None
    assert refused.status_code == 422
    assert {e["loc"][-1] for e in refused.json()["detail"]} == {"name", "language"}
    kari.refresh_from_db()
    assert kari.name == "Kari Nordmann"


def test_an_unknown_language_is_refused(as_agent: ApiClient) -> None:
    kari = create_customer(name="Kari Nordmann")

    response = as_agent.send("patch", f"customers/{kari.pk}", {"language": "de"})

    assert response.status_code == 422


def test_a_number_is_added_and_removed(as_agent: ApiClient) -> None:
    kari = create_customer(name="Kari Nordmann")

    added = as_agent.send(
        "post", f"customers/{kari.pk}/contact-points", {"address": "+46 70 123 45 67"}
    )
    point = added.json()
    removed = as_agent.send("delete", f"customers/{kari.pk}/contact-points/{point['id']}")

    assert added.status_code == 201
    assert point["value"] == "+46701234567"
    assert removed.status_code == 204
    assert not ContactPoint.objects.filter(customer=kari).exists()


def test_an_unusable_address_is_refused_when_added(as_agent: ApiClient) -> None:
    kari = create_customer(name="Kari Nordmann")

    response = as_agent.send("post", f"customers/{kari.pk}/contact-points", {"address": "kari@"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "address"]
