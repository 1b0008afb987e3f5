"""Which case a message continues: its thread headers, then a case number in its subject."""

from __future__ import annotations

import re

from lytte.cases.models import Case, Status
from lytte.customers.selectors import Identification
from lytte.mail.models import InboundMessage, OutboundMessage
from lytte.mail.parsing import ParsedMessage

CASE_REFERENCE = re.compile(r"\[#(\d{1,9})\]")


def subject_with_reference(subject: str, case: Case) -> str:
    """`subject` carrying the case number once, so replies find their way back."""
    tag = f"[#{case.number}]"
    return subject if tag in subject else f"{subject} {tag}".strip()


def case_for(parsed: ParsedMessage, sender: Identification | None) -> Case | None:
    """The case `parsed` continues, or None for a new conversation. A closed case is never
    continued: the customer's new message starts a new case.

    Thread headers name our own unguessable Message-IDs, so they are trusted; a "[#1234]" in a
    subject anyone can type is trusted only from the case's own customer or organization."""
    ids = [*parsed.in_reply_to, *reversed(parsed.references)]
    ids = [message_id for message_id in dict.fromkeys(ids) if message_id][:50]
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
    if match := CASE_REFERENCE.search(parsed.subject):
        case = Case.objects.exclude(status=Status.CLOSED).filter(number=int(match.group(1))).first()
        if case is not None and _from_its_customer(case, sender):
            return case
    return None


def _from_its_customer(case: Case, sender: Identification | None) -> bool:
    if sender is None:
        return False
    if case.customer_id is not None and any(c.pk == case.customer_id for c in sender.customers):
        return True
    organizations = {c.organization_id for c in sender.customers}
    if sender.organization is not None:
        organizations.add(sender.organization.pk)
    return case.customer_id is None and case.organization_id in organizations - {None}
