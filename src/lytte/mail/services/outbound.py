"""Outgoing mail: replies from the desk and acknowledgements, built once, delivered with retries."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.cases.models import Case, Channel, Direction, Status
from lytte.cases.policies import ensure_can_work_on
from lytte.cases.services import log_contact
from lytte.customers.addresses import InvalidAddress, clean_email
from lytte.mail import smtp
from lytte.mail.models import Delivery, InboundMessage, Mailbox, OutboundMessage
from lytte.mail.parsing import ParsedMessage
from lytte.mail.services.conversations import subject_with_reference

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, ... failed attempt; after the last, the message has failed.
RETRY_MINUTES = (1, 5, 15, 60, 240)


# RFC 3834's Auto-Submitted of the messages no person wrote.
AUTOMATIC: dict[str, str] = {
    OutboundMessage.Kind.ACKNOWLEDGEMENT: "auto-replied",
    OutboundMessage.Kind.SURVEY: "auto-generated",
}


class NoMailbox(Exception):
    """No active mailbox to send from."""


def mailbox_for(case: Case) -> Mailbox | None:
    """Replies go out from the mailbox the customer last wrote to, else the case team's."""
    last = (
        InboundMessage.objects.filter(case=case, mailbox__active=True)
        .order_by("-received_at")
        .select_related("mailbox")
        .first()
    )
    if last is not None:
        return last.mailbox
    mailboxes = Mailbox.objects.filter(active=True)
    return (
        mailboxes.filter(team_id=case.team_id).first() if case.team_id else None
    ) or mailboxes.first()


def outgoing_language(case: Case, mailbox: Mailbox) -> str:
    """The language mail to the case's customer is written in: theirs, else the mailbox's."""
    return (case.customer.language if case.customer else "") or mailbox.language


def _recipients(addresses: list[str]) -> list[str]:
    clean: list[str] = []
    for address in addresses:
        if "\n" in address or "\r" in address:
            raise ValidationError({"to": [_("An address cannot contain a line break.")]})
        try:
            clean.append(clean_email(address))
        except InvalidAddress as error:
            raise ValidationError({"to": [error.message]}) from error
    if not clean:
        raise ValidationError({"to": [_("Give at least one address to send to.")]})
    return list(dict.fromkeys(clean))


def _thread(case: Case) -> tuple[str, list[str]]:
    """In-Reply-To (the customer's latest message) and References (the case's messages, oldest
    first, at most 20) for a new message on `case`."""
    received = InboundMessage.objects.filter(case=case).exclude(message_id="")
    sent = OutboundMessage.objects.filter(case=case)
    stamped = [(m.received_at, m.message_id) for m in received.only("received_at", "message_id")]
    stamped += [(m.created_at, m.message_id) for m in sent.only("created_at", "message_id")]
    stamped.sort()
    latest_in = received.order_by("-received_at").values_list("message_id", flat=True).first()
    return latest_in or "", [message_id for _at, message_id in stamped][-20:]


def _build(
    *,
    mailbox: Mailbox,
    case: Case,
    to: list[str],
    subject: str,
    body: str,
    language: str,
    automatic: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[str, bytes]:
    domain = mailbox.address.rpartition("@")[2]
    message_id = f"{uuid.uuid4().hex}.{case.number}@{domain}"
    in_reply_to, references = _thread(case)
    message = EmailMessage()
    message["From"] = formataddr((mailbox.name, mailbox.address))
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        message["References"] = " ".join(f"<{ref}>" for ref in references)
    if automatic:
        message["Auto-Submitted"] = automatic  # RFC 3834: robots must not answer it
        message["X-Auto-Response-Suppress"] = "All"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    message["Content-Language"] = language  # after set_content, which clears Content-* headers
    # CRLF, as SMTP wants. A header of one long URL (List-Unsubscribe) cannot be folded at 78
    # without becoming an encoded word that no mail client reads as a URL: up to 998 then.
    smtp = policy.SMTP.clone(max_line_length=998) if headers else policy.SMTP
    return message_id, message.as_bytes(policy=smtp)


def _queue(
    *,
    mailbox: Mailbox,
    case: Case,
    to: list[str],
    template: str,
    context: dict[str, Any],
    kind: str,
    sent_by: User | None,
    subject: Any = None,
    headers: dict[str, str] | None = None,
) -> OutboundMessage:
    """Write the message in the customer's language (or the mailbox's), log it as an outbound
    contact, and queue it for delivery once the transaction commits. `subject`, when given, is
    a lazy text made in that language (else "Re:" and the case's subject)."""
    language = outgoing_language(case, mailbox)
    with translation.override(language):
        subject = subject_with_reference(
            str(subject) if subject else _("Re: %(subject)s") % {"subject": case.subject}, case
        )
        body = render_to_string(template, {**context, "case": case, "mailbox": mailbox})
    message_id, raw = _build(
        mailbox=mailbox,
        case=case,
        to=to,
        subject=subject,
        body=body,
        language=language,
        automatic=AUTOMATIC.get(kind, ""),
        headers=headers,
    )
    logged = log_contact(
        case=case,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        logged_by=sent_by,
        handled_by=sent_by,
        body=body,
        address=to[0],
        external_id=f"email:<{message_id}>",
        automatic=kind in AUTOMATIC,  # no person answered: not the case's first response
    )
    outbound = OutboundMessage.objects.create(
        mailbox=mailbox,
        case=case,
        contact=logged.contact,
        kind=kind,
        message_id=message_id,
        recipients=to,
        subject=subject[:255],
        raw=raw,
        next_attempt_at=timezone.now(),
        created_by=sent_by,
    )
    transaction.on_commit(lambda: _enqueue(outbound.pk))
    return outbound


def _enqueue(outbound_id: int, *, run_after: datetime | None = None) -> None:
    from lytte.mail.tasks import deliver_outbound  # the task module imports this one

    task = deliver_outbound.using(run_after=run_after) if run_after else deliver_outbound
    task.enqueue(outbound_id)


@transaction.atomic
def send_reply(*, case: Case, agent: User, to: list[str], body: str) -> OutboundMessage:
    """An agent's answer by email; it is a contact on the case at once, delivered in the
    background, and threads back: the customer's answer lands on this case."""
    ensure_can_work_on(agent, case)
    if not body.strip():
        raise ValidationError({"body": [_("Write something to send.")]})
    if case.status == Status.CLOSED:
        raise ValidationError(
            {"case": [_("Case #%(number)s is closed.") % {"number": case.number}]}
        )
    recipients = _recipients(to)
    mailbox = mailbox_for(case)
    if mailbox is None:
        raise NoMailbox(_("No mailbox is set up to send from."))
    return _queue(
        mailbox=mailbox,
        case=case,
        to=recipients,
        template="mail/reply.txt",
        context={"body": body.strip(), "agent": agent},
        kind=OutboundMessage.Kind.REPLY,
        sent_by=agent,
    )


def acknowledge(*, case: Case, message: InboundMessage, parsed: ParsedMessage) -> OutboundMessage:
    """Tell the customer their message arrived, with the case number to quote."""
    return _queue(
        mailbox=message.mailbox,
        case=case,
        to=[parsed.reply_to or parsed.from_address],
        template="mail/acknowledgement.txt",
        context={"parsed": parsed},
        kind=OutboundMessage.Kind.ACKNOWLEDGEMENT,
        sent_by=None,
    )


def send_survey(
    *,
    case: Case,
    mailbox: Mailbox,
    to: str,
    template: str,
    context: dict[str, Any],
    subject: Any,
    unsubscribe: str = "",
) -> OutboundMessage:
    """A satisfaction survey (the feedback app, decision 40): automatic mail on the case's
    thread, logged as an outbound contact and delivered like every other message."""
    headers = None
    if unsubscribe:  # RFC 8058: the mail client's own "unsubscribe" posts to it
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return _queue(
        mailbox=mailbox,
        case=case,
        to=_recipients([to]),
        template=template,
        context=context,
        kind=OutboundMessage.Kind.SURVEY,
        sent_by=None,
        subject=subject,
        headers=headers,
    )


def deliver(*, outbound_id: int) -> OutboundMessage | None:
    """One delivery attempt, if the message is due. Safe to call from several workers at once:
    the attempt is claimed first, so only one of them sends."""
    now = timezone.now()
    claimed = OutboundMessage.objects.filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True),
        pk=outbound_id,
        status=Delivery.QUEUED,
    ).update(next_attempt_at=now + timedelta(minutes=10))
    if not claimed:
        return None
    outbound = OutboundMessage.objects.select_related("mailbox", "case").get(pk=outbound_id)
    try:
        refused = smtp.send(
            raw=bytes(outbound.raw), sender=outbound.mailbox.address, recipients=outbound.recipients
        )
    except smtp.TemporaryFailure as error:
        return _failed(outbound, str(error), permanent=False)
    except smtp.PermanentFailure as error:
        return _failed(outbound, str(error), permanent=True)
    outbound.status, outbound.sent_at = Delivery.SENT, timezone.now()
    outbound.attempts += 1
    outbound.last_error = "; ".join(f"{rcpt}: {why}" for rcpt, why in refused.items())
    outbound.next_attempt_at = None
    outbound.save(update_fields=["status", "sent_at", "attempts", "last_error", "next_attempt_at"])
    return outbound


def _failed(outbound: OutboundMessage, error: str, *, permanent: bool) -> OutboundMessage:
    outbound.attempts += 1
    outbound.last_error = error[:2000]
    if permanent or outbound.attempts > len(RETRY_MINUTES):
        outbound.status, outbound.next_attempt_at = Delivery.FAILED, None
        logger.warning("Mail %s to %s failed: %s", outbound.pk, outbound.recipients, error)
        with transaction.atomic():
            outbound.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            if outbound.case.status != Status.CLOSED:
                log_contact(
                    case=outbound.case,
                    channel=Channel.NOTE,
                    direction=Direction.INTERNAL,
                    logged_by=None,
                    body=_("The email to %(to)s could not be sent: %(why)s")
                    % {"to": ", ".join(outbound.recipients), "why": error},
                    external_id=f"undelivered:{outbound.message_id}"[:255],
                )
        return outbound
    delay = timedelta(minutes=RETRY_MINUTES[outbound.attempts - 1])
    outbound.next_attempt_at = timezone.now() + delay
    outbound.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    _enqueue(outbound.pk, run_after=outbound.next_attempt_at)
    return outbound


def deliver_due(*, limit: int = 100) -> int:
    """Deliver queued messages whose time has come (a sweep, should a queued task be lost)."""
    due = OutboundMessage.objects.filter(
        status=Delivery.QUEUED, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
    return sum(deliver(outbound_id=pk) is not None for pk in list(due))
