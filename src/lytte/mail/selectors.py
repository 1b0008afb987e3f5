"""Reads for the desk: the email side of a case's contacts, and whom a reply goes to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lytte.cases.models import Case, Channel, Contact, Direction
from lytte.customers.addresses import AddressKind
from lytte.customers.models import ContactPoint
from lytte.mail.models import Attachment, InboundMessage, Mailbox, OutboundMessage
from lytte.mail.services.outbound import mailbox_for


@dataclass(frozen=True)
class EmailOfContact:
    """What the timeline shows of a contact that is an email."""

    message: InboundMessage | OutboundMessage
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def inbound(self) -> bool:
        return isinstance(self.message, InboundMessage)


def emails_of(contact_ids: Iterable[int]) -> dict[int, EmailOfContact]:
    """Contact id → its email, for the contacts that are emails (three queries, not one each)."""
    ids = list(contact_ids)
    if not ids:
        return {}
    received = list(
        InboundMessage.objects.filter(contact_id__in=ids)
        .defer("raw")
        .prefetch_related("attachments")
    )
    sent = OutboundMessage.objects.filter(contact_id__in=ids).defer("raw")
    emails: dict[int, EmailOfContact] = {}
    for message in received:
        # Sent to two of our mailboxes, a message is one contact: show it once.
        emails.setdefault(
            message.contact_id or 0, EmailOfContact(message, list(message.attachments.all()))
        )
    for outbound in sent:
        emails[outbound.contact_id or 0] = EmailOfContact(outbound)
    return emails


@dataclass(frozen=True)
class ReplyTarget:
    mailbox: Mailbox | None
    to: str  # who the reply goes to: the last sender, else the customer's email
    failing: list[ContactPoint]  # addresses of the customer that bounced


def reply_target(case: Case) -> ReplyTarget:
    # The contact keeps the sender's address as written (the message's `sender` is the
    # lower-cased form that matching uses), and replies go to it as written.
    last = (
        Contact.objects.filter(case=case, channel=Channel.EMAIL, direction=Direction.INBOUND)
        .exclude(address="")
        .order_by("-started_at")
        .values_list("address", flat=True)
        .first()
    )
    # The customer's few addresses, found by customer alone: with the kind in the WHERE clause
    # SQLite walks the (kind, value) index through every email address of every customer.
    points = (
        [
            point
            for point in ContactPoint.objects.filter(customer_id=case.customer_id)
            if point.kind == AddressKind.EMAIL
        ]
        if case.customer_id
        else []
    )
    to = last or next((point.value for point in points if point.failing_since is None), "")
    return ReplyTarget(
        mailbox=mailbox_for(case),
        to=to,
        failing=[point for point in points if point.failing_since is not None],
    )


def inbound_message(pk: int) -> InboundMessage | None:
    return InboundMessage.objects.select_related("case", "mailbox").filter(pk=pk).first()


def attachment(pk: int) -> Attachment | None:
    return Attachment.objects.select_related("message__case").filter(pk=pk).first()
