from __future__ import annotations

from lytte.api.tests.conftest import ApiClient
from lytte.customers.services import create_organization


def test_an_organization_is_created_with_its_numbers_and_domains(as_agent: ApiClient) -> None:
    response = as_agent.send(
        "post",
        "organizations",
        {
            "name": "Søderberg & Partners",
            "org_number": "987 654 321",
            "phones": ["22 12 34 56"],
            "domains": ["Soderberg.NO"],
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Søderberg & Partners"
    assert {(p["kind"], p["value"]) for p in body["contact_points"]} == {
        ("phone", "+4722123456"),
        ("domain", "soderberg.no"),
    }


def test_an_invalid_domain_is_refused_naming_the_field(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "organizations", {"name": "Elvia", "domains": ["elvia"]})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "domains"]


def test_organizations_are_found_by_name_or_number(as_agent: ApiClient) -> None:
    elvia = create_organization(name="Elvia AS", org_number="980489698")
    create_organization(name="Fjordkraft AS", org_number="976944801")

    by_name = as_agent.read("organizations", q="elvia").json()
    by_number = as_agent.read("organizations", q="9804").json()

    assert [o["id"] for o in by_name["items"]] == [elvia.pk]
    assert [o["id"] for o in by_number["items"]] == [elvia.pk]


def test_an_organization_is_renamed(as_agent: ApiClient) -> None:
    elvia = create_organization(name="Hafslund Nett", org_number="980489698")

    response = as_agent.send("patch", f"organizations/{elvia.pk}", {"name": "Elvia"})

    assert response.json()["name"] == "Elvia"
    assert response.json()["org_number"] == "980489698"


def test_an_unknown_organization_is_404(as_agent: ApiClient) -> None:
    assert as_agent.send("patch", "organizations/999999", {"name": "X"}).status_code == 404
