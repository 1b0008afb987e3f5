"""Who the customer in a chat is: verified only by the portal's session (from this site's own
pages) or the business's signed token; a name and address typed into the widget are claims,
and never attach a chat to the customer who owns that address."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
import pytest
from django.core import mail
from django.test import Client

from lytte.cases.models import Case, Channel, Contact
from lytte.chat.models import ChatAgent, ChatWidget, Conversation
from lytte.chat.tasks import send_transcript
from lytte.chat.tests.conftest import IDENTITY_SECRET, SHOP, post, start
from lytte.customers.models import Customer
from lytte.portal.tests.sessions import portal_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secret(settings: Any) -> None:
    settings.PORTAL_IDENTITY_SECRET = IDENTITY_SECRET


def identity_token(secret: str = IDENTITY_SECRET, **overrides: Any) -> str:
    now = int(time.time())
    claims = {"email": "kari@example.no", "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex}
    return jwt.encode({**claims, **overrides}, secret, algorithm="HS256")


def test_a_claimed_address_never_attaches_the_chat_to_its_customer(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer
) -> None:
    """Anyone can type Kari's address: the chat stays unverified, with nobody's history."""
    response = start(Client(), widget, name="Kari Nordmann", email="KARI@example.no")

    assert response.status_code == 201
    assert response.json()["verified"] is False
    chat = Conversation.objects.get()
    assert (chat.customer, chat.verified, chat.claimed_email) == (None, False, "kari@example.no")
    assert chat.case is not None
    assert chat.case.customer is None
    assert chat.contact is not None
    assert chat.contact.customer is None
    assert chat.contact.address == ""
    assert not Case.objects.filter(customer=kari).exists()


def test_a_signed_in_portal_customer_is_verified(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer
) -> None:
    response = start(portal_client(kari), widget)

    assert response.json()["verified"] is True
    chat = Conversation.objects.get()
    assert (chat.customer, chat.verified) == (kari, True)
    assert chat.case is not None
    assert chat.case.customer == kari
    assert chat.contact is not None
    assert chat.contact.channel == Channel.CHAT


def test_the_portal_session_does_not_verify_a_request_from_another_site(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer
) -> None:
    """A page on the shop's site (an allowed origin) cannot borrow the portal's cookie."""
    client = portal_client(kari)
    body = {"client_id": uuid.uuid4().hex, "message": "Hei", "language": "nb"}
    response = post(client, f"/chat/api/{widget.key}/conversations", body, HTTP_ORIGIN=SHOP)

    assert response.status_code == 201
    assert response.json()["verified"] is False
    assert Conversation.objects.get().customer is None


def test_the_businesss_signed_token_verifies_the_customer(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer
) -> None:
    response = start(Client(), widget, identity_token=identity_token(), email="ola@example.no")

    assert response.json()["verified"] is True
    assert Conversation.objects.get().customer == kari


@pytest.mark.parametrize(
    ("token", "status"),
    [
        (lambda: identity_token(secret="a-forger-guessed-this-secret-0123456789abcdef"), 401),
        (lambda: identity_token(iat=int(time.time()) - 900, exp=int(time.time()) - 600), 401),
        (lambda: "not.a.token", 400),
    ],
    ids=["forged", "expired", "garbage"],
)
def test_a_bad_identity_token_is_refused_and_starts_nothing(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer, token: Any, status: int
) -> None:
    response = start(Client(), widget, identity_token=token(), email="kari@example.no")

    assert response.status_code == status
    assert response.json()["code"] == "identity_refused"
    assert not Conversation.objects.exists()
    assert not Contact.objects.exists()


def test_the_transcript_is_refused_to_an_unverified_chat(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer
) -> None:
    token = start(Client(), widget, email="kari@example.no").json()["token"]

    response = Client().post(f"/chat/api/conversations/{token}/transcript")

    assert response.status_code == 403
    assert response.json()["code"] == "not_verified"


def test_a_verified_customer_gets_the_transcript_at_their_known_address(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer, django_capture_on_commit_callbacks: Any
) -> None:
    client = portal_client(kari)
    token = start(client, widget, message="Når kommer strømmen tilbake?").json()["token"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/chat/api/conversations/{token}/transcript")
    assert response.status_code == 202

    send_transcript.call(Conversation.objects.get().pk)
    assert [message.to for message in mail.outbox] == [["kari@example.no"]]
    assert "Når kommer strømmen tilbake?" in mail.outbox[0].body


def test_a_verified_customer_leaves_a_message_as_herself_and_may_retry_it(
    widget: ChatWidget, kari: Customer
) -> None:
    body = {"client_id": uuid.uuid4().hex, "body": "Ring meg", "identity_token": identity_token()}
    path = f"/chat/api/{widget.key}/messages-left"

    assert post(Client(), path, body).status_code == 201
    assert post(Client(), path, body).status_code == 201  # the spent token is not asked again

    contact = Contact.objects.get()
    assert (contact.customer, contact.channel, contact.body) == (kari, Channel.EMAIL, "Ring meg")


def test_the_status_says_who_the_sites_token_signs_in_without_spending_it(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer
) -> None:
    """Before the chat starts the widget says "signed in as Kari Nordmann"; the same token then
    starts the chat verified (asking the status spent nothing)."""
    token = identity_token()
    status = f"/chat/api/{widget.key}/status?lang=nb"

    named = Client().get(status, HTTP_X_LYTTE_IDENTITY=token).json()["verified_name"]
    response = start(Client(), widget, identity_token=token)

    assert named == "Kari Nordmann"
    assert response.json()["verified"] is True
    assert Client().get(status, HTTP_X_LYTTE_IDENTITY=token).json()["verified_name"] is None
    wrong = identity_token(secret="not-the-secret-" * 3)
    assert Client().get(status, HTTP_X_LYTTE_IDENTITY=wrong).json()["verified_name"] is None
    assert Client().get(status).json()["verified_name"] is None
