"""Erasure and retention reach chats (decision 20): what was written and sent goes, and what
the figures count (the conversation, its messages' times and senders, its contact) stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Contact
from lytte.chat import services
from lytte.chat.models import ChatAgent, ChatWidget, Conversation, Message
from lytte.chat.tests.conftest import say, start
from lytte.customers.models import Customer
from lytte.portal.tests.sessions import portal_client
from lytte.privacy.services.erasure import erase_customer
from lytte.privacy.services.retention import run_retention

pytestmark = pytest.mark.django_db


def test_erasing_a_customer_empties_their_chats_and_chats_that_claimed_their_address(
    widget: ChatWidget, at_desk: ChatAgent, kari: Customer, agent: User
) -> None:
    token = start(portal_client(kari), widget, message="Kontonummeret mitt er 1234").json()["token"]
    say(Client(), token, "Adressen er Storgata 1")
    start(Client(), widget, name="Kari", email="kari@example.no", message="Jeg er Kari")
    stranger = start(Client(), widget, name="Per", email="per@example.no").json()["conversation"]

    erase_customer(customer=kari, erased_by=agent, reason="Kari asked")

    erased = Conversation.objects.exclude(public_id=stranger)
    assert erased.count() == 2
    assert set(erased.values_list("claimed_name", "claimed_email")) == {("", "")}
    assert set(Message.objects.filter(conversation__in=erased).values_list("body", flat=True)) == {
        ""
    }
    assert Message.objects.filter(conversation__in=erased).count() == 3  # still counted
    assert Conversation.objects.get(public_id=stranger).claimed_name == "Per"


def test_retention_empties_chats_that_ended_long_ago(
    widget: ChatWidget, at_desk: ChatAgent, agent: User
) -> None:
    start(Client(), widget, name="Per", email="per@example.no", message="Gammel chat")
    old = Conversation.objects.get()
    services.accept(old, agent)
    services.end_conversation(old, agent)
    Conversation.objects.filter(pk=old.pk).update(ended_at=timezone.now() - timedelta(days=800))
    Contact.objects.update(started_at=timezone.now() - timedelta(days=800))
    start(Client(), widget, message="Ny chat")

    run_retention(dry_run=False)

    old.refresh_from_db()
    assert (old.claimed_name, old.forgotten_at is not None) == ("", True)
    assert list(old.messages.values_list("body", flat=True)) == [""]
    assert Contact.objects.get(chat=old).body == ""
    assert Message.objects.exclude(conversation=old).get().body == "Ny chat"
