"""The mail test servers themselves work: what the mail tests build on, checked with nothing but
the standard library's imaplib and smtplib."""

from __future__ import annotations

import imaplib
import smtplib
import socket

import pytest

from lytte.mail.tests import servers
from lytte.mail.tests.servers import DovecotServer, SmtpSink

MESSAGE = (
    b"From: Kari Nordmann <kari@example.no>\r\n"
    b"To: support@lytte.test\r\n"
    b"Subject: =?utf-8?q?Sp=C3=B8rsm=C3=A5l_om_faktura?=\r\n"
    b"Message-ID: <faktura-1@example.no>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Hei, jeg har et sp\xc3\xb8rsm\xc3\xa5l.\r\n"
    b".A line that SMTP has to dot-stuff.\r\n"
)


# --- IMAP -------------------------------------------------------------------------------------


def test_a_delivered_message_can_be_fetched_with_imaplib(imap_server: DovecotServer) -> None:
    uid = imap_server.deliver(MESSAGE)

    imap = imaplib.IMAP4(imap_server.host, imap_server.port)
    imap.login(imap_server.user, imap_server.password)
    typ, data = imap.select("INBOX")
    assert (typ, data) == ("OK", [b"1"])
    typ, data = imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
    imap.logout()

    assert typ == "OK"
    assert data[0][1] == MESSAGE
    [stored] = imap_server.messages()
    assert (stored.uid, stored.raw) == (uid, MESSAGE)
    assert "\\Seen" not in stored.flags  # BODY.PEEK, on both sides


def test_the_server_announces_idle_and_move(imap_server: DovecotServer) -> None:
    with imap_server.connect() as imap:
        typ, data = imap.capability()

    capabilities = data[0].split()
    assert typ == "OK"
    assert b"IDLE" in capabilities
    assert b"MOVE" in capabilities
    assert b"UIDPLUS" in capabilities


def test_an_idling_client_hears_of_a_delivery_promptly(imap_server: DovecotServer) -> None:
    # imaplib has no IDLE before Python 3.14: speak it by hand.
    with imap_server.connect() as imap:
        imap.select("INBOX")
        tag = imap._new_tag()  # type: ignore[attr-defined]
        imap.send(tag + b" IDLE\r\n")
        assert imap.readline().startswith(b"+")

        # The server pushes the news while the client waits: no command asks for it. Waiting
        # is bounded (a socket timeout), not timed.
        imap.sock.settimeout(20)
        imap_server.deliver(b"Subject: ny\r\n\r\nhei\r\n")
        assert imap.readline() == b"* 1 EXISTS\r\n"

        imap.send(b"DONE\r\n")
        while not (line := imap.readline()).startswith(tag):
            assert line.startswith(b"* ")  # e.g. "* 1 RECENT"
        assert line.startswith(tag + b" OK")


def test_folders_may_have_any_name_and_keep_uids_and_flags(imap_server: DovecotServer) -> None:
    folder = 'Kunder/Åse "VIP" Ødegård'
    imap_server.create_folder(folder)

    first = imap_server.deliver(b"Subject: 1\r\n\r\nen\r\n", folder=folder)
    second = imap_server.deliver(b"Subject: 2\r\n\r\nto\r\n", folder, ["\\Seen", "\\Flagged"])

    assert (first, second) == (1, 2)
    assert imap_server.messages(folder) == [
        (1, frozenset(), b"Subject: 1\r\n\r\nen\r\n"),
        (2, frozenset({"\\Seen", "\\Flagged"}), b"Subject: 2\r\n\r\nto\r\n"),
    ]
    assert imap_server.messages() == []
    assert {"Kunder", folder} <= set(imap_server.folder_names())


def test_a_new_mailbox_has_the_special_use_folders(imap_server: DovecotServer) -> None:
    folders = imap_server.folders

    with imap_server.connect() as imap:
        typ, data = imap.list('""', "*")

    assert typ == "OK"
    listed = b"\n".join(line for line in data if isinstance(line, bytes))
    for flag, name in [
        (b"\\Sent", folders.sent),
        (b"\\Drafts", folders.drafts),
        (b"\\Trash", folders.trash),
        (b"\\Junk", folders.junk),
        (b"\\Archive", folders.archive),
    ]:
        assert flag in listed
        assert name in imap_server.folder_names()
    assert folders.separator.encode() in listed


def test_a_wrong_password_is_refused_without_delay(imap_server: DovecotServer) -> None:
    # Dovecot waits 2 s before each refusal by default; the tests' server is told not to.
    assert "auth_failure_delay = 0" in imap_server.config_path.read_text()
    with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
        imap_server.connect(password="wrong")


def test_a_second_user_gets_a_mailbox_of_their_own(imap_server: DovecotServer) -> None:
    imap_server.add_user("faktura@lytte.test", "hemmelig")
    imap_server.deliver(b"Subject: til support\r\n\r\nx\r\n")

    with imap_server.connect("faktura@lytte.test", "hemmelig") as imap:
        assert imap.select("INBOX") == ("OK", [b"0"])


def test_a_stopped_server_refuses_connections_and_comes_back_with_its_mail(
    imap_server: DovecotServer,
) -> None:
    imap_server.deliver(MESSAGE)
    session = imap_server.connect()
    session.select("INBOX")

    imap_server.stop()

    with pytest.raises((imaplib.IMAP4.abort, OSError)):
        session.noop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((imap_server.host, imap_server.port), timeout=1)

    imap_server.start()

    assert [m.raw for m in imap_server.messages()] == [MESSAGE]


def test_without_dovecot_the_imap_tests_skip_or_fail_in_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(servers, "find_dovecot", lambda: None)

    monkeypatch.delenv("LYTTE_REQUIRE_MAILSERVER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="dovecot is missing"):
        servers.require_dovecot()

    monkeypatch.setenv("LYTTE_REQUIRE_MAILSERVER", "1")
    with pytest.raises(pytest.fail.Exception, match="dovecot is missing"):
        servers.require_dovecot()


# --- SMTP -------------------------------------------------------------------------------------


def test_the_sink_keeps_the_raw_bytes_and_the_envelope(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port) as smtp:
        smtp.sendmail(
            "bounces@lytte.test", ["kari@example.no", "ola@example.no"], MESSAGE, ["BODY=8BITMIME"]
        )

    [mail] = smtp_sink.wait_for(1)
    assert mail.mail_from == "bounces@lytte.test"
    assert mail.rcpt_tos == ["kari@example.no", "ola@example.no"]
    assert mail.raw == MESSAGE
    assert "BODY=8BITMIME" in mail.mail_options
    assert mail.login is None
    assert mail.message["Subject"] == "Spørsmål om faktura"


def test_the_sink_records_who_logged_in(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port) as smtp:
        with pytest.raises(smtplib.SMTPAuthenticationError):
            smtp.login(smtp_sink.user, "wrong")
        smtp.login(smtp_sink.user, smtp_sink.password)
        smtp.sendmail("support@lytte.test", ["kari@example.no"], MESSAGE)

    assert smtp_sink.wait_for(1)[0].login == smtp_sink.user


def test_the_sink_can_fail_the_next_deliveries_temporarily(smtp_sink: SmtpSink) -> None:
    smtp_sink.fail_next(2)

    with smtplib.SMTP(smtp_sink.host, smtp_sink.port) as smtp:
        for _ in range(2):
            with pytest.raises(smtplib.SMTPDataError) as refused:
                smtp.sendmail("support@lytte.test", ["kari@example.no"], MESSAGE)
            assert refused.value.smtp_code == 451
        smtp.sendmail("support@lytte.test", ["kari@example.no"], MESSAGE)

    assert len(smtp_sink.wait_for(1)) == 1


def test_waiting_for_mail_that_never_comes_fails_clearly(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port) as smtp:
        smtp.sendmail("support@lytte.test", ["kari@example.no"], MESSAGE)

    with pytest.raises(AssertionError, match=r"expected 2 message\(s\) within 0.2 s, got 1"):
        smtp_sink.wait_for(2, timeout=0.2)

    smtp_sink.reset()
    assert smtp_sink.messages == []
