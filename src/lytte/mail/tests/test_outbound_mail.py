"""Replies from the desk reach the customer through a real SMTP server, thread back, and are
retried when the server is away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Direction, Status
from lytte.cases.services import open_case
from lytte.customers.services import create_customer
from lytte.mail.models import Delivery, InboundMessage, Mailbox, OutboundMessage
from lytte.mail.services import (
    create_push_mailbox,
    deliver,
    deliver_due,
    receive_message,
    send_reply,
)
from lytte.mail.tests.factories import customer_mail
from lytte.mail.tests.servers import SmtpSink


@pytest.fixture
def mailbox(team_oslo: Team) -> Mailbox:
    return create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )[0]


@pytest.fixture
def smtp(smtp_sink: SmtpSink, settings: object) -> SmtpSink:
    settings.SMTP_URL = smtp_sink.url  # type: ignore[attr-defined]
    return smtp_sink


@pytest.fixture
def case_by_email(mailbox: Mailbox) -> tuple[Case, InboundMessage]:
    message = receive_message(mailbox=mailbox, raw=customer_mail()).message
    assert message.case is not None
    return message.case, message


def test_a_reply_arrives_with_the_headers_that_thread_it(
    case_by_email: tuple[Case, InboundMessage], agent: User, smtp: SmtpSink
) -> None:
    case, customers_message = case_by_email

    sent = send_reply(
        case=case,
        agent=agent,
        to=["kari@fjordkraft.example"],
        body="Hei Kari!\nVi retter fakturaen i dag.",
    )
    deliver(outbound_id=sent.pk)

    [received] = smtp.wait_for(1)
    assert received.rcpt_tos == ["kari@fjordkraft.example"]
    assert received.mail_from == "kundeservice@lytte.test"
    assert received.login == smtp.user
    message = received.message
    assert message["Message-ID"] == f"<{sent.message_id}>"
    assert message["In-Reply-To"] == f"<{customers_message.message_id}>"
    assert f"<{customers_message.message_id}>" in message["References"]
    assert message["Subject"] == f"Re: Feil beløp på fakturaen [#{case.number}]"
    assert "Vi retter fakturaen i dag." in message.get_content()
    assert "Ingrid Bråten" in message.get_content()
    sent.refresh_from_db()
    assert sent.status == Delivery.SENT
    assert sent.sent_at is not None
    contact = case.contacts.get(direction=Direction.OUTBOUND)
    assert contact.handled_by == agent
    case.refresh_from_db()
    assert case.first_response_at is not None


def test_a_reply_is_written_in_the_customer_s_language(mailbox: Mailbox, agent: User) -> None:
    aino = create_customer(name="Aino Virtanen", emails=["aino@example.fi"], language="fi")
    case = open_case(
        channel=Channel.EMAIL,
        opened_by=None,
        customer=aino,
        subject="Lasku",
        team=agent.teams.first(),
    )

    sent = send_reply(case=case, agent=agent, to=["aino@example.fi"], body="Hei Aino!")

    assert sent.subject.startswith("Vs: Lasku")
    assert b"Content-Language: fi" in bytes(sent.raw)


def test_the_customer_s_answer_to_a_reply_comes_back_to_the_case(
    case_by_email: tuple[Case, InboundMessage], mailbox: Mailbox, agent: User, smtp: SmtpSink
) -> None:
    case, _first = case_by_email
    sent = send_reply(
        case=case, agent=agent, to=["kari@fjordkraft.example"], body="Gjelder det oktober?"
    )
    deliver(outbound_id=sent.pk)
    ours = smtp.wait_for(1)[0].message

    answer = customer_mail(
        subject=f"SV: {ours['Subject']}",
        in_reply_to=ours["Message-ID"],
        references=f"{ours['References']} {ours['Message-ID']}",
        body="Ja, oktober.",
    )
    filed = receive_message(mailbox=mailbox, raw=answer).message

    assert filed.case == case


def test_a_temporary_smtp_failure_is_retried_later(
    case_by_email: tuple[Case, InboundMessage], agent: User, smtp: SmtpSink
) -> None:
    case, _message = case_by_email
    smtp.fail_next(1, code=451)
    sent = send_reply(case=case, agent=agent, to=["kari@fjordkraft.example"], body="Hei!")

    deliver(outbound_id=sent.pk)

    sent.refresh_from_db()
    assert sent.status == Delivery.QUEUED
    assert sent.attempts == 1
    assert "451" in sent.last_error
    assert sent.next_attempt_at is not None
    assert sent.next_attempt_at > timezone.now()
    assert deliver_due() == 0  # not due yet

    OutboundMessage.objects.filter(pk=sent.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert deliver_due() == 1

    sent.refresh_from_db()
    assert sent.status == Delivery.SENT
    assert len(smtp.wait_for(1)) == 1


def test_a_permanent_failure_is_not_retried_and_leaves_a_note_on_the_case(
    case_by_email: tuple[Case, InboundMessage], agent: User, smtp: SmtpSink
) -> None:
    case, _message = case_by_email
    smtp.fail_next(1, code=554)
    sent = send_reply(case=case, agent=agent, to=["kari@fjordkraft.example"], body="Hei!")

    deliver(outbound_id=sent.pk)

    sent.refresh_from_db()
    assert sent.status == Delivery.FAILED
    note = case.contacts.get(channel=Channel.NOTE)
    assert "could not be sent" in note.body
    assert deliver(outbound_id=sent.pk) is None  # never sent again


def test_without_an_smtp_server_the_reply_waits_in_the_queue(
    case_by_email: tuple[Case, InboundMessage], agent: User, settings: object
) -> None:
    settings.SMTP_URL = ""  # type: ignore[attr-defined]
    case, _message = case_by_email
    sent = send_reply(case=case, agent=agent, to=["kari@fjordkraft.example"], body="Hei!")

    deliver(outbound_id=sent.pk)

    sent.refresh_from_db()
    assert sent.status == Delivery.QUEUED
    assert "LYTTE_SMTP_URL" in sent.last_error


def test_a_message_is_delivered_once_however_many_workers_try(
    case_by_email: tuple[Case, InboundMessage], agent: User, smtp: SmtpSink
) -> None:
    case, _message = case_by_email
    sent = send_reply(case=case, agent=agent, to=["kari@fjordkraft.example"], body="Hei!")

    deliver(outbound_id=sent.pk)
    deliver(outbound_id=sent.pk)
    deliver_due()

    assert len(smtp.wait_for(1)) == 1
    assert len(smtp.messages) == 1


@pytest.mark.parametrize(
    "to",
    [["kari@fjordkraft.example\r\nBcc: everyone@evil.example"], ["ikke en adresse"], []],
)
def test_bad_recipients_are_refused_with_a_message(
    case_by_email: tuple[Case, InboundMessage], agent: User, to: list[str]
) -> None:
    case, _message = case_by_email

    with pytest.raises(ValidationError) as refused:
        send_reply(case=case, agent=agent, to=to, body="Hei!")

    assert refused.value.message_dict["to"]
    assert OutboundMessage.objects.count() == 0


def test_an_agent_of_another_team_cannot_reply(
    case_by_email: tuple[Case, InboundMessage], other_agent: User
) -> None:
    case, _message = case_by_email

    with pytest.raises(PermissionDenied):
        send_reply(case=case, agent=other_agent, to=["kari@fjordkraft.example"], body="Hei!")


def test_the_agent_replies_from_the_workspace(
    client: Client, case_by_email: tuple[Case, InboundMessage], agent: User
) -> None:
    case, _message = case_by_email
    client.force_login(agent)

    page = client.get(f"/desk/cases/{case.number}/")
    assert page.status_code == 200
    assert 'value="kari@fjordkraft.example"' in page.content.decode()

    response = client.post(
        f"/desk/cases/{case.number}/reply/",
        {"to": "kari@fjordkraft.example", "body": "Hei Kari, vi har rettet beløpet."},
    )

    assert response.status_code == 302
    sent = OutboundMessage.objects.get()
    assert sent.created_by == agent
    timeline = client.get(f"/desk/cases/{case.number}/").content.decode()
    assert "vi har rettet beløpet" in timeline
    assert "To kari@fjordkraft.example" in timeline


def test_an_empty_reply_is_refused_on_the_form(
    client: Client, case_by_email: tuple[Case, InboundMessage], agent: User
) -> None:
    case, _message = case_by_email
    client.force_login(agent)

    response = client.post(
        f"/desk/cases/{case.number}/reply/", {"to": "kari@fjordkraft.example", "body": ""}
    )

    assert response.status_code == 422
    assert OutboundMessage.objects.count() == 0


def test_a_reply_to_a_closed_case_is_refused(
    case_by_email: tuple[Case, InboundMessage], agent: User
) -> None:
    case, _message = case_by_email
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    case.refresh_from_db()

    with pytest.raises(ValidationError):
        send_reply(case=case, agent=agent, to=["kari@fjordkraft.example"], body="Hei!")


def test_a_reply_goes_to_the_sender_s_local_part_as_written(
    mailbox: Mailbox, agent: User, smtp: SmtpSink
) -> None:
    from lytte.mail.selectors import reply_target

    raw = customer_mail(sender="Åse Bråten <rel-A-256@Example.COM>")
    case = receive_message(mailbox=mailbox, raw=raw).message.case
    assert case is not None

    target = reply_target(case)
    sent = send_reply(case=case, agent=agent, to=[target.to], body="Hei Åse!")
    deliver(outbound_id=sent.pk)

    assert target.to == "rel-A-256@example.com"
    assert sent.recipients == ["rel-A-256@example.com"]
    [received] = smtp.wait_for(1)
    assert received.rcpt_tos == ["rel-A-256@example.com"]
