"""POST /api/v1/customers/{id}/erase: admins erase; everyone else is refused, clearly."""

from __future__ import annotations

from collections.abc import Callable

from lytte.accounts.models import User
from lytte.api.tests.conftest import ApiClient, client_for
from lytte.customers.models import Customer
from lytte.privacy.services import place_hold
from lytte.privacy.tests.conftest import NAME, Person, traces

__all__ = ["client_for"]


def test_an_admin_erases_a_customer(
    client_for: Callable[[User], ApiClient], admin_user: User, person: Person
) -> None:
    response = client_for(admin_user).send(
        "post", f"customers/{person.customer.pk}/erase", {"reason": "Kunden ba om sletting"}
    )

    assert response.status_code == 200
    assert response.json() == {"id": person.customer.pk, "name": "Erased customer"}
    assert traces() == []


def test_a_supervisor_is_refused(
    client_for: Callable[[User], ApiClient], supervisor: User, person: Person
) -> None:
    response = client_for(supervisor).send(
        "post", f"customers/{person.customer.pk}/erase", {"reason": "Sletting"}
    )

    assert response.status_code == 403
    assert Customer.objects.filter(name=NAME).exists()


def test_a_held_customer_is_a_409_with_the_reason(
    client_for: Callable[[User], ApiClient], admin_user: User, person: Person
) -> None:
    place_hold(reason="Tvist", placed_by=admin_user, customer=person.customer)

    response = client_for(admin_user).send(
        "post", f"customers/{person.customer.pk}/erase", {"reason": "Sletting"}
    )

    assert response.status_code == 409
    assert "legal hold" in response.json()["detail"]


def test_bad_input_is_a_4xx(
    client_for: Callable[[User], ApiClient], admin_user: User, person: Person
) -> None:
    api = client_for(admin_user)

    assert api.send("post", f"customers/{person.customer.pk}/erase", {}).status_code == 422
    blank = api.send("post", f"customers/{person.customer.pk}/erase", {"reason": "   "})
    assert blank.status_code == 422
    assert api.send("post", "customers/999999/erase", {"reason": "x"}).status_code == 404
    huge = api.send("post", f"customers/{2**63}/erase", {"reason": "x"})
    assert 400 <= huge.status_code < 500


def test_the_endpoint_is_in_the_openapi_schema(
    client_for: Callable[[User], ApiClient], admin_user: User
) -> None:
    schema = client_for(admin_user).read("openapi.json").json()

    assert "post" in schema["paths"]["/api/v1/customers/{customer_id}/erase"]
