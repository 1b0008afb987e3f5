"""Email's case rule, as the one entry applies it (decision 25): thread headers naming our
messages continue their case; a case number in the subject only from the case's own customer."""

from __future__ import annotations

import pytest

from lytte.accounts.models import Team
from lytte.cases.models import Channel
from lytte.cases.rules import InboundContact, ThreadHint
from lytte.cases.services import ReceivedContact, open_case, receive_contact
from lytte.customers.services import create_customer
from lytte.mail.models import Mailbox
from lytte.mail.services import create_push_mailbox, receive_message
from lytte.mail.tests.factories import customer_mail


@pytest.fixture
def mailbox(team_oslo: Team) -> Mailbox:
    return create_push_mailbox(name="Kundeservice", address="kundeservice@lytte.test")[0]


def email(sender: str, thread: ThreadHint, key: str) -> ReceivedContact:
    return receive_contact(
        InboundContact(channel=Channel.EMAIL, address=sender, thread=thread, external_id=key)
    )


def test_thread_headers_continue_the_case_of_the_message_they_answer(mailbox: Mailbox) -> None:
    first = receive_message(mailbox=mailbox, raw=customer_mail(message_id="<a1@mail.example>"))
    case = first.message.case

    answer = email(
        "kari@fjordkraft.example",
        ThreadHint(message_ids=("a1@mail.example",), subject="SV: Feil beløp"),
        "email:b2",
    )

    assert case is not None
    assert answer.case == case
    assert not answer.opened_case


def test_a_case_number_from_a_stranger_does_not_continue_the_case(db: None) -> None:
    kari = create_customer(name="Kari Nordmann", emails=["kari@fjordkraft.example"])
    case = open_case(channel=Channel.EMAIL, opened_by=None, customer=kari)

    own = email("kari@fjordkraft.example", ThreadHint(subject=f"Re: [#{case.number}]"), "k:1")
    stranger = email("mallory@evil.example", ThreadHint(subject=f"Re: [#{case.number}]"), "m:1")

    assert own.case == case
    assert stranger.opened_case
    assert stranger.case != case
