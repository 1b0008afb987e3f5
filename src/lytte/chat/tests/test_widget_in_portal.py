"""The help centre's "Talk to a person" box offers the chat beside phone and email when a widget
is set up, with the same script any site uses; without one, no chat button."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.chat.models import ChatWidget

pytestmark = pytest.mark.django_db


def test_the_help_centre_offers_the_chat_when_a_widget_is_set_up(client: Client) -> None:
    widget = ChatWidget.objects.create(name="Kundeservice")

    page = client.get("/help/nb/").content.decode()

    assert 'id="portal-chat-open" data-lytte-chat-open' in page
    assert f'<script src="/chat/widget.js" data-key="{widget.key}" async></script>' in page


def test_without_an_active_widget_the_help_centre_offers_no_chat(client: Client) -> None:
    ChatWidget.objects.create(name="Kundeservice", active=False)

    page = client.get("/help/nb/").content.decode()

    assert "data-lytte-chat-open" not in page
    assert "/chat/widget.js" not in page
