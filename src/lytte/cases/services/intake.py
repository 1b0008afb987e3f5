"""The one way in (decision 25): every inbound contact, whatever its channel, is received here.

In one transaction the entry identifies the sender, places the contact on a case (the case an
agent chose, the one the channel's case rule names, or a new one), logs it, and announces it
with one ContactLogged that says whether the contact opened its case. A retry with the same
external id returns the first contact and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Contact, ContactReason, Status
from lytte.cases.policies import can_work_on, ensure_can_work_on
from lytte.cases.rules import InboundContact, Sender, case_rule_for
from lytte.cases.services.common import UNSET, _Unset
from lytte.cases.services.contacts import (
    clean_external_id,
    existing_contact,
    new_contact,
    save_contact,
)
from lytte.cases.services.opening import create_case
from lytte.customers.addresses import InvalidAddress
from lytte.customers.models import Customer, Organization
from lytte.customers.selectors import Identification, identify
from lytte.customers.services import create_customer_at


@dataclass(frozen=True)
class NewCustomer:
    """Make the sender a customer when their contact opens a case. By default only a stranger
    (an address that names no customer; a readable one), in the organization owning their
    address; `always` when an agent said this is someone new, in the `organization` they chose."""

    name: str
    organization: Organization | _Unset | None = UNSET
    always: bool = False


@dataclass(frozen=True)
class NewCaseAt:
    """Where a case the contact opens goes, and the way in it came through: the calendar of the
    channel's mailbox, phone queue or chat widget, and its name. The core keeps nothing of the
    calendar: it passes it on in the ContactLogged that says the contact opened the case, for
    the SLA to count the case's business time on it (decision 51)."""

    team: Team | None = None
    assignee: User | None = None
    calendar_id: int | None = None
    via: str = ""


@dataclass(frozen=True)
class ReceivedContact:
    contact: Contact
    case: Case
    customer: Customer | None
    opened_case: bool  # the contact opened `case`
    created: bool  # False for a retry of a contact received before (nothing changed)
    identification: Identification | None = None  # what the sender's address told


class _AlreadyReceived(Exception):
    """A concurrent retry committed the contact first: undo this attempt, return theirs."""

    def __init__(self, contact: Contact) -> None:
        self.contact = contact


def receive_contact(
    inbound: InboundContact,
    *,
    actor: User | None = None,
    new_case_at: NewCaseAt | None = None,
    onto: Case | None = None,
    new_case: bool = False,
    new_customer: NewCustomer | None = None,
    reason: ContactReason | None = None,
    identify_sender: bool = True,
) -> ReceivedContact:
    """Receive one contact. `actor` is the person logging it (None for a channel on its own);
    `onto` is an open case of the sender's an agent chose, `new_case` says the agent wants a new
    one, otherwise the channel's rule decides. `identify_sender=False` when the agent has said
    who it is (`inbound.identity`) or that it is nobody yet."""
    external_id = clean_external_id(inbound.external_id)
    if first := existing_contact(inbound.channel, external_id):
        return _first(first)
    try:
        with transaction.atomic():
            return _receive(
                inbound,
                external_id,
                actor=actor,
                at=new_case_at or NewCaseAt(),
                onto=onto,
                new_case=new_case,
                new_customer=new_customer,
                reason=reason,
                identify_sender=identify_sender,
            )
    except _AlreadyReceived as retry:
        return _first(retry.contact)


def _first(contact: Contact) -> ReceivedContact:
    return ReceivedContact(contact, contact.case, contact.customer, False, False)


def _receive(
    inbound: InboundContact,
    external_id: str | None,
    *,
    actor: User | None,
    at: NewCaseAt,
    onto: Case | None,
    new_case: bool,
    new_customer: NewCustomer | None,
    reason: ContactReason | None,
    identify_sender: bool,
) -> ReceivedContact:
    sender = _sender(inbound, identify_sender)
    if onto is not None:
        _ensure_may_continue(onto, sender, actor or inbound.handled_by)
    case = onto or (None if new_case else _continued(inbound, sender, actor))
    opened = case is None
    if case is None:
        customer = _customer(inbound, sender, new_customer, actor)
        case = create_case(
            channel=inbound.channel,
            opened_by=actor,
            customer=customer,
            organization=customer.organization if customer else _organization(sender),
            subject=inbound.subject,
            team=at.team,
            assignee=at.assignee,
        )
    contact = new_contact(
        case=case,
        channel=inbound.channel,
        direction=inbound.direction,
        external_id=external_id,
        address=inbound.address,
        body=inbound.body,
        reason=reason,
        started_at=inbound.started_at or timezone.now(),
        ended_at=inbound.ended_at,
        handled_by=inbound.handled_by,
    )
    logged = save_contact(
        contact,
        logged_by=actor,
        opened_case=opened,
        entry_calendar_id=at.calendar_id if opened else None,
        entry_via=at.via if opened else "",
    )
    if not logged.created:
        raise _AlreadyReceived(logged.contact)
    return ReceivedContact(
        contact, case, case.customer, opened, True, identification=sender.identification
    )


def _sender(inbound: InboundContact, identify_sender: bool) -> Sender:
    """The verified identity when the channel has one; else who the address names."""
    if inbound.identity is not None or not identify_sender or not inbound.address.strip():
        return Sender(inbound.identity)
    try:
        found = identify(inbound.address)
    except InvalidAddress:
        return Sender(None)  # withheld or unreadable: still a contact, just nameless
    return Sender(found.customer, found)


def _organization(sender: Sender) -> Organization | None:
    return sender.identification.organization if sender.identification else None


def _continued(inbound: InboundContact, sender: Sender, actor: User | None) -> Case | None:
    """The case the channel's rule says the contact continues (None: a new case). A resolved
    case may be continued (the customer came back: it opens again); a closed one never, nor
    one the person logging the contact may not work on."""
    rule = case_rule_for(inbound.channel)
    case = rule(inbound, sender) if rule is not None else None
    if case is None or case.status == Status.CLOSED or not can_work_on(actor, case):
        return None
    return case


def _customer(
    inbound: InboundContact, sender: Sender, new_customer: NewCustomer | None, actor: User | None
) -> Customer | None:
    """The customer a new case is for: the sender, or a new customer made of them."""
    if new_customer is None or not (new_customer.always or _stranger(sender)):
        return sender.customer
    organization = new_customer.organization
    return create_customer_at(
        name=new_customer.name[:200],
        address=inbound.address,
        organization=_organization(sender) if isinstance(organization, _Unset) else organization,
        created_by=actor,
    )


def _stranger(sender: Sender) -> bool:
    return sender.identification is not None and not sender.identification.customers


def _ensure_may_continue(case: Case, sender: Sender, agent: User | None) -> None:
    """An agent's chosen case: one they may work on, open, and the sender's own."""
    ensure_can_work_on(agent, case)
    if not case.is_open:
        raise ValidationError(
            {"case": [_("Case #%(number)s is not open.") % {"number": case.number}]}
        )
    customer_id = sender.customer.pk if sender.customer else None
    if case.customer_id != customer_id:
        raise ValidationError({"case": [_("That case belongs to another customer.")]})
