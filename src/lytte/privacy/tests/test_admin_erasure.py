"""Deleting a customer in the admin, alone or in bulk, erases them: nothing is left behind."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from lytte.accounts.models import User
from lytte.audit.models import AuditEvent
from lytte.cases.models import Case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.privacy.models import LegalHold
from lytte.privacy.services import place_hold
from lytte.privacy.tests.conftest import NAME, Person, traces

CHANGELIST = reverse("admin:customers_customer_changelist")


def test_delete_asks_for_a_reason_and_erases(
    client: Client, admin_user: User, person: Person
) -> None:
    client.force_login(admin_user)
    url = reverse("admin:customers_customer_delete", args=[person.customer.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert Customer.objects.filter(name=NAME).exists()

    done = client.post(url, {"reason": "Kunden ba om sletting"})

    assert done.status_code == 302
    assert Customer.objects.filter(pk=person.customer.pk).exists()
    assert Case.objects.filter(customer=person.customer).count() == 2
    assert traces() == []


def test_the_bulk_action_erases_every_selected_customer(
    client: Client, admin_user: User, person: Person
) -> None:
    other = create_customer(name="Mikko Hämäläinen", emails=["mikko@esimerkki.fi"])
    client.force_login(admin_user)
    selected = {"action": "erase_selected", "_selected_action": [person.customer.pk, other.pk]}

    confirm = client.post(CHANGELIST, selected)
    assert confirm.status_code == 200
    assert "Mikko Hämäläinen" in confirm.content.decode()

    done = client.post(CHANGELIST, {**selected, "confirm": "yes", "reason": "Opprydding"})

    assert done.status_code == 302
    assert traces() == []
    assert not Customer.objects.filter(name="Mikko Hämäläinen").exists()


def test_the_plain_bulk_delete_is_gone(client: Client, admin_user: User, person: Person) -> None:
    client.force_login(admin_user)

    page = client.get(CHANGELIST)

    assert 'value="delete_selected"' not in page.content.decode()
    assert 'value="erase_selected"' in page.content.decode()


def test_a_held_customer_is_not_erased_and_the_admin_says_why(
    client: Client, admin_user: User, person: Person
) -> None:
    place_hold(reason="Tvist i tingretten", placed_by=admin_user, customer=person.customer)
    client.force_login(admin_user)
    url = reverse("admin:customers_customer_delete", args=[person.customer.pk])

    assert "Tvist i tingretten" in client.get(url).content.decode()
    done = client.post(url, {"reason": "Sletting"}, follow=True)

    assert "legal hold" in done.content.decode()
    assert Customer.objects.filter(name=NAME).exists()


def test_a_supervisor_cannot_erase_in_the_admin(
    client: Client, supervisor: User, person: Person
) -> None:
    client.force_login(supervisor)
    url = reverse("admin:customers_customer_delete", args=[person.customer.pk])

    assert client.post(url, {"reason": "Sletting"}).status_code in (302, 403)
    assert Customer.objects.filter(name=NAME).exists()


def test_an_admin_places_and_releases_a_legal_hold_in_the_admin(
    client: Client, admin_user: User, person: Person
) -> None:
    client.force_login(admin_user)

    added = client.post(
        reverse("admin:privacy_legalhold_add"),
        {"customer": person.customer.pk, "case": "", "reason": "Tvist om sluttfaktura"},
    )

    assert added.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.placed_by == admin_user
    assert AuditEvent.objects.filter(action="legal_hold.placed", actor=admin_user).exists()
    client.post(
        reverse("admin:privacy_legalhold_changelist"),
        {"action": "release_selected", "_selected_action": [hold.pk]},
    )
    hold.refresh_from_db()
    assert hold.released_by == admin_user


def test_a_hold_on_both_or_neither_is_refused_in_the_admin(
    client: Client, admin_user: User, person: Person
) -> None:
    client.force_login(admin_user)

    both = client.post(
        reverse("admin:privacy_legalhold_add"),
        {"customer": person.customer.pk, "case": person.phone_case.pk, "reason": "Tvist"},
    )

    assert both.status_code == 200
    assert not LegalHold.objects.exists()
