"""The chat's small world: Oslo's widget on the shop's site, Ingrid at her desk taking chats,
and Kari, a customer Lytte knows by her address."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.chat.models import ChatAgent, ChatWidget
from lytte.customers.models import Customer
from lytte.customers.services import create_customer

SHOP = "https://shop.example.no"
IDENTITY_SECRET = "the-business-and-lytte-share-this-secret-0123456789"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test's requests come from one address: count them from nought."""
    cache.clear()


@pytest.fixture
def widget(team_oslo: Team) -> ChatWidget:
    return ChatWidget.objects.create(
        name="Nettbutikken",
        team=team_oslo,
        allowed_origins=f"{SHOP}\nhttps://www.example.no/",
        greetings={"nb": "Hei! Hva kan vi hjelpe deg med?"},
        max_queue=3,
    )


@pytest.fixture
def at_desk(agent: User) -> ChatAgent:
    """Ingrid takes chats, and her desk has just beaten."""
    return ChatAgent.objects.create(user=agent, available=True, last_seen=timezone.now())


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", emails=["kari@example.no"], language="nb")


def new_id() -> str:
    return uuid.uuid4().hex


def post(client: Client, path: str, data: dict[str, Any], **headers: Any) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def start(
    client: Client, widget: ChatWidget, message: str = "Hei, fakturaen min er feil", **data: Any
) -> Any:
    body = {"client_id": new_id(), "message": message, "language": "nb", **data}
    return post(client, f"/chat/api/{widget.key}/conversations", body)


def say(client: Client, token: str, body: str, client_id: str | None = None) -> Any:
    data = {"client_id": client_id or new_id(), "body": body}
    return post(client, f"/chat/api/conversations/{token}/messages", data)
