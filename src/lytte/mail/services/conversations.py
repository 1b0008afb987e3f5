"""Which case a message continues: its thread headers, then a case number in its subject;
registered as email's case rule (decision 25)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lytte.cases.models import Case, Status
from lytte.cases.rules import InboundContact, Sender, ThreadHint
from lytte.customers.selectors import Identification
from lytte.mail.models import InboundMessage, OutboundMessage
from lytte.mail.parsing import ParsedMessage

CASE_REFERENCE = re.compile(r"\[#(\d{1,9})\]")


def subject_with_reference(subject: str, case: Case) -> str:
    """`subject` carrying the case number once, so replies find their way back."""
    tag = f"[#{case.number}]"
    return subject if tag in subject else f"{subject} {tag}".strip()


def thread_of(parsed: ParsedMessage) -> ThreadHint:
    """What a message says about its conversation: the Message-IDs it answers, nearest
    first (In-Reply-To, then References from the newest), and its subject."""
    ids = [*parsed.in_reply_to, *reversed(parsed.references)]
    return ThreadHint(
        message_ids=tuple(mid for mid in dict.fromkeys(ids) if mid), subject=parsed.subject
    )


def thread_case(thread: ThreadHint, sender: Identification | None) -> Case | None:
    """The case a message continues, or None for a new conversation. A closed case is never
    continued: the customer's new message starts a new case.

    Thread headers name our own unguessable Message-IDs, so they are trusted; a "[#1234]" in a
    subject anyone can type is trusted only from the case's own customer or organization."""
    ids = list(thread.message_ids[:50])
    case_id = None
    if ids:
        sent = dict(
            OutboundMessage.objects.filter(message_id__in=ids).values_list("message_id", "case_id")
        )
        received = dict(
            InboundMessage.objects.filter(message_id__in=ids, case__isnull=False).values_list(
                "message_id", "case_id"
            )
        )
        # The nearest ancestor wins: In-Reply-To first, then References from the newest.
        case_id = next(
            (sent.get(mid) or received.get(mid) for mid in ids if mid in sent or mid in received),
            None,
        )
    if case_id is not None:
        return Case.objects.exclude(status=Status.CLOSED).filter(pk=case_id).first()
    if match := CASE_REFERENCE.search(thread.subject):
        case = Case.objects.exclude(status=Status.CLOSED).filter(number=int(match.group(1))).first()
        if case is not None and _from_its_customer(case, sender):
            return case
    return None


def email_case_rule(contact: InboundContact, sender: Sender) -> Case | None:
    """Email's case rule (decision 25): the conversation the thread headers (or a case number
    from the case's own customer) name; a sender writing in a storm (more than
    MAIL_SENDER_LIMIT messages in the window) lands on their latest open case instead of
    opening a case a message."""
    case = thread_case(contact.thread, sender.identification)
    if case is None and storming(contact.address):
        case = latest_case_from(contact.address)
    return case


def storming(address: str) -> bool:
    if not address:
        return False
    since = timezone.now() - timedelta(seconds=settings.MAIL_SENDER_WINDOW_SECONDS)
    # Stored lower-cased, so a sender cannot slip past the limit by varying the case.
    recent = InboundMessage.objects.filter(sender=address.lower(), received_at__gte=since).count()
    return recent > settings.MAIL_SENDER_LIMIT


def latest_case_from(address: str) -> Case | None:
    case_id = (
        InboundMessage.objects.filter(sender=address.lower(), case__isnull=False)
        .exclude(case__status=Status.CLOSED)
        .order_by("-received_at")
        .values_list("case_id", flat=True)
        .first()
    )
    return Case.objects.filter(pk=case_id).first() if case_id else None


def _from_its_customer(case: Case, sender: Identification | None) -> bool:
    if sender is None:
        return False
    if case.customer_id is not None and any(c.pk == case.customer_id for c in sender.customers):
        return True
    organizations = {c.organization_id for c in sender.customers}
    if sender.organization is not None:
        organizations.add(sender.organization.pk)
    return case.customer_id is None and case.organization_id in organizations - {None}
