"""What Lytte holds about one customer, as plain JSON-ready rows for the export."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from lytte.audit.models import AccessRecord, AuditEvent
from lytte.audit.selectors import access_log
from lytte.cases.models import Case, Contact, ContactReason
from lytte.customers.models import Customer, Organization
from lytte.mail.models import InboundMessage, OutboundMessage
from lytte.phone.models import Call

Row = dict[str, Any]


def _name(user: Any) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def _reason(reason: ContactReason | None) -> Row | None:
    return None if reason is None else {"code": reason.code, "name": reason.localized_name()}


def customer_record(customer: Customer) -> Row:
    organization = customer.organization
    return {
        "id": customer.pk,
        "name": customer.name,
        "language": customer.language,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
        "last_contact_at": customer.last_contact_at,
        "organization": None
        if organization is None
        else {
            "id": organization.pk,
            "name": organization.name,
            "org_number": organization.org_number,
        },
        "contact_points": [
            {
                "kind": point.kind,
                "value": point.value,
                "display": point.display,
                "verified": point.verified,
                "failing_since": point.failing_since,
                "failure": point.failure,
                "created_at": point.created_at,
            }
            for point in customer.contact_points.all()
        ],
    }


def _organization(organization: Organization) -> Row:
    return {"id": organization.pk, "name": organization.name, "org_number": organization.org_number}


def cases_of(customer: Customer) -> QuerySet[Case]:
    """The customer's cases, and any other case holding a contact of theirs."""
    return (
        Case.objects.filter(Q(customer=customer) | Q(contacts__customer=customer))
        .distinct()
        .select_related("reason", "team", "assignee", "organization")
        .order_by("created_at", "id")
    )


def messages_of(customer: Customer) -> tuple[list[int], list[int], dict[int, list[str]]]:
    """Ids of the emails received and sent on the customer's cases or as their contacts, and
    each contact's file names."""
    theirs = Q(case__customer=customer) | Q(contact__customer=customer)
    files: dict[int, list[str]] = defaultdict(list)
    inbound = list(
        InboundMessage.objects.filter(theirs)
        .order_by("received_at", "id")
        .values_list("pk", "contact_id")
    )
    outbound = list(
        OutboundMessage.objects.filter(theirs)
        .order_by("created_at", "id")
        .values_list("pk", "contact_id")
    )
    for pk, contact_id in inbound:
        files[contact_id or 0].append(inbound_file(pk))
    for pk, contact_id in outbound:
        files[contact_id or 0].append(outbound_file(pk))
    return [pk for pk, _c in inbound], [pk for pk, _c in outbound], files


def inbound_file(pk: int) -> str:
    return f"messages/in-{pk}.eml"


def outbound_file(pk: int) -> str:
    return f"messages/out-{pk}.eml"


def case_records(
    customer: Customer, cases: QuerySet[Case], message_files: dict[int, list[str]]
) -> Iterator[Row]:
    """Their cases with every contact; another's case holding a contact of theirs with only
    their own contacts (what others said there is not theirs to receive)."""
    for case in cases.iterator(chunk_size=100):
        contacts = case.contacts.select_related("reason", "handled_by")
        if case.customer_id != customer.pk:
            contacts = contacts.filter(customer=customer)
        yield {
            "number": case.number,
            "subject": case.subject,
            "status": case.status,
            "priority": case.priority,
            "channel": case.channel,
            "reason": _reason(case.reason),
            "organization": case.organization.name if case.organization else None,
            "team": case.team.name if case.team else None,
            "assignee": _name(case.assignee),
            "created_at": case.created_at,
            "first_response_at": case.first_response_at,
            "resolved_at": case.resolved_at,
            "closed_at": case.closed_at,
            "contacts": [
                _contact_record(contact, message_files.get(contact.pk, [])) for contact in contacts
            ],
        }


def _contact_record(contact: Contact, files: list[str]) -> Row:
    return {
        "id": contact.pk,
        "channel": contact.channel,
        "direction": contact.direction,
        "address": contact.address,
        "text": contact.body,
        "reason": _reason(contact.reason),
        "started_at": contact.started_at,
        "ended_at": contact.ended_at,
        "handled_by": _name(contact.handled_by),
        "messages": files,
    }


def call_records(customer: Customer) -> Iterator[Row]:
    theirs = (
        Q(customer=customer) | Q(contact__customer=customer) | Q(contact__case__customer=customer)
    )
    calls = (
        Call.objects.filter(theirs)
        .distinct()
        .select_related("team", "answered_by", "contact__case")
        .order_by("started_at", "id")
    )
    for call in calls.iterator(chunk_size=200):
        duration = call.duration
        yield {
            "call_id": call.call_id,
            "direction": call.direction,
            "from": call.from_number,
            "to": call.to_number,
            "customer_number": call.caller,
            "queue": call.queue,
            "team": call.team.name if call.team else None,
            "state": call.state,
            "missed": call.missed,
            "started_at": call.started_at,
            "answered_at": call.answered_at,
            "ended_at": call.ended_at,
            "duration_seconds": None if duration is None else int(duration.total_seconds()),
            "answered_by": _name(call.answered_by),
            "called_back_at": call.called_back_at,
            "case": call.contact.case.number if call.contact else None,
        }


def access_records(customer: Customer) -> Iterator[Row]:
    record: AccessRecord
    for record in access_log(customer.pk).iterator(chunk_size=500):
        yield {
            "at": record.created_at,
            "who": _name(record.user),
            "through": record.channel,
            "case": record.case_number,
        }


def audit_records(customer: Customer, case_numbers: dict[int, int]) -> Iterator[Row]:
    """Audit events about the customer and about their own cases (case id → number), oldest
    first."""
    types = ContentType.objects.get_for_models(Customer, Case)
    about = Q(target_type=types[Customer], target_id=str(customer.pk)) | Q(
        target_type=types[Case], target_id__in=[str(pk) for pk in case_numbers]
    )
    events = (
        AuditEvent.objects.filter(about)
        .select_related("actor", "target_type")
        .order_by("created_at", "id")
    )
    for event in events.iterator(chunk_size=500):
        yield {
            "at": event.created_at,
            "who": _name(event.actor),
            "action": event.action,
            "case": None
            if event.target_type_id == types[Customer].pk
            else case_numbers.get(int(event.target_id)),
            "details": event.data,
        }
