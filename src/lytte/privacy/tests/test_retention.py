"""Retention purges what is past its age, kind by kind, keeps every report figure, tells in a dry
run what it would do, and leaves alone whatever a legal hold covers."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from lytte.accounts.models import User
from lytte.audit.models import AccessChannel, AccessRecord, AuditEvent
from lytte.audit.services import record_access
from lytte.cases.models import Case, Contact
from lytte.customers.services import create_customer
from lytte.mail.models import Attachment, InboundMessage, OutboundMessage
from lytte.phone.models import Call, CtiEvent
from lytte.privacy.models import RetentionRun
from lytte.privacy.retention import removed_raw
from lytte.privacy.services import place_hold, release_hold, run_retention
from lytte.privacy.tests.conftest import EMAIL, NAME, STREET, Person, traces
from lytte.privacy.tests.test_erasure import figures

# Past the default ages of message bodies, attachments and call numbers, not of cases and audit.
LATER = timezone.now() + timedelta(days=740)
# Past every default age.
FAR = timezone.now() + timedelta(days=5 * 365 + 10)


def report(run: RetentionRun) -> dict[str, int]:
    return {line["kind"]: line["rows"] if run.dry_run else line["purged"] for line in run.report}


def test_a_dry_run_counts_and_changes_nothing(person: Person) -> None:
    run = run_retention(dry_run=True, now=LATER)

    counts = report(run)
    assert counts["message_bodies"] >= 3  # the message, the reply and the email contact
    assert counts["attachments"] == 1
    assert counts["call_records"] == 1
    assert counts["closed_cases"] == 0
    assert counts["audit_entries"] == 0
    assert report(run_retention(dry_run=True, now=FAR))["closed_cases"] == 2
    assert Attachment.objects.count() == 1
    assert AuditEvent.objects.filter(action="retention.dry_run").exists()
    assert {needle for _table, needle in traces()} >= {NAME, STREET}


def test_nothing_is_purged_before_its_time(person: Person) -> None:
    run = run_retention(dry_run=False)

    assert set(report(run).values()) == {0}


def test_purging_keeps_every_figure_and_removes_the_content(person: Person) -> None:
    before = figures(person)

    run = run_retention(dry_run=False, now=LATER)

    assert report(run)["attachments"] == 1
    assert figures(person) == before
    message = InboundMessage.objects.get(case=person.email_case)
    assert bytes(message.raw) == removed_raw()
    assert not OutboundMessage.objects.exclude(raw=removed_raw()).exists()
    assert not Contact.objects.filter(channel="email").exclude(body="").exists()
    call = Call.objects.get()
    assert (call.caller, call.from_number, call.to_number) == ("", "", "")
    assert all("from" not in event.payload for event in CtiEvent.objects.all())
    # A second run finds nothing left to do.
    assert set(report(run_retention(dry_run=True, now=LATER)).values()) == {0}


def test_finished_cases_and_audit_entries_past_their_age_go(person: Person) -> None:
    before = figures(person)

    run = run_retention(dry_run=False, now=FAR)

    assert report(run)["closed_cases"] == 2
    assert figures(person) == before
    assert Case.objects.filter(customer=person.customer).count() == 2
    assert not AuditEvent.objects.exclude(action__startswith="retention.").exists()
    # The customer's own record is not a case's: it stays until erased; so do what they
    # wrote in the community, which is public and theirs, not a case's (decision 37).
    assert {table.removesuffix("_name_folded_fts") for table, _needle in traces()} == {
        "customers_customer",
        "customers_contactpoint",
        "django_admin_log",
        "insights_labelledtext",
        "community_member",
        "community_thread",
        "community_post",
        "community_revision",
    }


def test_attachments_alone_go_and_the_text_stays(person: Person, settings: object) -> None:
    settings.RETENTION_DAYS = {"attachments": 1}  # type: ignore[attr-defined]

    run_retention(dry_run=False, now=timezone.now() + timedelta(days=2))

    message = InboundMessage.objects.get(case=person.email_case)
    raw = bytes(message.raw)
    assert b"Fakturaen til" in raw
    assert not message.attachments.exists()
    assert "faktura.txt" not in raw.decode(errors="replace")
    assert b"Kundenummer" not in raw
    assert EMAIL.encode() in raw


@pytest.mark.parametrize("on", ["customer", "case"])
def test_a_legal_hold_suspends_retention(person: Person, admin_user: User, on: str) -> None:
    target = {"customer": person.customer} if on == "customer" else {"case": person.email_case}
    hold = place_hold(reason="Klagesak", placed_by=admin_user, **target)

    run_retention(dry_run=False, now=FAR)

    message = InboundMessage.objects.get(case=person.email_case)
    assert bytes(message.raw) != removed_raw()
    assert message.attachments.exists()
    assert AuditEvent.objects.filter(action="customer.created").exists()

    release_hold(hold=hold, released_by=admin_user)
    run_retention(dry_run=False, now=FAR)
    assert bytes(InboundMessage.objects.get(case=person.email_case).raw) == removed_raw()


def test_the_command_prints_what_a_dry_run_would_purge(person: Person, settings: object) -> None:
    settings.RETENTION_DAYS = {"attachments": 1, "audit_entries": 0}  # type: ignore[attr-defined]
    out = StringIO()

    call_command("privacy", "retention", "--dry-run", stdout=out)

    assert "Attachments: would purge 0 (older than 1 days, before " in out.getvalue()
    assert "Audit entries: kept for ever" in out.getvalue()
    assert Attachment.objects.count() == 1


def test_finished_cases_past_their_age_lose_the_audit_details_too(
    person: Person, settings: Any
) -> None:
    settings.RETENTION_DAYS = {"closed_cases": 1, "audit_entries": 0}

    run_retention(dry_run=False, now=timezone.now() + timedelta(days=2))

    tables = {table for table, _needle in traces()}
    assert "audit_auditevent" in tables  # the customer's own rows: they are not erased
    case_type = ContentType.objects.get_for_model(Case)
    case_events = AuditEvent.objects.filter(target_type=case_type)
    assert case_events.exists()
    assert not [e.data for e in case_events if "Storgata" in json.dumps(e.data, ensure_ascii=False)]


def test_the_access_log_goes_after_its_age_but_not_under_a_hold(
    person: Person, supervisor: User, admin_user: User
) -> None:
    other = create_customer(name="Mikko Särkkä", phones=["+358 40 123 4567"])
    for customer in (person.customer, other):
        record_access(user=supervisor, customer=customer.pk, channel=AccessChannel.CUSTOMER_PAGE)
    place_hold(reason="Tvist om fakturaen", placed_by=admin_user, customer=person.customer)

    assert report(run_retention(dry_run=True, now=LATER))["access_log"] == 1
    run_retention(dry_run=False, now=LATER)

    kept = AccessRecord.objects.values_list("customer_id", flat=True)
    assert person.customer.pk in kept
    assert other.pk not in kept
