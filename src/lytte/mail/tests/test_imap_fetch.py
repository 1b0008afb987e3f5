"""Mail fetched from a real IMAP server (Dovecot on loopback): stored before the server is told,
fetched once, and answered through a real SMTP server so the customer's reply threads back."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Contact, Direction
from lytte.mail.fetch import fetch_once
from lytte.mail.models import InboundMessage, Mailbox, Security
from lytte.mail.services import create_mailbox, deliver, send_reply
from lytte.mail.tests.factories import customer_mail
from lytte.mail.tests.servers import DovecotServer, SmtpSink


def imap_mailbox(server: DovecotServer, team: Team | None = None, **options: object) -> Mailbox:
    return create_mailbox(
        name="Kundeservice",
        address="kundeservice@lytte.test",
        team=team,
        imap_host=server.host,
        imap_port=server.port,
        imap_security=Security.NONE,
        imap_user=server.user,
        imap_password=server.password,
        **options,  # type: ignore[arg-type]
    )


def fetch(mailbox: Mailbox) -> int:
    mailbox.refresh_from_db()
    return fetch_once(mailbox)


def test_mail_in_the_imap_inbox_becomes_a_case_and_the_conversation_threads_both_ways(
    imap_server: DovecotServer,
    smtp_sink: SmtpSink,
    team_oslo: Team,
    agent: User,
    settings: object,
) -> None:
    settings.SMTP_URL = smtp_sink.url  # type: ignore[attr-defined]
    mailbox = imap_mailbox(imap_server, team=team_oslo)
    fetch(mailbox)  # the first fetch marks the starting point
    imap_server.deliver(customer_mail(subject="Strømmen er borte på Ørsta"))

    assert fetch(mailbox) == 1

    case = Case.objects.get()
    assert case.subject == "Strømmen er borte på Ørsta"
    assert case.team == team_oslo
    sent = send_reply(
        case=case, agent=agent, to=["kari@fjordkraft.example"], body="Vi sender en montør."
    )
    deliver(outbound_id=sent.pk)
    ours = smtp_sink.wait_for(1)[0].message
    imap_server.deliver(
        customer_mail(
            subject=f"SV: {ours['Subject']}",
            in_reply_to=ours["Message-ID"],
            references=ours["Message-ID"],
            body="Takk, montøren kan komme i morgen.",
        )
    )

    assert fetch(mailbox) == 1

    assert Case.objects.count() == 1
    bodies = list(case.contacts.order_by("started_at").values_list("direction", "body"))
    assert [direction for direction, _body in bodies] == [
        Direction.INBOUND,
        Direction.OUTBOUND,
        Direction.INBOUND,
    ]
    assert "montøren kan komme i morgen" in bodies[-1][1]


def test_a_fetched_message_is_marked_read_only_after_it_is_stored(
    imap_server: DovecotServer, db: None
) -> None:
    mailbox = imap_mailbox(imap_server)
    fetch(mailbox)
    imap_server.deliver(customer_mail())

    fetch(mailbox)

    [on_server] = imap_server.messages()
    assert "\\Seen" in on_server.flags
    assert InboundMessage.objects.get().uid == on_server.uid


def test_fetched_mail_can_be_moved_to_a_folder(imap_server: DovecotServer, db: None) -> None:
    imap_server.create_folder("Lytte")
    mailbox = imap_mailbox(imap_server, processed_folder="Lytte")
    fetch(mailbox)
    imap_server.deliver(customer_mail())

    fetch(mailbox)

    assert imap_server.messages() == []
    assert len(imap_server.messages("Lytte")) == 1


def test_the_first_fetch_takes_unread_mail_only_and_later_fetches_take_each_message_once(
    imap_server: DovecotServer, db: None
) -> None:
    imap_server.deliver(customer_mail(subject="Gammel, lest"), flags=["\\Seen"])
    imap_server.deliver(customer_mail(subject="Ny, ulest"))
    mailbox = imap_mailbox(imap_server)

    assert fetch(mailbox) == 1
    assert fetch(mailbox) == 0
    imap_server.deliver(customer_mail(subject="Enda en"))
    assert fetch(mailbox) == 1

    assert sorted(InboundMessage.objects.values_list("subject", flat=True)) == [
        "Enda en",
        "Ny, ulest",
    ]


def test_a_message_fetched_again_after_a_crash_is_stored_once(
    imap_server: DovecotServer, db: None
) -> None:
    mailbox = imap_mailbox(imap_server)
    fetch(mailbox)
    imap_server.deliver(customer_mail())
    fetch(mailbox)
    # As if the worker died after storing but before it noted the UID: it fetches it again.
    Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=0)

    assert fetch(mailbox) == 0

    assert InboundMessage.objects.count() == 1
    assert Contact.objects.count() == 1


def test_a_wrong_password_is_noted_on_the_mailbox_and_the_command_says_so(
    imap_server: DovecotServer, db: None
) -> None:
    mailbox = imap_mailbox(imap_server)
    Mailbox.objects.filter(pk=mailbox.pk).update(imap_password="")
    from lytte.mail.services import set_imap_password

    set_imap_password(mailbox=mailbox, password="feil passord")

    with pytest.raises(CommandError, match="could not be fetched"):
        call_command("mail", "fetch")

    mailbox.refresh_from_db()
    assert mailbox.last_error
    assert InboundMessage.objects.count() == 0


def test_a_password_can_come_from_the_environment(
    imap_server: DovecotServer, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUNDESERVICE_IMAP_PASSWORD", imap_server.password)
    mailbox = imap_mailbox(imap_server)
    Mailbox.objects.filter(pk=mailbox.pk).update(
        imap_password="", imap_password_env="KUNDESERVICE_IMAP_PASSWORD"
    )
    imap_server.deliver(customer_mail())

    assert fetch(mailbox) == 1
