"""Incoming mail: keep each message as it came, then file it on the right customer and case.

Storing and filing are two transactions on purpose. The stored message is committed before the
IMAP server or the pushing provider hears that we have it, so nothing accepted is ever lost;
filing can fail (a bug, a locked row) and is simply tried again from what was stored.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.cases.models import Case, Channel, Direction, Status
from lytte.cases.rules import InboundContact
from lytte.cases.services import NewCaseAt, NewCustomer, log_contact, receive_contact, set_status
from lytte.customers.services import (
    clear_address_failure,
    mark_address_failing,
)
from lytte.mail.models import (
    Attachment,
    Delivery,
    InboundMessage,
    Mailbox,
    OutboundMessage,
    Outcome,
)
from lytte.mail.parsing import Bounce, ParsedMessage, parse_message
from lytte.mail.services.conversations import storming, thread_of
from lytte.mail.services.mailboxes import our_addresses
from lytte.mail.services.outbound import acknowledge

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Received:
    message: InboundMessage
    created: bool  # False when this message had been received before (a retry, a refetch)
    # Whether the same message reached another of our mailboxes too (unknown: None).
    elsewhere: bool | None = None


def receive_message(*, mailbox: Mailbox, raw: bytes, uid: int | None = None) -> Received:
    """Store a message (committed) and file it. Never raises for what the message contains: a
    message that cannot be filed stays stored, marked failed, for a retry. Call it outside any
    transaction: "stored" must mean committed."""
    return receive_messages(mailbox=mailbox, batch=[(raw, uid)])[0]


def receive_messages(
    *, mailbox: Mailbox, batch: Sequence[tuple[bytes, int | None]]
) -> list[Received]:
    """`receive_message` for a batch of (raw, IMAP UID) as one fetch brings them: stored in one
    transaction, then filed in a second, each message in a savepoint of its own (one message
    that cannot be filed does not hold up the others). Two commits a batch, not two a message."""
    prepared = []
    for raw, uid in batch:
        fitting = _within_limit(raw)
        prepared.append((fitting, parse_message(fitting), uid))
    # Durable: inside another transaction "stored" would not mean committed (decision 25).
    with transaction.atomic(durable=True):
        stored = [_store(mailbox, raw, parsed, uid) for raw, parsed, uid in prepared]
    results = []
    with transaction.atomic():
        for received, (_raw, parsed, _uid) in zip(stored, prepared, strict=True):
            if received.message.processed_at is None:
                filed = file_message(received.message, parsed, elsewhere=received.elsewhere)
                received = Received(filed, received.created)
            results.append(received)
    return results


def store_message(*, mailbox: Mailbox, raw: bytes) -> Received:
    """Store a message (committed) without filing it, and queue its filing for the worker. For
    large pushed messages: parsing a whole message costs some eight times its size in memory
    (the email package holds every line as a string), which the web server must not pay per
    request. Only the header block is read here; Message-ID, sender and subject come from it."""
    parsed = parse_message(raw[: _header_end(raw)])
    with transaction.atomic(durable=True):  # stored must mean committed
        received = _store(mailbox, raw, parsed, None)
        if received.created:
            from lytte.mail.tasks import file_stored_message  # (the tasks import the services)

            message_id = received.message.pk
            transaction.on_commit(lambda: file_stored_message.enqueue(message_id))
    return received


_HEADERS_WITHIN = 2**20  # a header block longer than this is read only this far


def _header_end(raw: bytes) -> int:
    """Where the header block ends (the first empty line), at most _HEADERS_WITHIN bytes in."""
    ends = [
        i
        for i in (raw.find(b"\r\n\r\n", 0, _HEADERS_WITHIN), raw.find(b"\n\n", 0, _HEADERS_WITHIN))
        if i >= 0
    ]
    return min(ends) + 2 if ends else min(len(raw), _HEADERS_WITHIN)


def _key(raw: bytes, parsed: ParsedMessage) -> str:
    if parsed.message_id and len(parsed.message_id) <= 200:
        return f"<{parsed.message_id}>"
    return "sha256:" + hashlib.sha256(parsed.message_id.encode() or raw).hexdigest()


def _store(mailbox: Mailbox, raw: bytes, parsed: ParsedMessage, uid: int | None) -> Received:
    key = _key(raw, parsed)
    copies = list(InboundMessage.objects.filter(key=key).values_list("pk", "mailbox_id"))
    if mine := next((pk for pk, mailbox_id in copies if mailbox_id == mailbox.pk), None):
        return Received(InboundMessage.objects.defer("raw").get(pk=mine), created=False)
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                mailbox=mailbox,
                key=key,
                message_id=parsed.message_id[:255],
                uid=uid,
                raw=raw if connection.vendor != "postgresql" else b"",
                size=len(raw),
                sender=parsed.from_address.lower()[:254],  # the matching form: see storming
                subject=parsed.subject[:255],
            )
            if connection.vendor == "postgresql":
                _write_raw_postgresql(message.pk, raw)
    except IntegrityError:
        # Another worker or a concurrent retry stored it first; theirs is the message.
        theirs = InboundMessage.objects.defer("raw").get(mailbox=mailbox, key=key)
        return Received(theirs, created=False)
    return Received(message, created=True, elsewhere=bool(copies))


def _write_raw_postgresql(pk: int, raw: bytes) -> None:
    """The bytes sent as a binary parameter: Django's client-side binding would inline them as
    an escaped hex literal, eight times their size in memory (decision 24)."""
    import psycopg

    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            f"UPDATE {InboundMessage._meta.db_table} SET raw = %b WHERE id = %s",  # noqa: S608 -- our own table name
            (raw, pk),
        )


def file_message(
    message: InboundMessage, parsed: ParsedMessage | None = None, *, elsewhere: bool | None = None
) -> InboundMessage:
    """File a stored message on its case; a failure is recorded on the message, not raised."""
    try:
        with transaction.atomic():
            return _file(message, parsed or _parse_stored(message), elsewhere)
    except Exception as error:
        logger.exception("Mail message %s (%s) could not be filed", message.pk, message.key)
        InboundMessage.objects.filter(pk=message.pk).update(
            outcome=Outcome.FAILED, error=repr(error)[:2000], attempts=F("attempts") + 1
        )
        message.refresh_from_db(fields=["outcome", "error", "attempts"])
        return message


def _parse_stored(message: InboundMessage) -> ParsedMessage:
    """The stored message parsed; one stored whole by `store_message` over the size limit is
    first cut down the way `receive_message` cuts it, and kept so."""
    raw = bytes(message.raw)
    if len(raw) > settings.MAIL_MAX_MESSAGE_BYTES:
        raw = _within_limit(raw)
        InboundMessage.objects.filter(pk=message.pk).update(raw=raw, size=len(raw))
    return parse_message(raw)


def file_pending(*, limit: int = 100) -> int:
    """File stored messages that were never filed (a crash between storing and filing) or that
    failed fewer than MAX_ATTEMPTS times. Returns how many were tried."""
    pending = list(
        InboundMessage.objects.filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .select_related("mailbox")
        .order_by("received_at")[:limit]
    )
    for message in pending:
        file_message(message)
    return len(pending)


def _file(message: InboundMessage, parsed: ParsedMessage, elsewhere: bool | None) -> InboundMessage:
    # Locked and read again: another worker's sweep may have filed it meanwhile. Not the
    # bytes: they are parsed already, and can be megabytes.
    message = (
        InboundMessage.objects.select_for_update()
        .select_related("mailbox")
        .defer("raw")
        .get(pk=message.pk)
    )
    if message.processed_at is not None:
        return message
    if parsed.bounce is not None:
        message.case = _apply_bounce(message, parsed.bounce)
        message.outcome = Outcome.BOUNCE
        acknowledging = False
    else:
        acknowledging = _file_on_case(message, parsed, elsewhere)
    Attachment.objects.bulk_create(
        [
            Attachment(
                message=message,
                index=part.index,
                filename=part.filename[:255],
                content_type=part.content_type[:127],
                size=part.size,
                content_id=part.content_id[:255],
                inline=part.inline,
            )
            for part in parsed.attachments
        ],
        ignore_conflicts=True,
    )
    message.processed_at = timezone.now()
    message.error = ""
    message.save(update_fields=["case", "contact", "outcome", "processed_at", "error"])
    if acknowledging and message.case is not None:
        acknowledge(case=message.case, message=message, parsed=parsed)
    return message


def _file_on_case(message: InboundMessage, parsed: ParsedMessage, elsewhere: bool | None) -> bool:
    """File a customer's message on its case through the entry (email's case rule picks the
    case); True when it should be acknowledged. The same message that reached another of our
    mailboxes is the same contact: one contact, one case."""
    automatic = parsed.auto_submitted or _is_our_own(parsed.from_address)
    stranger = None
    if not automatic:  # newsletters and robots are not customers
        name = parsed.from_name or parsed.from_address.partition("@")[0]
        stranger = NewCustomer(name=name[:200])
    received = receive_contact(
        InboundContact(
            channel=Channel.EMAIL,
            address=parsed.from_address,
            thread=thread_of(parsed),
            body=parsed.new_text or parsed.text,
            subject=parsed.subject or _("(no subject)"),
            external_id=f"email:{message.key}"[:255],
            started_at=message.received_at,
        ),
        # A new case's clocks count on the mailbox's hours, if it has its own (decision 0051).
        new_case_at=NewCaseAt(
            team=message.mailbox.team,
            calendar_id=message.mailbox.calendar_id,
            via=message.mailbox.name,
        ),
        new_customer=stranger,
    )
    message.case, message.contact = received.case, received.contact
    message.outcome = Outcome.NEW_CASE if received.opened_case else Outcome.FOLLOW_UP
    if not received.created:
        return False
    sender = received.identification
    if sender is not None and sender.customers and not automatic:
        clear_address_failure(address=parsed.from_address)  # it works: mail came from it
    return (
        received.opened_case
        and message.mailbox.send_acknowledgement
        and not (automatic or sender is None or storming(parsed.from_address))
    )


def _is_our_own(address: str) -> bool:
    """Mail from one of our own mailboxes (a loop between two of them)."""
    return bool(address) and address.lower() in our_addresses()


def _apply_bounce(message: InboundMessage, bounce: Bounce) -> Case | None:
    """A delivery failure: flag the addresses, and tell the case whose message did not arrive."""
    failure = " ".join(part for part in (bounce.status, bounce.diagnostic) if part)
    for recipient in bounce.recipients:
        mark_address_failing(address=recipient, failure=failure or _("delivery failed"))
    original = (
        OutboundMessage.objects.select_related("case")
        .filter(message_id=bounce.original_message_id)
        .first()
        if bounce.original_message_id
        else None
    )
    if original is None:
        return None
    original.status, original.last_error = Delivery.BOUNCED, failure[:2000]
    original.save(update_fields=["status", "last_error"])
    case = original.case
    if case.status == Status.CLOSED:
        return case
    log_contact(
        case=case,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        logged_by=None,
        body=_("The email to %(to)s was not delivered: %(why)s")
        % {"to": ", ".join(bounce.recipients) or ", ".join(original.recipients), "why": failure},
        external_id=f"bounce:{message.key}"[:255],
    )
    if case.status in (Status.PENDING, Status.RESOLVED):
        set_status(case=case, status=Status.OPEN, changed_by=None)  # the answer never arrived
    return case


def _within_limit(raw: bytes) -> bytes:
    """A message over MAIL_MAX_MESSAGE_BYTES, kept with its largest parts replaced by a note
    (largest first, until it fits): the customer's words are kept, the contact is not lost."""
    limit = settings.MAIL_MAX_MESSAGE_BYTES
    if len(raw) <= limit:
        return raw
    message = BytesParser(policy=policy.default).parsebytes(raw)
    parts = [part for part in message.walk() if not part.is_multipart()]
    parts.sort(key=lambda part: len(str(part.get_payload())), reverse=True)
    size = len(raw)
    for part in parts:
        if size <= limit or part is message:
            break
        before = len(str(part.get_payload()))
        name = part.get_filename() or "attachment"
        note = _("The attachment %(name)s (%(size)s bytes) was too large to keep.") % {
            "name": name,
            "size": before,
        }
        part.set_content(note, disposition="attachment", filename=f"{name}.removed.txt")
        size -= before
    shrunk = message.as_bytes()
    return shrunk if len(shrunk) <= limit else shrunk[:limit]
