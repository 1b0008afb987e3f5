"""Contacts on cases: logging one (idempotent on the channel's external id), moving one to
another case, and completing what a channel learns later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.audit.services import record
from lytte.cases.events import ContactLogged
from lytte.cases.models import Case, Channel, Contact, ContactReason, Direction, Status
from lytte.cases.policies import ensure_can_work_on
from lytte.cases.services.common import LIVE_CHANNELS, announce_change, check_reason
from lytte.customers.services import note_contact
from lytte.platform.events import publish


@dataclass(frozen=True)
class LoggedContact:
    contact: Contact
    created: bool  # False when the channel's external id had been logged before


def clean_external_id(external_id: str | None) -> str | None:
    return (external_id or "").strip() or None


def existing_contact(channel: str, external_id: str | None) -> Contact | None:
    """The contact a channel logged before under `external_id` (a retry), if any."""
    if not external_id:
        return None
    return Contact.objects.filter(channel=channel, external_id=external_id).first()


@transaction.atomic
def log_contact(
    *,
    case: Case,
    channel: str,
    direction: str,
    logged_by: User | None,
    body: str = "",
    address: str = "",
    external_id: str | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    reason: ContactReason | None = None,
    handled_by: User | None = None,
    automatic: bool = False,
) -> LoggedContact:
    """Log one interaction on `case`. A repeat of a channel's external id returns the contact
    logged the first time and changes nothing (channels retry; nothing is logged twice).
    An `automatic` outbound contact (an acknowledgement, a survey: no person wrote it) is
    logged but is no answer: it neither sets the first response nor opens a new case."""
    external_id = clean_external_id(external_id)
    if existing := existing_contact(channel, external_id):
        return LoggedContact(existing, created=False)
    ensure_can_work_on(logged_by, case)
    contact = new_contact(
        case=case,
        channel=channel,
        direction=direction,
        external_id=external_id,
        address=address,
        body=body,
        reason=reason,
        started_at=started_at or timezone.now(),
        ended_at=ended_at,
        handled_by=handled_by,
    )
    return save_contact(contact, logged_by=logged_by, automatic=automatic)


def new_contact(*, case: Case, **fields: object) -> Contact:
    """An unsaved contact on `case`, checked: a refused one raises ValidationError."""
    contact = Contact(case=case, customer=case.customer, **fields)
    check_reason(contact.reason)
    if (contact.channel == Channel.NOTE) != (contact.direction == Direction.INTERNAL):
        raise ValidationError({"direction": [_("Internal notes are the only internal contacts.")]})
    if case.status == Status.CLOSED:
        raise ValidationError(
            {"case": [_("Case #%(number)s is closed; open a new case.") % {"number": case.number}]}
        )
    if contact.ended_at is not None and contact.ended_at < contact.started_at:
        raise ValidationError({"ended_at": [_("A contact cannot end before it starts.")]})
    contact.address = contact.address.strip()[:254]
    return contact


def save_contact(
    contact: Contact,
    *,
    logged_by: User | None,
    opened_case: bool = False,
    automatic: bool = False,
    entry_calendar_id: int | None = None,
    entry_via: str = "",
) -> LoggedContact:
    """Save a checked contact, move its case along, and announce it (one ContactLogged, which
    says whether the contact opened its case, and through which way in: `entry_calendar_id`,
    `entry_via`). Call it inside a transaction."""
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        # A concurrent retry of the same external id committed first: that one is the contact.
        if existing := existing_contact(contact.channel, contact.external_id):
            return LoggedContact(existing, created=False)
        raise
    case = contact.case
    resolved_before = case.resolved_at
    changed = [] if automatic else follow_contact(case, contact)
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    if case.customer is not None and contact.direction != Direction.INTERNAL:
        note_contact(customer=case.customer, at=contact.started_at)
    record(
        actor=logged_by,
        action="contact.logged",
        target=case,
        contact=contact,
        channel=contact.channel,
        direction=contact.direction,
    )
    _announce_contact(contact, opened_case, automatic, entry_calendar_id, entry_via)
    if changed and not opened_case:  # a case the contact opened is news enough in itself
        announce_change(case, changed, previous_resolved_at=resolved_before)
    return LoggedContact(contact, created=True)


def _announce_contact(
    contact: Contact,
    opened_case: bool,
    automatic: bool = False,
    entry_calendar_id: int | None = None,
    entry_via: str = "",
) -> None:
    case = contact.case
    publish(
        ContactLogged(
            contact_id=contact.pk,
            case_id=case.pk,
            channel=contact.channel,
            direction=contact.direction,
            team_id=case.team_id,
            assignee_id=case.assignee_id,
            opened_case=opened_case,
            automatic=automatic,
            entry_calendar_id=entry_calendar_id,
            entry_via=entry_via,
        )
    )


def follow_contact(case: Case, contact: Contact, answered_at: datetime | None = None) -> list[str]:
    """Move the case along after a contact; returns the fields it changed. A live contact
    answered later than it began (a chat taken from the queue) says when: `answered_at`."""
    changed: list[str] = []
    if contact.reason is not None and case.reason_id is None:
        case.reason = contact.reason
        changed.append("reason")
    answered = contact.direction == Direction.OUTBOUND or (
        contact.direction == Direction.INBOUND
        and contact.channel in LIVE_CHANNELS
        and contact.handled_by_id is not None
    )
    if answered and case.first_response_at is None:
        case.first_response_at = answered_at or contact.started_at
        changed.append("first_response_at")
    if contact.direction == Direction.INBOUND and case.status in (Status.PENDING, Status.RESOLVED):
        case.status = Status.OPEN  # the customer came back: the case needs someone again
        case.resolved_at = None
        changed += ["status", "resolved_at"]
    elif contact.direction != Direction.INBOUND and case.status == Status.NEW:
        case.status = Status.OPEN
        changed.append("status")
    return changed


@transaction.atomic
def attach_contact(*, contact: Contact, case: Case, attached_by: User | None) -> Contact:
    """Move a contact to another (open) case, e.g. a call that belongs to a case already open."""
    previous = contact.case
    if previous.pk == case.pk:
        return contact
    ensure_can_work_on(attached_by, previous)
    ensure_can_work_on(attached_by, case)
    if not case.is_open:
        raise ValidationError(
            {"case": [_("Case #%(number)s is not open.") % {"number": case.number}]}
        )
    if case.customer_id and contact.customer_id and case.customer_id != contact.customer_id:
        raise ValidationError({"case": [_("That case belongs to another customer.")]})
    contact.case = case
    contact.save(update_fields=["case"])
    record(actor=attached_by, action="contact.moved_out", target=previous, contact=contact, to=case)
    record(
        actor=attached_by, action="contact.moved_in", target=case, contact=contact, source=previous
    )
    announce_change(previous, ["contacts"])
    announce_change(case, ["contacts"])
    return contact


@transaction.atomic
def finish_contact(
    *,
    contact: Contact,
    ended_at: datetime | None = None,
    handled_by: User | None = None,
    body: str | None = None,
    answered_at: datetime | None = None,
) -> Contact:
    """Complete what a channel learns after a contact was logged: when it ended (a hangup), who
    handled it (an answer; `answered_at` when the answer came later than the contact began, as
    a chat taken from the queue: the case's first response), and its whole text once it is over
    (a chat's transcript replaces its first message). Fields already known are kept, the body
    aside."""
    fields: list[str] = []
    if body is not None and body != contact.body:
        contact.body = body
        fields.append("body")
    if ended_at is not None and contact.ended_at is None:
        contact.ended_at = max(ended_at, contact.started_at)
        fields.append("ended_at")
    if handled_by is not None and contact.handled_by_id is None:
        contact.handled_by = handled_by
        fields.append("handled_by")
    if not fields:
        return contact
    contact.save(update_fields=fields)
    case = contact.case
    resolved_before = case.resolved_at
    changed = follow_contact(case, contact, answered_at) if "handled_by" in fields else []
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    record(actor=None, action="contact.finished", target=case, contact=contact, fields=fields)
    announce_change(case, ["contacts", *changed], previous_resolved_at=resolved_before)
    return contact
