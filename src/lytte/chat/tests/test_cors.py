"""The widget's API answers the widget's allowed origins and this site itself; a page on any
other site is refused before anything happens, and its answer is not readable there. One
address cannot start chat after chat."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lytte.chat.models import ChatAgent, ChatWidget, Conversation
from lytte.chat.tests.conftest import SHOP, new_id, post

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example.com"


def _preflight(widget: ChatWidget, origin: str) -> object:
    return Client().options(
        f"/chat/api/{widget.key}/conversations",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


def test_a_preflight_from_an_allowed_origin_is_answered(widget: ChatWidget) -> None:
    response = _preflight(widget, SHOP)

    assert response.status_code == 204  # type: ignore[attr-defined]
    assert response["Access-Control-Allow-Origin"] == SHOP  # type: ignore[index]
    assert "POST" in response["Access-Control-Allow-Methods"]  # type: ignore[index]
    assert "Access-Control-Allow-Credentials" not in response  # type: ignore[operator]


def test_a_preflight_from_another_origin_is_refused(widget: ChatWidget) -> None:
    response = _preflight(widget, EVIL)

    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "Access-Control-Allow-Origin" not in response  # type: ignore[operator]


def test_a_chat_from_another_origin_starts_nothing(widget: ChatWidget, at_desk: ChatAgent) -> None:
    body = {"client_id": new_id(), "message": "Hei", "language": "nb"}
    response = post(Client(), f"/chat/api/{widget.key}/conversations", body, HTTP_ORIGIN=EVIL)

    assert response.status_code == 403
    assert response.json()["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in response
    assert not Conversation.objects.exists()


def test_an_allowed_origin_and_this_site_itself_may_chat(
    widget: ChatWidget, at_desk: ChatAgent
) -> None:
    body = {"client_id": new_id(), "message": "Hei", "language": "nb"}
    from_shop = post(Client(), f"/chat/api/{widget.key}/conversations", body, HTTP_ORIGIN=SHOP)
    assert from_shop.status_code == 201
    assert from_shop["Access-Control-Allow-Origin"] == SHOP

    token = from_shop.json()["token"]
    own = Client().get(f"/chat/api/conversations/{token}/messages", HTTP_ORIGIN="http://testserver")
    assert own.status_code == 200
    assert "Access-Control-Allow-Origin" not in own  # same origin: no CORS needed
    elsewhere = Client().get(f"/chat/api/conversations/{token}/messages", HTTP_ORIGIN=EVIL)
    assert elsewhere.status_code == 403


def test_one_address_starting_chat_after_chat_is_slowed_down(
    widget: ChatWidget, at_desk: ChatAgent, settings: Any
) -> None:
    settings.CHAT_RATE_LIMITS = {**settings.CHAT_RATE_LIMITS, "start": (2, 600)}
    widget.max_queue = 10
    widget.save()
    path = f"/chat/api/{widget.key}/conversations"
    answers = [
        post(Client(), path, {"client_id": new_id(), "message": "Hei"}).status_code
        for _ in range(3)
    ]
    assert answers == [201, 201, 429]
    other = post(Client(REMOTE_ADDR="10.0.0.2"), path, {"client_id": new_id(), "message": "Hei"})
    assert other.status_code == 201
