"""Erasing a customer leaves every report figure as it was and no trace of the person."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lytte.accounts.models import User
from lytte.audit.models import AuditEvent
from lytte.cases.events import CaseChanged
from lytte.cases.models import Case, Channel, Contact
from lytte.cases.services import open_case
from lytte.customers.models import ContactPoint
from lytte.customers.services import create_customer
from lytte.insights import dashboard, live_figures
from lytte.insights.rollups import mark_all_stale, refresh_stale
from lytte.insights.selectors import suggestion_accuracy
from lytte.mail.models import InboundMessage
from lytte.phone.models import Call
from lytte.platform.events import subscribe, unsubscribe
from lytte.privacy.services import (
    ErasureRefused,
    erase_customer,
    place_hold,
    release_hold,
)
from lytte.privacy.tests.conftest import EMAIL, Person, traces, word_index_traces


def figures(person: Person) -> dict[str, Any]:
    """Every figure the insights dashboards show, recomputed from the raw rows."""
    mark_all_stale()
    while refresh_stale():
        pass
    today = timezone.localdate()
    periods = [
        dashboard.Filters(today - timedelta(days=30), today),
        dashboard.Filters(today - timedelta(days=30), today, channel="email"),
        dashboard.Filters(
            today - timedelta(days=30), today, organization=person.customer.organization_id
        ),
    ]
    result: dict[str, Any] = {}
    for n, filters in enumerate(periods):
        rows = dashboard.breakdown(filters)
        result[f"{n}:breakdown"] = sorted(map(repr, rows.rows))
        result[f"{n}:weeks"] = dashboard.contacts_per_week(filters)
        result[f"{n}:chart"] = dashboard.weekly_chart(filters)
        result[f"{n}:top"] = dashboard.top_reasons_table(filters)
        result[f"{n}:channels"] = dashboard.channel_mix(filters)
        result[f"{n}:key"] = dashboard.key_figures(filters)
        result[f"{n}:behind"] = sorted(
            Case.objects.filter(dashboard.cases_behind(filters)).values_list("pk", flat=True)
        )
    live = live_figures.today()
    live.pop("now")
    result["live"] = live
    result["accuracy"] = [repr(row) for row in suggestion_accuracy()]
    result["calls"] = sorted(
        Call.objects.values_list("state", "missed", "started_at", "answered_at", "ended_at")
    )
    return result


def test_erasure_keeps_every_figure_and_leaves_no_trace(person: Person, admin_user: User) -> None:
    before = figures(person)
    assert before["0:key"]["contacts"] >= 2
    assert {needle for _table, needle in traces()} >= {"Åse Bjørndal-Ødegård", "Storgata 12B"}

    erase_customer(customer=person.customer, erased_by=admin_user, reason="Kunden ba om sletting")

    assert figures(person) == before
    assert traces() == []
    assert word_index_traces() == []


def test_the_rows_reports_count_stay_and_the_customer_is_a_placeholder(
    person: Person, admin_user: User
) -> None:
    contacts = Contact.objects.filter(case__customer=person.customer).count()

    erase_customer(customer=person.customer, erased_by=admin_user, reason="Sletting")

    person.customer.refresh_from_db()
    assert person.customer.name == "Erased customer"
    assert not ContactPoint.objects.filter(customer=person.customer).exists()
    assert Contact.objects.filter(case__customer=person.customer).count() == contacts
    person.phone_case.refresh_from_db()
    assert person.phone_case.subject == "Invoice/payment"
    message = InboundMessage.objects.get(case=person.email_case)
    assert not message.attachments.exists()
    assert b"This message was removed." in bytes(message.raw)


def test_the_erasure_is_audited_without_personal_data(person: Person, admin_user: User) -> None:
    erase_customer(customer=person.customer, erased_by=admin_user, reason="Art. 17-forespørsel")

    event = AuditEvent.objects.get(action="customer.erased")
    assert event.actor == admin_user
    assert event.target_id == str(person.customer.pk)
    assert event.data == {"reason": "Art. 17-forespørsel"}


def test_erasing_twice_is_harmless(person: Person, admin_user: User) -> None:
    erase_customer(customer=person.customer, erased_by=admin_user, reason="Første gang")
    before = figures(person)

    erase_customer(customer=person.customer, erased_by=admin_user, reason="Andre gang")

    assert figures(person) == before
    assert traces() == []
    reasons = AuditEvent.objects.filter(action="customer.erased").values_list("data", flat=True)
    assert sorted(data["reason"] for data in reasons) == ["Andre gang", "Første gang"]


@pytest.mark.parametrize("on", ["customer", "case"])
def test_a_legal_hold_refuses_erasure_until_released(
    person: Person, admin_user: User, on: str
) -> None:
    target = {"customer": person.customer} if on == "customer" else {"case": person.phone_case}
    hold = place_hold(reason="Tvist om faktura", placed_by=admin_user, **target)

    with pytest.raises(ErasureRefused, match="legal hold"):
        erase_customer(customer=person.customer, erased_by=admin_user, reason="Sletting")
    person.customer.refresh_from_db()
    assert person.customer.name == "Åse Bjørndal-Ødegård"

    release_hold(hold=hold, released_by=admin_user)
    erase_customer(customer=person.customer, erased_by=admin_user, reason="Sletting")
    person.customer.refresh_from_db()
    assert person.customer.name == "Erased customer"


def test_erasure_needs_a_reason(person: Person, admin_user: User) -> None:
    with pytest.raises(ValidationError):
        erase_customer(customer=person.customer, erased_by=admin_user, reason="  ")


def test_a_shared_address_s_mail_on_another_customer_s_case_stays(
    person: Person, admin_user: User
) -> None:
    partner = create_customer(name="Bjørn Ødegård", emails=[EMAIL])
    theirs = open_case(channel=Channel.EMAIL, opened_by=None, customer=partner)
    message = InboundMessage.objects.get(case=person.email_case)
    InboundMessage.objects.filter(pk=message.pk).update(case=theirs, contact=None)

    erase_customer(customer=person.customer, erased_by=admin_user, reason="Sletting")

    assert b"Storgata 12B" in bytes(InboundMessage.objects.get(pk=message.pk).raw)
    assert ContactPoint.objects.filter(customer=partner, value=EMAIL).exists()


def test_open_desks_hear_that_the_cases_changed(
    person: Person, admin_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    heard: list[CaseChanged] = []
    subscribe(CaseChanged)(heard.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            erase_customer(customer=person.customer, erased_by=admin_user, reason="Sletting")
    finally:
        unsubscribe(CaseChanged, heard.append)

    assert {event.case_id for event in heard} == {person.email_case.pk, person.phone_case.pk}
    assert all("subject" in event.fields for event in heard)
