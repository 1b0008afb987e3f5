"""Mail pushed to /api/v1/mail/inbound/<token> (or fetched: the same service) is stored, then
filed on the right customer and case."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Contact, Direction, Status
from lytte.cases.services import open_case, set_status
from lytte.customers.models import ContactPoint, Customer
from lytte.customers.services import create_customer, create_organization
from lytte.mail.models import InboundMessage, Mailbox, OutboundMessage, Outcome
from lytte.mail.services import create_push_mailbox, file_pending, receive_message
from lytte.mail.services import intake as intake_module
from lytte.mail.tests.factories import customer_mail


@pytest.fixture
def push(team_oslo: Team) -> tuple[Mailbox, str]:
    return create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )


@pytest.fixture
def mailbox(push: tuple[Mailbox, str]) -> Mailbox:
    return push[0]


def post(client: Client, token: str, raw: bytes):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/mail/inbound/{token}", raw, content_type="message/rfc822")


def test_a_stranger_s_message_opens_a_case_for_a_new_customer_of_their_organization(
    client: Client, push: tuple[Mailbox, str], team_oslo: Team
) -> None:
    organization = create_organization(name="Fjordkraft AS", domains=["fjordkraft.example"])
    _mailbox, token = push

    response = post(client, token, customer_mail())

    assert response.status_code == 201
    body = response.json()
    assert body["stored"] is True
    assert body["duplicate"] is False
    case = Case.objects.get(number=body["case"])
    assert case.channel == Channel.EMAIL
    assert case.subject == "Feil beløp på fakturaen"
    assert case.team == team_oslo
    assert case.customer is not None
    assert case.customer.name == "Kari Nordmann"
    assert case.customer.organization == organization
    assert ContactPoint.objects.filter(
        customer=case.customer, value="kari@fjordkraft.example"
    ).exists()
    contact = case.contacts.get()
    assert contact.direction == Direction.INBOUND
    assert contact.address == "kari@fjordkraft.example"
    assert "Fakturaen for oktober har feil beløp" in contact.body


def test_a_known_customer_s_message_is_filed_on_them(
    client: Client, push: tuple[Mailbox, str]
) -> None:
    kari = create_customer(name="Kari Nordmann", emails=["KARI@fjordkraft.example"])

    body = post(client, push[1], customer_mail()).json()

    assert Case.objects.get(number=body["case"]).customer == kari
    assert Customer.objects.count() == 1


def test_a_retried_push_is_stored_once_and_answered_2xx(
    client: Client, push: tuple[Mailbox, str]
) -> None:
    raw = customer_mail()

    first = post(client, push[1], raw)
    again = post(client, push[1], raw)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["case"] == first.json()["case"]
    assert InboundMessage.objects.count() == 1
    assert Contact.objects.count() == 1


def test_a_message_without_message_id_is_recognised_by_its_bytes(
    client: Client, push: tuple[Mailbox, str]
) -> None:
    raw = b"From: kari@fjordkraft.example\r\nSubject: Hei\r\n\r\nUten Message-ID.\r\n"

    post(client, push[1], raw)
    post(client, push[1], raw)

    assert InboundMessage.objects.count() == 1


def test_the_push_url_refuses_bad_requests_with_a_message(
    client: Client, push: tuple[Mailbox, str], settings: object
) -> None:
    wrong = post(client, "mail_wrong", customer_mail())
    assert wrong.status_code == 404
    assert wrong.json()["code"] == "unknown_token"
    assert client.get(f"/api/v1/mail/inbound/{push[1]}").status_code == 405
    empty = post(client, push[1], b"  \r\n")
    assert empty.status_code == 400
    assert empty.json() == {"code": "not_email", "error": empty.json()["error"]}
    assert "raw email" in empty.json()["error"]
    Mailbox.objects.update(active=False)
    assert post(client, push[1], customer_mail()).status_code == 404
    assert InboundMessage.objects.count() == 0


def test_a_push_larger_than_the_limit_is_refused_with_413(
    client: Client, push: tuple[Mailbox, str], settings: object
) -> None:
    settings.MAIL_MAX_MESSAGE_BYTES = 1000  # type: ignore[attr-defined]

    response = post(client, push[1], customer_mail(body="x" * 5000))

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "larger than" in response.json()["error"]


def test_an_oversized_message_is_kept_without_its_largest_attachment(
    mailbox: Mailbox, settings: object
) -> None:
    settings.MAIL_MAX_MESSAGE_BYTES = 200_000  # type: ignore[attr-defined]
    message = EmailMessage()
    message["From"] = "Kari Nordmann <kari@fjordkraft.example>"
    message["To"] = "kundeservice@lytte.test"
    message["Subject"] = "Skjermbilde av feilen"
    message["Message-ID"] = make_msgid()
    message.set_content("Se vedlagt skjermbilde, æøå.")
    message.add_attachment(
        b"\x89PNG" + bytes(300_000), maintype="image", subtype="png", filename="skjerm.png"
    )
    message.add_attachment(
        b"%PDF small", maintype="application", subtype="pdf", filename="faktura.pdf"
    )

    received = receive_message(mailbox=mailbox, raw=message.as_bytes())

    stored = received.message
    assert stored.size <= 200_000
    assert stored.outcome == Outcome.NEW_CASE
    assert "Se vedlagt skjermbilde, æøå." in stored.contact.body  # type: ignore[union-attr]
    names = sorted(stored.attachments.values_list("filename", flat=True))
    assert names == ["faktura.pdf", "skjerm.png.removed.txt"]


def test_a_reply_to_our_email_lands_on_the_same_case(
    client: Client, push: tuple[Mailbox, str], agent: User
) -> None:
    from lytte.mail.services import send_reply

    first = post(client, push[1], customer_mail()).json()
    case = Case.objects.get(number=first["case"])
    sent = send_reply(case=case, agent=agent, to=["kari@fjordkraft.example"], body="Vi ser på det.")

    answer = customer_mail(
        subject=f"SV: {sent.subject}",
        in_reply_to=f"<{sent.message_id}>",
        references=f"<{sent.message_id}>",
        body="Takk for svar!",
    )
    body = post(client, push[1], answer).json()

    assert body["case"] == case.number
    assert InboundMessage.objects.get(pk=body["message"]).outcome == Outcome.FOLLOW_UP
    assert case.contacts.filter(direction=Direction.INBOUND).count() == 2


def test_an_answer_to_a_resolved_case_reopens_it(
    client: Client, push: tuple[Mailbox, str], agent: User
) -> None:
    first = post(client, push[1], customer_mail()).json()
    case = Case.objects.get(number=first["case"])
    original = InboundMessage.objects.get(pk=first["message"])
    from lytte.cases.models import ContactReason

    case.reason = ContactReason.objects.get(code="invoice")
    case.save()
    set_status(case=case, status=Status.RESOLVED, changed_by=agent)

    post(
        client,
        push[1],
        customer_mail(body="Det er fortsatt feil.", in_reply_to=f"<{original.message_id}>"),
    )

    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_a_closed_case_is_not_continued(client: Client, push: tuple[Mailbox, str]) -> None:
    first = post(client, push[1], customer_mail()).json()
    original = InboundMessage.objects.get(pk=first["message"])
    Case.objects.filter(number=first["case"]).update(status=Status.CLOSED)

    again = post(client, push[1], customer_mail(in_reply_to=f"<{original.message_id}>")).json()

    assert again["case"] != first["case"]


def test_a_case_number_in_the_subject_continues_the_case_of_its_own_customer_only(
    client: Client, push: tuple[Mailbox, str]
) -> None:
    kari = create_customer(name="Kari Nordmann", emails=["kari@fjordkraft.example"])
    case = open_case(channel=Channel.PHONE, opened_by=None, customer=kari, subject="Strømbrudd")

    own = post(client, push[1], customer_mail(subject=f"Angående sak [#{case.number}]")).json()
    stranger = post(
        client,
        push[1],
        customer_mail(sender="mallory@evil.example", subject=f"Re: [#{case.number}]"),
    ).json()

    assert own["case"] == case.number
    assert stranger["case"] != case.number


def test_the_same_message_sent_to_two_of_our_mailboxes_is_one_contact(
    client: Client, push: tuple[Mailbox, str]
) -> None:
    _sales, sales_token = create_push_mailbox(name="Salg", address="salg@lytte.test")
    raw = customer_mail(to="kundeservice@lytte.test, salg@lytte.test")

    first = post(client, push[1], raw).json()
    second = post(client, sales_token, raw).json()

    assert first["case"] == second["case"]
    assert InboundMessage.objects.count() == 2
    assert Contact.objects.count() == 1


def test_nordic_text_in_latin1_and_windows_1252_is_read_right(mailbox: Mailbox) -> None:
    latin1 = customer_mail(body="Hei, fakturaen er feil. Mvh Bjørn Ærø", charset="iso-8859-1")
    cp1252 = customer_mail(
        body="Hej! Beløbet på 1 250 € er forkert, hilsen Søren", charset="windows-1252"
    )

    first = receive_message(mailbox=mailbox, raw=latin1).message
    second = receive_message(mailbox=mailbox, raw=cp1252).message

    assert "Mvh Bjørn Ærø" in first.contact.body  # type: ignore[union-attr]
    assert "1 250 € er forkert, hilsen Søren" in second.contact.body  # type: ignore[union-attr]


def test_a_quoted_earlier_message_is_folded_out_of_the_contact(mailbox: Mailbox) -> None:
    raw = customer_mail(
        body=(
            "Takk, nå fungerer det.\n\n"
            "Den man. 3. nov. 2025 kl. 10:00 skrev Kundeservice <kundeservice@lytte.test>:\n"
            "> Prøv å starte ruteren på nytt.\n"
        )
    )

    contact = receive_message(mailbox=mailbox, raw=raw).message.contact

    assert contact is not None
    assert contact.body == "Takk, nå fungerer det."


def test_a_message_that_cannot_be_filed_is_kept_and_filed_on_the_next_try(
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_receive_contact = intake_module.receive_contact

    def database_hiccup(*args: object, **kwargs: object) -> Case:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(intake_module, "receive_contact", database_hiccup)
    failed = receive_message(mailbox=mailbox, raw=customer_mail()).message

    assert failed.outcome == Outcome.FAILED
    assert "database is locked" in failed.error
    assert Case.objects.count() == 0

    monkeypatch.setattr(intake_module, "receive_contact", real_receive_contact)
    assert file_pending() == 1

    failed.refresh_from_db()
    assert failed.outcome == Outcome.NEW_CASE
    assert failed.case is not None
    assert failed.error == ""


def test_automatic_mail_is_filed_but_makes_no_customer_and_no_acknowledgement(
    mailbox: Mailbox,
) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(send_acknowledgement=True)
    mailbox.refresh_from_db()
    newsletter = customer_mail(
        sender="Nyhetsbrev <news@butikk.example>",
        subject="Ukens tilbud",
        headers={"List-Id": "<tilbud.butikk.example>", "Precedence": "bulk"},
    )

    stored = receive_message(mailbox=mailbox, raw=newsletter).message

    assert stored.outcome == Outcome.NEW_CASE
    assert stored.case is not None
    assert stored.case.customer is None
    assert Customer.objects.count() == 0
    assert OutboundMessage.objects.count() == 0


def test_a_new_case_is_acknowledged_with_its_number_once(mailbox: Mailbox) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(send_acknowledgement=True)
    mailbox.refresh_from_db()

    first = receive_message(mailbox=mailbox, raw=customer_mail()).message
    follow_up = customer_mail(in_reply_to=f"<{first.message_id}>", body="Glemte vedlegget.")
    receive_message(mailbox=mailbox, raw=follow_up)

    assert first.case is not None
    ack = OutboundMessage.objects.get()
    assert ack.kind == OutboundMessage.Kind.ACKNOWLEDGEMENT
    assert ack.recipients == ["kari@fjordkraft.example"]
    assert f"[#{first.case.number}]" in ack.subject
    raw = bytes(ack.raw)
    assert b"Auto-Submitted: auto-replied" in raw
    assert f"In-Reply-To: <{first.message_id}>\r\n".encode() in raw


def test_the_acknowledgement_is_no_answer_to_the_customer(mailbox: Mailbox) -> None:
    """Logged on the case, but no person answered: the first response waits for one, and the
    case is still new in the queue."""
    Mailbox.objects.filter(pk=mailbox.pk).update(send_acknowledgement=True)
    mailbox.refresh_from_db()

    case = receive_message(mailbox=mailbox, raw=customer_mail()).message.case

    assert case is not None
    case.refresh_from_db()
    assert case.contacts.filter(direction=Direction.OUTBOUND).count() == 1
    assert case.first_response_at is None
    assert case.status == Status.NEW


def test_a_mail_storm_opens_no_new_cases(mailbox: Mailbox, settings: object) -> None:
    settings.MAIL_SENDER_LIMIT = 3  # type: ignore[attr-defined]
    for number in range(8):
        receive_message(mailbox=mailbox, raw=customer_mail(subject=f"Automatisk varsel {number}"))

    assert InboundMessage.objects.count() == 8
    assert Contact.objects.count() == 8
    assert Case.objects.count() == 3  # the first three opened cases; the rest joined the last


def test_a_bounce_marks_the_address_failing_and_tells_the_case(
    mailbox: Mailbox, agent: User
) -> None:
    from lytte.mail.services import send_reply

    kari = create_customer(name="Kari Nordmann", emails=["kari@fjordkraft.example"])
    case = open_case(channel=Channel.EMAIL, opened_by=None, customer=kari, subject="Faktura")
    sent = send_reply(case=case, agent=agent, to=["kari@fjordkraft.example"], body="Hei Kari")
    bounce = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.lytte.test>\r\n"
        "To: kundeservice@lytte.test\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {make_msgid()}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.lytte.test\r\n\r\n"
        "Final-Recipient: rfc822; kari@fjordkraft.example\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: <{sent.message_id}>\r\nSubject: {sent.subject}\r\n\r\n"
        "--b--\r\n"
    ).encode()

    stored = receive_message(mailbox=mailbox, raw=bounce).message

    assert stored.outcome == Outcome.BOUNCE
    assert stored.case == case
    point = ContactPoint.objects.get(value="kari@fjordkraft.example")
    assert point.failing_since is not None
    assert "5.1.1" in point.failure
    sent.refresh_from_db()
    assert sent.status == "bounced"
    note = case.contacts.get(channel=Channel.NOTE)
    assert "kari@fjordkraft.example" in note.body
    assert Case.objects.count() == 1  # a bounce is not a customer's case

    # Mail from the address again shows it works.
    receive_message(mailbox=mailbox, raw=customer_mail())
    point.refresh_from_db()
    assert point.failing_since is None


def test_the_acknowledgement_speaks_the_mailbox_s_language_to_a_new_customer(
    mailbox: Mailbox,
) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(send_acknowledgement=True, language="nb")
    mailbox.refresh_from_db()

    first = receive_message(mailbox=mailbox, raw=customer_mail()).message

    assert first.case is not None
    ack = OutboundMessage.objects.get()
    assert ack.subject == f"SV: Feil beløp på fakturaen [#{first.case.number}]"
    text = bytes(ack.raw).decode()
    assert f"Saksnummeret ditt er {first.case.number}." in text
    assert "Dette er en automatisk melding." in text


def test_the_acknowledgement_goes_to_the_sender_s_local_part_as_written(
    mailbox: Mailbox,
) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(send_acknowledgement=True)
    mailbox.refresh_from_db()
    kari = create_customer(name="Kari Nordmann", emails=["rel-a-256@example.com"])

    stored = receive_message(
        mailbox=mailbox, raw=customer_mail(sender="Kari Nordmann <rel-A-256@Example.COM>")
    ).message

    assert stored.case is not None
    assert stored.case.customer == kari  # matched whatever the case
    assert OutboundMessage.objects.get().recipients == ["rel-A-256@example.com"]


def test_a_sender_varying_the_case_of_the_address_is_still_one_storm(
    mailbox: Mailbox, settings: object
) -> None:
    settings.MAIL_SENDER_LIMIT = 2  # type: ignore[attr-defined]
    for number, local in enumerate(["kari", "Kari", "KARI", "kArI", "KaRi"]):
        sender = f"Kari Nordmann <{local}@fjordkraft.example>"
        receive_message(
            mailbox=mailbox, raw=customer_mail(sender=sender, subject=f"Varsel {number}")
        )

    assert Case.objects.count() == 2
