"""The web channel: a signed-in customer's replies and new cases from the portal's forms, and
what of their cases they may read (decisions 25 and 33).

Writes go through the core's one entry, `receive_contact`, with the customer the portal has
authenticated as the contact's identity: a reply names its case in the thread hint, and the
web channel's case rule continues that case only for an authenticated contact of the case's
own customer (a resolved case opens again; a closed one is never continued). The form's client
token is the contact's external id, so a double submit logs one contact.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lytte.cases.models import Case, Channel, Contact, Direction, Status
from lytte.cases.rules import InboundContact, Sender, ThreadHint
from lytte.cases.services import ReceivedContact, receive_contact
from lytte.customers.models import Customer

THREAD_PREFIX = "portal-case:"
CLIENT_TOKEN = re.compile(r"^[0-9a-f]{32}$")
# What of a case its customer reads: what they sent and what was sent to them in writing. Calls
# are listed without the agent's notes; internal notes never.
WRITTEN_CHANNELS = (Channel.EMAIL, Channel.WEB, Channel.CHAT, Channel.FORUM)


def web_case_rule(contact: InboundContact, sender: Sender) -> Case | None:
    """A portal reply continues the case it names, if the authenticated sender's own."""
    hint = contact.thread.thread_id
    if contact.identity is None or not hint.startswith(THREAD_PREFIX):
        return None
    number = hint[len(THREAD_PREFIX) :]
    if not number.isdigit():
        return None
    return Case.objects.filter(number=int(number), customer=contact.identity).first()


def customer_cases(customer: Customer) -> QuerySet[Case]:
    """The customer's cases, newest first."""
    return Case.objects.filter(customer=customer).order_by("-created_at", "-pk")


def customer_case(customer: Customer, number: int) -> Case | None:
    """One of the customer's cases by number; None for anyone else's (the view answers 404)."""
    return customer_cases(customer).filter(number=number).first()


def visible_contacts(case: Case) -> QuerySet[Contact]:
    """The contacts of `case` its customer may see, oldest first."""
    return (
        case.contacts.filter(direction__in=(Direction.INBOUND, Direction.OUTBOUND))
        .filter(Q(channel__in=WRITTEN_CHANNELS) | Q(channel=Channel.PHONE))
        .order_by("started_at", "pk")
    )


def can_reply(case: Case) -> bool:
    return case.status != Status.CLOSED


def reply(*, customer: Customer, case: Case, body: str, client_token: str) -> ReceivedContact:
    """The customer's reply on their own case, as a web contact. Raises ValidationError."""
    if case.customer_id != customer.pk:
        raise ValidationError({"body": [_("That case is not yours.")]})
    if not can_reply(case):
        raise ValidationError({"body": [_("This case is closed: open a new case instead.")]})
    return _receive(
        customer=customer,
        body=body,
        subject="",
        client_token=client_token,
        thread=ThreadHint(thread_id=f"{THREAD_PREFIX}{case.number}"),
    )


def open_case(*, customer: Customer, subject: str, body: str, client_token: str) -> ReceivedContact:
    """A new case from the portal's form, as a web contact. Raises ValidationError."""
    subject = " ".join(subject.split())[:200]
    if not subject:
        raise ValidationError({"subject": [_("Say in a few words what it is about.")]})
    return _receive(
        customer=customer,
        body=body,
        subject=subject,
        client_token=client_token,
        thread=ThreadHint(),
    )


def _receive(
    *, customer: Customer, body: str, subject: str, client_token: str, thread: ThreadHint
) -> ReceivedContact:
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write your message.")]})
    if not CLIENT_TOKEN.fullmatch(client_token):
        raise ValidationError({"body": [_("The form has expired: send it again.")]})
    received = receive_contact(
        InboundContact(
            channel=Channel.WEB,
            identity=customer,
            thread=thread,
            body=body,
            subject=subject,
            # The customer's own: another customer's token can never name this contact.
            external_id=f"portal:{customer.pk}:{client_token}",
        ),
        new_case=not thread.thread_id,
    )
    if received.case.customer_id != customer.pk:  # not reachable: the id carries the customer
        raise ValidationError({"body": [_("That case is not yours.")]})
    return received
