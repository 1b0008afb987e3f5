"""/desk/customers/<id>/erase/: an admin erases a customer after typing their name and a reason;
a legal hold is shown and refuses; nobody else may."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from lytte.accounts.models import User
from lytte.customers.models import Customer
from lytte.privacy.services import place_hold
from lytte.privacy.tests.conftest import NAME, Person, traces


def url(person: Person) -> str:
    return reverse("privacy:erase", args=[person.customer.pk])


def test_an_admin_erases_after_typing_the_name(
    client: Client, admin_user: User, person: Person
) -> None:
    client.force_login(admin_user)
    page = client.get(url(person))
    assert page.status_code == 200
    assert NAME in page.content.decode()

    done = client.post(
        url(person), {"reason": "Kunden ba om sletting", "name": "åse bjørndal-ødegård"}
    )

    assert done.status_code == 200
    assert "Customer erased" in done.content.decode()
    assert traces() == []


def test_a_wrong_name_erases_nothing(client: Client, admin_user: User, person: Person) -> None:
    client.force_login(admin_user)

    response = client.post(url(person), {"reason": "Sletting", "name": "Åse Ødegård"})

    assert response.status_code == 422
    assert "That is not the customer&#x27;s name." in response.content.decode()
    assert Customer.objects.filter(name=NAME).exists()


def test_the_page_speaks_finnish(client: Client, admin_user: User, person: Person) -> None:
    admin_user.language = "fi"
    admin_user.save()
    client.force_login(admin_user)

    page = client.get(url(person))

    assert "Poista" in page.content.decode()


def test_a_legal_hold_is_shown_and_refuses(
    client: Client, admin_user: User, person: Person
) -> None:
    place_hold(reason="Tvist om sluttfaktura", placed_by=admin_user, case=person.phone_case)
    client.force_login(admin_user)

    page = client.get(url(person))
    assert "Tvist om sluttfaktura" in page.content.decode()
    refused = client.post(url(person), {"reason": "Sletting", "name": NAME})

    assert refused.status_code == 409
    assert Customer.objects.filter(name=NAME).exists()


def test_supervisors_and_agents_may_not(
    client: Client, supervisor: User, agent: User, person: Person
) -> None:
    for user in (supervisor, agent):
        client.force_login(user)
        assert client.get(url(person)).status_code == 403
        assert client.post(url(person), {"reason": "x", "name": NAME}).status_code == 403
    assert Customer.objects.filter(name=NAME).exists()


def test_an_unknown_customer_is_a_404(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)

    assert client.get(reverse("privacy:erase", args=[999999])).status_code == 404
