"""The demo's phone and email as an installation sees them: every demo phone contact as the call
the PBX reported (with the calls nobody answered, some still waiting for a call-back), a
mailbox to answer email cases from, whose mail stays on this machine (decision 0017), and the
portal's chat widget."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from lytte.accounts.models import Team
from lytte.cases.models import Channel, Contact, Direction
from lytte.chat.models import ChatWidget
from lytte.mail.models import Mailbox
from lytte.mail.services import create_mailbox
from lytte.phone.models import Call, CallState, CtiIntegration
from lytte.phone.services import create_integration

DEMO_PBX = "Demo PBX"
SWITCHBOARD = "+4721000000"
# Mail from a reserved .invalid domain can reach nobody: it is logged and kept, never sent.
DEMO_MAILBOX = ("Kundeservice (demo)", "kundeservice@demo.lytte.invalid")
MISSED_BEFORE = 0.15  # share of inbound calls that came after a missed one
STILL_WAITING = timedelta(days=1)  # missed calls this recent are still on the call-back list
BATCH = 2000


def ensure_demo_mailbox(team: Team) -> Mailbox:
    name, address = DEMO_MAILBOX
    existing = Mailbox.objects.filter(name=name).first()
    return existing or create_mailbox(name=name, address=address, team=team)


DEMO_WIDGET = "Kundeservice (demo)"
DEMO_GREETINGS = {
    "nb": "Hei! Hva kan vi hjelpe deg med?",
    "da": "Hej! Hvad kan vi hjælpe dig med?",
    "sv": "Hej! Vad kan vi hjälpa dig med?",
    "fi": "Hei! Miten voimme auttaa?",
    "en": "Hi! How can we help you?",
}


def ensure_demo_widget(team: Team) -> ChatWidget:
    """The portal's chat widget (its key is public: it is in every page that shows it)."""
    existing = ChatWidget.objects.filter(name=DEMO_WIDGET).first()
    return existing or ChatWidget.objects.create(
        name=DEMO_WIDGET, team=team, greetings=DEMO_GREETINGS, max_queue=10
    )


def _pbx() -> CtiIntegration:
    existing = CtiIntegration.objects.filter(name=DEMO_PBX).first()
    return existing or create_integration(name=DEMO_PBX)[0]


def _answered(pbx: CtiIntegration, contact: Contact) -> Call:
    inbound = contact.direction == Direction.INBOUND
    ended = contact.ended_at or contact.started_at + timedelta(minutes=3)
    return Call(
        integration=pbx,
        call_id=contact.external_id or f"demo-contact-{contact.pk}",
        direction="in" if inbound else "out",
        from_number=contact.address if inbound else SWITCHBOARD,
        to_number=SWITCHBOARD if inbound else contact.address,
        caller=contact.address,
        customer_id=contact.customer_id,
        organization_id=contact.case.organization_id,
        team_id=contact.case.team_id,
        state=CallState.ENDED,
        cause="normalClearing",
        started_at=contact.started_at - timedelta(seconds=12),
        answered_at=contact.started_at,
        ended_at=max(ended, contact.started_at),
        answered_by_id=contact.handled_by_id,
        contact=contact,
    )


def _missed(rng: random.Random, answered: Call, now: datetime) -> Call:
    """The call that went unanswered before `answered`; called back unless it is recent."""
    rang = answered.started_at - timedelta(minutes=rng.randrange(5, 120))
    return Call(
        integration=answered.integration,
        call_id=f"{answered.call_id}-missed",
        direction="in",
        from_number=answered.from_number,
        to_number=SWITCHBOARD,
        caller=answered.caller,
        customer_id=answered.customer_id,
        organization_id=answered.organization_id,
        team_id=answered.team_id,
        state=CallState.ENDED,
        cause="noAnswer",
        missed=True,
        started_at=rang,
        ended_at=rang + timedelta(seconds=rng.randrange(15, 60)),
        called_back_at=None if now - rang < STILL_WAITING else answered.started_at,
    )


def load_calls(rng: random.Random, first_case: int) -> int:
    """Calls for the phone contacts of the cases numbered from `first_case` (by primary key)."""
    pbx, now = _pbx(), timezone.now()
    contacts = (
        Contact.objects.filter(case_id__gte=first_case, channel=Channel.PHONE)
        .exclude(direction=Direction.INTERNAL)
        .select_related("case")
        .order_by("pk")
    )
    calls: list[Call] = []
    for contact in contacts.iterator(chunk_size=BATCH):
        answered = _answered(pbx, contact)
        calls.append(answered)
        if answered.direction == "in" and rng.random() < MISSED_BEFORE:
            calls.append(_missed(rng, answered, now))
    Call.objects.bulk_create(calls, batch_size=BATCH)
    return len(calls)
