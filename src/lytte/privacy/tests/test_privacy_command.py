"""`lytte privacy erase` and `lytte privacy hold`: the same services from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lytte.accounts.models import User
from lytte.audit.models import AuditEvent
from lytte.customers.models import Customer
from lytte.privacy.models import LegalHold
from lytte.privacy.services import place_hold
from lytte.privacy.tests.conftest import NAME, Person, traces


def run(*args: str) -> str:
    out = StringIO()
    call_command("privacy", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_erase_with_yes_erases(person: Person) -> None:
    output = run("erase", str(person.customer.pk), "--reason", "Kunden ba om det", "--yes")

    assert f"Customer {person.customer.pk} erased." in output
    assert traces() == []
    assert AuditEvent.objects.get(action="customer.erased").actor is None


def test_erase_without_a_terminal_needs_yes(person: Person) -> None:
    with pytest.raises(CommandError, match="--yes"):
        run("erase", str(person.customer.pk), "--reason", "Sletting")
    assert Customer.objects.filter(name=NAME).exists()


def test_erase_refuses_a_held_customer_and_names_the_hold(person: Person, admin_user: User) -> None:
    place_hold(reason="Politietterforskning", placed_by=admin_user, customer=person.customer)

    with pytest.raises(CommandError, match="legal hold"):
        run("erase", str(person.customer.pk), "--reason", "Sletting", "--yes")
    assert Customer.objects.filter(name=NAME).exists()


def test_erase_an_unknown_customer_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="no customer 424242"):
        run("erase", "424242", "--reason", "x", "--yes")


def test_holds_are_placed_listed_and_released(person: Person) -> None:
    placed = run(
        "hold",
        "place",
        "--case",
        str(person.email_case.number),
        "--reason",
        "Klage i Forbrukerrådet",
    )
    hold = LegalHold.objects.get()
    assert f"Legal hold {hold.pk} placed." in placed
    assert "Klage i Forbrukerrådet" in run("hold", "list")

    run("hold", "release", str(hold.pk))

    hold.refresh_from_db()
    assert hold.released_at is not None
    assert run("hold", "list") == ""
    assert list(
        AuditEvent.objects.filter(action__startswith="legal_hold.").values_list("action", flat=True)
    ) == ["legal_hold.released", "legal_hold.placed"]


def test_a_hold_needs_a_reason_and_a_real_target(person: Person) -> None:
    with pytest.raises(CommandError, match="Say why"):
        run("hold", "place", "--customer", str(person.customer.pk), "--reason", "  ")
    with pytest.raises(CommandError, match="no such"):
        run("hold", "place", "--case", "99999", "--reason", "Tvist")
