"""Every tricky message of the corpus (corpus/*.eml), and a huge one, goes the whole way: stored
as it came, filed on a case (or, for a bounce, on nothing), with nothing raised."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from django.test import Client

from lytte.accounts.models import Team
from lytte.mail.models import InboundMessage, Mailbox, Outcome
from lytte.mail.services import create_push_mailbox, receive_message

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.eml"))


@pytest.fixture
def mailbox(team_oslo: Team) -> Mailbox:
    return create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )[0]


def test_the_corpus_is_there() -> None:
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_each_tricky_message_is_stored_as_it_came_and_filed(mailbox: Mailbox, path: Path) -> None:
    raw = path.read_bytes()

    received = receive_message(mailbox=mailbox, raw=raw)

    message = InboundMessage.objects.get(pk=received.message.pk)
    assert bytes(message.raw) == raw
    assert message.outcome != Outcome.FAILED, message.error
    assert message.processed_at is not None
    if message.outcome != Outcome.BOUNCE:
        assert message.case is not None
        assert message.contact is not None
    again = receive_message(mailbox=mailbox, raw=raw)
    assert again.created is False


def test_a_huge_attachment_is_kept_and_served_back_whole(
    client: Client, mailbox: Mailbox, supervisor: object
) -> None:
    payload = bytes(range(256)) * (12 * 4096)  # 12 MB
    message = EmailMessage()
    message["From"] = "Väinö Mäkinen <vaino@example.fi>"
    message["To"] = "kundeservice@lytte.test"
    message["Subject"] = "Lokitiedosto"
    message["Message-ID"] = make_msgid()
    message.set_content("Liitteenä lokitiedosto, hyvää päivänjatkoa.")
    message.add_attachment(
        payload, maintype="application", subtype="octet-stream", filename="loki.bin"
    )

    stored = receive_message(mailbox=mailbox, raw=message.as_bytes()).message

    attachment = stored.attachments.get()
    assert attachment.size == len(payload)
    client.force_login(supervisor)  # type: ignore[arg-type]
    response = client.get(f"/desk/mail/attachments/{attachment.pk}/?download")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="loki.bin"')
    assert response.content == payload


def test_attachments_and_whole_messages_are_for_the_case_s_team_only(
    client: Client, mailbox: Mailbox, agent: object, other_agent: object
) -> None:
    raw = (Path(__file__).parent / "corpus" / "nested_related_swedish.eml").read_bytes()
    stored = receive_message(mailbox=mailbox, raw=raw).message
    attachment = stored.attachments.first()
    assert attachment is not None

    client.force_login(other_agent)  # type: ignore[arg-type]
    assert client.get(f"/desk/mail/attachments/{attachment.pk}/").status_code == 403
    assert client.get(f"/desk/mail/messages/{stored.pk}/").status_code == 403

    client.force_login(agent)  # type: ignore[arg-type]
    assert client.get(f"/desk/mail/attachments/{attachment.pk}/").status_code == 200
    page = client.get(f"/desk/mail/messages/{stored.pk}/")
    assert page.status_code == 200
    assert 'sandbox srcdoc="' in page.content.decode()

    client.logout()
    assert client.get(f"/desk/mail/attachments/{attachment.pk}/").status_code == 302
