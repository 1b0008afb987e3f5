"""Messages survive the network: a retry of a client id is the same message with the same seq,
the messages after a seq are exactly those, files are checked by their bytes and size, and a
chat is one contact on its case, through the core's entry, whose text becomes the transcript."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case, Channel, Contact
from lytte.chat import services
from lytte.chat.models import ChatAgent, ChatWidget, Conversation, Message
from lytte.chat.tests.conftest import new_id, post, say, start
from lytte.customers.models import Customer

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
def chat(widget: ChatWidget, at_desk: ChatAgent) -> dict[str, Any]:
    data: dict[str, Any] = start(Client(), widget).json()
    return data


def test_starting_twice_with_one_client_id_is_one_chat(
    widget: ChatWidget, at_desk: ChatAgent
) -> None:
    client_id = new_id()
    first = start(Client(), widget, client_id=client_id).json()
    again = start(Client(), widget, client_id=client_id).json()

    assert again["conversation"] == first["conversation"]
    assert again["token"] == first["token"]
    assert Conversation.objects.count() == Contact.objects.count() == Case.objects.count() == 1
    assert [m["seq"] for m in again["messages"]] == [1]


def test_a_retried_message_is_stored_once_with_the_same_seq(chat: dict[str, Any]) -> None:
    client_id = new_id()
    first = say(Client(), chat["token"], "Kunde nr. 4711", client_id)
    again = say(Client(), chat["token"], "Kunde nr. 4711", client_id)

    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["seq"] == again.json()["seq"] == 2
    assert Message.objects.filter(client_id=client_id).count() == 1


def test_the_messages_after_a_seq_are_exactly_those(chat: dict[str, Any]) -> None:
    for text in ("to", "tre", "fire"):
        say(Client(), chat["token"], text)

    answer = Client().get(f"/chat/api/conversations/{chat['token']}/messages?after=2").json()

    assert [(m["seq"], m["body"]) for m in answer["messages"]] == [(3, "tre"), (4, "fire")]
    assert answer["state"] == "waiting"
    assert answer["agent"] is None


def test_a_chat_is_one_contact_on_its_case_whatever_it_carries(
    chat: dict[str, Any], agent: User
) -> None:
    conversation = Conversation.objects.get()
    services.accept(conversation, agent)
    say(Client(), chat["token"], "Takk!")
    services.post_agent_message(conversation, agent, body="Fakturaen er rettet.")
    services.end_conversation(conversation, agent)

    contact = Contact.objects.get()
    assert (contact.channel, contact.external_id) == (Channel.CHAT, f"chat:{chat['conversation']}")
    assert contact.handled_by == agent
    assert contact.ended_at is not None
    assert contact.body.splitlines()[0].endswith("Hei, fakturaen min er feil")
    assert "Ingrid: Fakturaen er rettet." in contact.body
    assert contact.case.first_response_at is not None


def test_an_ended_chat_takes_no_more_messages(chat: dict[str, Any]) -> None:
    assert Client().post(f"/chat/api/conversations/{chat['token']}/end").status_code == 204

    response = say(Client(), chat["token"], "Hallo?")

    assert response.status_code == 409
    assert response.json()["code"] == "ended"


def test_a_message_without_a_client_id_or_text_is_a_clear_400(chat: dict[str, Any]) -> None:
    path = f"/chat/api/conversations/{chat['token']}/messages"
    assert post(Client(), path, {"body": "Hei"}).json()["code"] == "invalid_client_id"
    assert post(Client(), path, {"client_id": new_id(), "body": " "}).json()["code"] == "empty"
    bad = Client().post(path, "[1, 2]", content_type="application/json")
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_json")


def test_an_unknown_token_is_404(db: None) -> None:
    response = Client().get("/chat/api/conversations/no-such-token/messages")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def _upload(token: str, name: str, content: bytes, client_id: str | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return Client().post(
        f"/chat/api/conversations/{token}/attachments",
        {"file": SimpleUploadedFile(name, content), "client_id": client_id or new_id()},
    )


def test_an_image_is_sent_and_served_by_its_signed_address(chat: dict[str, Any]) -> None:
    response = _upload(chat["token"], "skjerm bilde.PNG", PNG)

    assert response.status_code == 201
    attachment = response.json()["attachment"]
    assert attachment["type"] == "image/png"
    assert attachment["size"] == len(PNG)
    served = Client().get(attachment["url"])
    assert served.status_code == 200
    assert served.content == PNG
    assert served["Content-Type"] == "image/png"
    assert served["Cross-Origin-Resource-Policy"] == "cross-origin"  # for <img> on the shop
    forged = attachment["url"].replace(attachment["url"].split("/")[-2], "0" * 32)
    assert Client().get(forged).status_code == 404


def test_a_file_is_judged_by_its_bytes_not_its_name(chat: dict[str, Any]) -> None:
    response = _upload(chat["token"], "faktura.png", b"<script>alert(1)</script>")

    assert (response.status_code, response.json()["code"]) == (415, "file_type")
    assert Message.objects.count() == 1


def test_a_file_over_the_limit_is_refused(chat: dict[str, Any], settings: Any) -> None:
    settings.CHAT_MAX_ATTACHMENT_BYTES = 1024

    response = _upload(chat["token"], "stor.png", PNG + bytes(2048))

    assert (response.status_code, response.json()["code"]) == (413, "too_large")
    assert Message.objects.count() == 1


def test_leaving_a_message_opens_an_email_case_for_nobody_on_a_claim(
    widget: ChatWidget, kari: Customer
) -> None:
    """Nobody could chat: the message becomes an email case to answer; Kari's address typed
    by anyone is kept to answer to, not looked up."""
    body = {
        "client_id": new_id(),
        "name": "Kari",
        "email": "kari@example.no",
        "body": "Ring meg i morgen",
        "language": "nb",
    }
    path = f"/chat/api/{widget.key}/messages-left"
    assert post(Client(), path, body).status_code == 201
    assert post(Client(), path, body).status_code == 201  # a retry: still one case

    contact = Contact.objects.get()
    assert contact.channel == Channel.EMAIL
    assert contact.address == "kari@example.no"
    assert contact.customer is None
    assert contact.case.customer is None
    assert contact.case.team == widget.team
    assert "Ring meg i morgen" in contact.body


def test_leaving_a_message_needs_an_address_to_answer_to(widget: ChatWidget) -> None:
    body = {"client_id": uuid.uuid4().hex, "body": "Hei", "language": "nb"}
    response = post(Client(), f"/chat/api/{widget.key}/messages-left", body)
    assert (response.status_code, response.json()["code"]) == (400, "email_required")


def test_a_token_stops_working_a_day_after_the_chat_ended(chat: dict[str, Any]) -> None:
    path = f"/chat/api/conversations/{chat['token']}/messages"
    Client().post(f"/chat/api/conversations/{chat['token']}/end")
    assert Client().get(path).json()["state"] == "ended"

    Conversation.objects.update(ended_at=timezone.now() - timedelta(hours=25))

    assert Client().get(path).status_code == 404


def test_no_answer_about_a_chat_is_kept_in_a_cache(chat: dict[str, Any]) -> None:
    answer = Client().get(f"/chat/api/conversations/{chat['token']}/messages")
    assert "no-store" in answer["Cache-Control"]
    assert "private" in answer["Cache-Control"]
