"""The demo shows the phone and email as they work: calls in the call log behind every phone
contact, an email case answered from a demo mailbox whose mail stays on this machine, and no
customer buried under open cases; the portal's chat widget."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from lytte.accounts.models import User
from lytte.cases.models import OPEN_STATUSES, Case, Channel, Contact, Direction
from lytte.chat.selectors import portal_widget
from lytte.mail.models import Delivery, OutboundMessage
from lytte.mail.services.outbound import deliver
from lytte.phone.models import Call


def test_every_demo_phone_contact_is_a_call_in_the_call_log(shared_demo: str) -> None:
    phone = Contact.objects.filter(channel=Channel.PHONE).exclude(direction=Direction.INTERNAL)
    calls = Call.objects.filter(contact__isnull=False).select_related("contact")

    assert phone.count() > 20
    assert calls.count() == phone.count()
    for call in calls:
        assert call.contact is not None
        assert call.caller == call.contact.address
        assert call.customer_id == call.contact.customer_id
        assert call.answered_by_id == call.contact.handled_by_id
        assert call.answered_at == call.contact.started_at
        assert call.direction == ("in" if call.contact.direction == Direction.INBOUND else "out")


def test_the_demo_has_missed_calls_and_the_call_log_shows_them(shared_demo: str) -> None:
    missed = Call.objects.filter(missed=True)
    assert missed.exists()
    assert not missed.filter(contact__isnull=False).exists()
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    client.force_login(User.objects.get(username="agent"))
    page = client.get("/desk/calls/?missed=1")
    assert page.status_code == 200
    assert len(page.context["page"]) == min(missed.count(), 50)


def test_an_email_case_is_answered_and_the_reply_stays_on_this_machine(
    shared_demo: str, caplog: pytest.LogCaptureFixture, settings: object
) -> None:
    settings.SMTP_URL = ""  # type: ignore[attr-defined]
    case = Case.objects.filter(channel=Channel.EMAIL, status__in=OPEN_STATUSES).first()
    assert case is not None
    assert case.customer is not None
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    response = client.post(
        f"/desk/cases/{case.number}/reply/",
        {"to": case.customer.contact_points.filter(kind="email").first().value, "body": "Hei!"},
    )
    assert response.status_code in (200, 204, 302)
    outbound = OutboundMessage.objects.get(case=case)

    with caplog.at_level(logging.INFO, logger="lytte.mail.smtp"):
        deliver(outbound_id=outbound.pk)

    outbound.refresh_from_db()
    assert outbound.status == Delivery.SENT
    assert outbound.mailbox.address.endswith(".invalid")
    assert any("kept here, not sent" in record.getMessage() for record in caplog.records)


def test_the_portal_has_a_chat_widget_that_says_honestly_nobody_is_there(
    shared_demo: str,
) -> None:
    widget = portal_widget()
    assert widget is not None
    assert widget.team is not None

    status = Client().get(f"/chat/api/{widget.key}/status?lang=nb").json()

    assert status["greeting"] == "Hei! Hva kan vi hjelpe deg med?"
    assert (status["available"], status["reason"]) == (False, "nobody")
