"""An unverified chat's customer, as an agent found after checking: the conversation and its
case become that existing customer's (audited). A claimed email is never enough by itself
(decision 35): this is a person's decision, and their name is on it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.audit.services import record
from lytte.cases.services import update_case
from lytte.chat.models import Conversation
from lytte.chat.services.agents import _ensure_staff_on, _locked
from lytte.chat.services.common import ChatError
from lytte.customers.models import Customer


@transaction.atomic
def link_customer(conversation: Conversation, customer: Customer, by: User) -> Conversation:
    """`by` checked who the unverified customer of `conversation` is: the chat, its case and its
    contact become `customer`'s. Refused for a verified chat (its customer is known) and for a
    case the agent may not work on. The claimed address is not added to the customer."""
    _ensure_staff_on(by, conversation)
    locked = _locked(conversation)
    if locked.verified:
        raise ChatError("verified", _("This customer signed in: they are known already."))
    locked.customer = customer
    locked.save(update_fields=["customer"])
    if locked.case is not None and locked.case.customer_id != customer.pk:
        update_case(case=locked.case, customer=customer, changed_by=by)
    if locked.contact is not None and locked.contact.customer_id is None:
        locked.contact.customer = customer
        locked.contact.save(update_fields=["customer"])
    record(
        actor=by,
        action="chat.customer_linked",
        target=locked.case or locked.widget,
        chat=locked.pk,
        customer=customer,
        claimed_name=locked.claimed_name,
        claimed_email=locked.claimed_email,
    )
    return locked
