"""The export tests' world: a customer with something of everything Lytte holds: an email with
an attachment, our reply, a call through the CTI webhook, and a look at her data."""

from __future__ import annotations

import json
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization
from lytte.mail.services import create_push_mailbox, receive_message, send_reply
from lytte.phone.models import Call
from lytte.phone.services import create_integration

# Not ASCII, not UTF-8 text: a file only survives byte for byte if nothing decodes it.
CONTRACT = b"%PDF-1.4\n\xc3\xa6\xc3\xb8\xc3\xa5 \x00\xff\xfe kontrakt\n%%EOF\n"


def mail_with_attachment() -> bytes:
    message = EmailMessage()
    message["From"] = "Åse Ødegård Kjærnes <ase@fjellbygda.example>"
    message["To"] = "kundeservice@lytte.test"
    message["Subject"] = "Kontrakt for hytta på Ålesund"
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = make_msgid(domain="fjellbygda.example")
    message.set_content("Hei!\n\nVedlagt er kontrakten. Kan dere bekrefte?\n\nHilsen Åse")
    message.add_attachment(
        CONTRACT, maintype="application", subtype="pdf", filename="kontrakt-ærøy.pdf"
    )
    return message.as_bytes()


@pytest.fixture
def ase(agent: User) -> Customer:
    fjellbygda = create_organization(name="Fjellbygda Sameie", org_number="912 345 678")
    return create_customer(
        name="Åse Ødegård Kjærnes",
        phones=["+47 412 34 567"],
        emails=["ase@fjellbygda.example"],
        organization=fjellbygda,
        created_by=agent,
    )


@pytest.fixture
def her_mail(ase: Customer, team_oslo: Team, agent: User) -> tuple[bytes, Case]:
    """Her email (opening a case, assigned to Ingrid) and Ingrid's reply."""
    mailbox, _token = create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )
    raw = mail_with_attachment()
    received = receive_message(mailbox=mailbox, raw=raw)
    case = received.message.case
    assert case is not None
    assert case.customer == ase
    Case.objects.filter(pk=case.pk).update(assignee=agent)
    case.refresh_from_db()
    send_reply(case=case, agent=agent, to=["ase@fjellbygda.example"], body="Takk, Åse!")
    return raw, case


@pytest.fixture
def her_call(ase: Customer, agent: User, team_oslo: Team) -> Call:
    """She rang and Ingrid answered, through the PBX's webhook; they talked for 95 seconds."""
    _integration, token = create_integration(name="Sentralbord", team=team_oslo)
    call = {"callId": "c-1", "from": "+47 412 34 567", "to": "+4721000000", "direction": "in"}
    for event in (
        {"event": "newCall"},
        {"event": "answer", "answeringNumber": "ingrid"},
        {"event": "hangup", "cause": "normalClearing"},
    ):
        response = Client().post(
            f"/api/v1/cti/{token}", json.dumps({**call, **event}), content_type="application/json"
        )
        assert response.status_code == 200, response.content
    answered = timezone.now() - timedelta(minutes=5)
    Call.objects.filter(call_id="c-1").update(
        answered_at=answered, ended_at=answered + timedelta(seconds=95)
    )
    return Call.objects.get(call_id="c-1")
