"""/contacts: single interactions (calls, emails, chats, notes), logged on a given case through
lytte.cases.services.log_contact or, without a case, received through the core entry
(receive_contact) as any channel's contact is; both make a channel's retries harmless."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from lytte.accounts.models import Team, User
from lytte.api import references
from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.privacy import log_filtered_read, log_read
from lytte.api.schemas.cases import AttachIn, ContactFilters, ContactIn, ContactOut, ThreadIn
from lytte.api.schemas.common import ERRORS, Id
from lytte.cases import selectors, services
from lytte.cases.models import Contact
from lytte.cases.rules import InboundContact, ThreadHint
from lytte.customers.models import Customer

router = Router(tags=["contacts"])


def _contact(user: User, contact_id: int) -> Contact:
    """A contact the caller may see (its case's rule); 404 otherwise, as for none at all."""
    contacts = selectors.contacts_with_relations(selectors.visible_contacts(user))
    return get_object_or_404(contacts, pk=contact_id)


def _filtered(contacts: QuerySet[Contact], filters: ContactFilters) -> QuerySet[Contact]:
    exact = {
        "case_id": filters.case,
        "customer_id": filters.customer,
        "channel": filters.channel,
        "direction": filters.direction,
        "reason_id": filters.reason,
        "started_at__gte": filters.started_after,
        "started_at__lt": filters.started_before,
    }
    return contacts.filter(**{key: value for key, value in exact.items() if value is not None})


@router.get("", response={200: list[ContactOut], **ERRORS})
@paginate(Pagination)
def list_contacts(request: HttpRequest, filters: Query[ContactFilters]) -> QuerySet[Contact]:
    """Most recent first. `started_before` is exclusive; times without an offset are local."""
    user = require(request, "cases.view_contact")
    log_filtered_read(user, filters.customer)
    visible = selectors.contacts_with_relations(selectors.visible_contacts(user))
    contacts = _filtered(visible, filters)
    return contacts.order_by("-started_at", "-id")


@router.post("", response={200: ContactOut, 201: ContactOut, **ERRORS})
def log_contact(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    """201 with the new contact; 200 with the first one when the channel's `external_id` was
    logged before (a retry), which changes nothing. With `case`, the contact is logged on that
    case. Without it, the contact is received as any channel's is: the sender is found by
    `customer` or `address`, and the channel's rule continues their case or opens a new one
    (in `team`, for a new customer as nobody yet)."""
    user = require(request, "cases.add_contact")
    if payload.case is None:
        received = services.receive_contact(
            _inbound(payload),
            actor=user,
            reason=references.optional_reason(payload.reason),
            new_case_at=services.NewCaseAt(team=references.optional(Team, payload.team, "team")),
        )
        return Status(201 if received.created else 200, _contact(user, received.contact.pk))
    logged = services.log_contact(
        case=references.referenced_among(selectors.visible_cases(user), payload.case, "case"),
        channel=payload.channel,
        direction=payload.direction,
        logged_by=user,
        body=payload.body,
        address=payload.address,
        external_id=payload.external_id,
        started_at=payload.started_at,
        ended_at=payload.ended_at,
        reason=references.optional_reason(payload.reason),
        handled_by=references.staff_member(payload.handled_by, "handled_by"),
    )
    return Status(201 if logged.created else 200, _contact(user, logged.contact.pk))


def _inbound(payload: ContactIn) -> InboundContact:
    """A contact without a case, as the core entry receives it from any channel."""
    if payload.customer is None and not payload.address.strip():
        raise ValidationError(
            {"case": [_("Give the case, or the customer or address the contact came from.")]}
        )
    return InboundContact(
        channel=payload.channel,
        direction=payload.direction,
        address=payload.address,
        identity=references.optional(Customer, payload.customer, "customer"),
        thread=_thread(payload.thread),
        body=payload.body,
        subject=payload.subject,
        external_id=payload.external_id,
        started_at=payload.started_at,
        ended_at=payload.ended_at,
        handled_by=references.staff_member(payload.handled_by, "handled_by"),
    )


def _thread(thread: ThreadIn | None) -> ThreadHint:
    if thread is None:
        return ThreadHint()
    return ThreadHint(
        message_ids=tuple(thread.message_ids),
        subject=thread.subject,
        call_id=thread.call_id,
        session_id=thread.session_id,
        thread_id=thread.thread_id,
    )


@router.get("/{contact_id}", response={200: ContactOut, **ERRORS})
def get_contact(request: HttpRequest, contact_id: Id) -> Contact:
    user = require(request, "cases.view_contact")
    contact = _contact(user, contact_id)
    log_read(user, contact.customer_id, contact.case)
    return contact


@router.post("/{contact_id}/attach", response={200: ContactOut, **ERRORS})
def attach_contact(request: HttpRequest, contact_id: Id, payload: AttachIn) -> Contact:
    """Move a contact to another open case of the same customer (e.g. a call that turned out
    to be about a case already open)."""
    user = require(request, "cases.change_case")
    contact = _contact(user, contact_id)
    case = references.referenced_among(selectors.visible_cases(user), payload.case, "case")
    services.attach_contact(contact=contact, case=case, attached_by=user)
    return _contact(user, contact_id)
