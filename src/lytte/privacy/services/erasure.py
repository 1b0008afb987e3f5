"""Erasing a customer (the right to erasure) so that every report stays true: the customer,
their cases, contacts and calls remain as counted rows, and everything that names, describes
or reaches the person is removed (decision 20)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lytte.audit.services import record
from lytte.cases.events import CaseChanged
from lytte.cases.models import Case, Contact
from lytte.chat.models import Conversation
from lytte.chat.services.forget import forget_conversations
from lytte.community.services.forget import forget_member
from lytte.customers.addresses import AddressKind
from lytte.customers.models import ContactPoint, Customer
from lytte.feedback.services.forget import forget_customer as forget_survey_answers
from lytte.insights.models import LabelledText
from lytte.insights.vectors import forget_texts
from lytte.knowledge.models import Feedback, SearchQuery
from lytte.mail.models import InboundMessage, OutboundMessage
from lytte.phone.models import BlockedNumber, Call
from lytte.platform.events import publish
from lytte.platform.word_index import forget_removed_words
from lytte.portal.identity import forget_customer as forget_portal_sign_ins
from lytte.privacy.services.holds import holds_on
from lytte.privacy.services.scrub import (
    ERASED,
    forget_message_ids,
    replace_subjects,
    scrub_admin_log,
    scrub_audit,
    scrub_calls,
    scrub_contacts,
    scrub_messages,
    stored_text,
)

logger = logging.getLogger(__name__)

ERASED_NAME = gettext_lazy("Erased customer")


class ErasureRefused(ValidationError):
    """A legal hold covers the customer or one of their cases."""


def erase_customer(*, customer: Customer, erased_by: Any, reason: str) -> Customer:
    """Anonymise `customer` in one transaction; erasing an erased customer again is harmless.

    Raises ErasureRefused while a legal hold covers the customer or one of their cases, and
    ValidationError without a reason.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": [_("Say why the customer is erased.")]})
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if holds_on(customer).exists():
            raise ErasureRefused(
                _("A legal hold covers this customer or one of their cases: release it first.")
            )
        _erase(customer)
        record(actor=erased_by, action="customer.erased", target=customer, reason=reason[:500])
    transaction.on_commit(_forget_freed_pages)
    return customer


def _erase(customer: Customer) -> None:
    points = list(customer.contact_points.all())
    needles = [customer.name, *(point.value for point in points)]
    cases = Case.objects.filter(customer=customer)
    contacts = Contact.objects.filter(Q(customer=customer) | Q(case__in=cases))
    emails = [point.value for point in points if point.kind == AddressKind.EMAIL]
    inbound = InboundMessage.objects.filter(
        Q(case__in=cases)
        | Q(contact__in=contacts)
        # Not filed (failed, bounced): theirs by address. A filed one from an address they
        # share (a household's) is the other customer's.
        | Q(case__isnull=True, sender__in=emails)
    )
    outbound = OutboundMessage.objects.filter(Q(case__in=cases) | Q(contact__in=contacts))
    calls = Call.objects.filter(Q(customer=customer) | Q(contact__in=contacts))
    case_ids = list(cases.values_list("pk", flat=True))
    scrub_admin_log(
        [
            (Customer, [customer.pk]),
            (ContactPoint, [point.pk for point in points]),
            (Case, case_ids),
            (Contact, list(contacts.values_list("pk", flat=True))),
            (InboundMessage, list(inbound.values_list("pk", flat=True))),
            (OutboundMessage, list(outbound.values_list("pk", flat=True))),
            (Call, list(calls.values_list("pk", flat=True))),
        ]
    )
    scrub_audit([(Customer, [customer.pk]), (Case, case_ids)])
    # Sentence embeddings of their texts (decision 45), before the texts themselves change.
    forget_texts(contacts.exclude(body="").values_list("body", flat=True))
    _scrub_labelled_texts(needles)
    forget_message_ids(inbound)
    scrub_messages(inbound, outbound, headers=True)
    scrub_calls(calls)
    scrub_contacts(contacts, addresses=True)
    # Their chats, and chats by anyone who typed their address (a claim, but theirs to erase).
    forget_conversations(
        Conversation.objects.filter(
            Q(customer=customer) | Q(case__in=cases) | Q(claimed_email__in=emails)
        )
    )
    replace_subjects(cases)
    BlockedNumber.objects.filter(value__in=[point.value for point in points]).delete()
    _scrub_help_centre(customer)
    forget_member(customer)  # the community: their posts' text, titles and display name
    forget_survey_answers(customer)  # survey comments; never asked again (decision 40)
    ContactPoint.objects.filter(customer=customer).delete()
    forget_portal_sign_ins(customer)
    customer.name = stored_text(ERASED_NAME)
    customer.language = ""
    customer.save(update_fields=["name", "language", "updated_at"])
    forget_removed_words([("customers_customer", "name_folded"), ("cases_case", "subject")])
    _announce(cases)


def _announce(cases: QuerySet[Case]) -> None:
    """Open desks show the old subject and name until told."""
    for case_id, team_id, assignee_id in cases.values_list("pk", "team_id", "assignee_id"):
        publish(
            CaseChanged(
                case_id=case_id,
                fields=("subject", "customer", "contacts"),
                team_id=team_id,
                assignee_id=assignee_id,
            )
        )


def _scrub_help_centre(customer: Customer) -> None:
    """What they searched for and wrote about articles while signed in to the portal: the rows
    stay (the knowledge gaps count them), the words go."""
    SearchQuery.objects.filter(customer=customer).update(query=ERASED)
    Feedback.objects.filter(customer=customer).exclude(comment="").update(comment="")


def _scrub_labelled_texts(needles: list[str]) -> None:
    """Texts imported from an earlier system are not linked to customers: find them by what
    they say."""
    for needle in filter(None, needles):
        for text in LabelledText.objects.filter(text__icontains=needle).only("pk", "text"):
            forget_texts([text.text])
            LabelledText.objects.filter(pk=text.pk).update(
                text=_replace_folded(text.text, needle, ERASED)
            )


def _replace_folded(text: str, needle: str, by: str) -> str:
    folded, target = text.casefold(), needle.casefold()
    out, start = [], 0
    while (found := folded.find(target, start)) >= 0:
        out += [text[start:found], by]
        start = found + len(target)
    return "".join([*out, text[start:]])


def _forget_freed_pages() -> None:
    """SQLite: overwritten rows are zeroed (secure_delete, in settings), but earlier versions of
    the pages remain in the write-ahead log until it is checkpointed and truncated. A failure
    (another connection reading) is logged: SQLite checkpoints by itself later."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:
        logger.warning("The write-ahead log could not be truncated after an erasure")
