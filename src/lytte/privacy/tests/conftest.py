"""A customer with everything personal Lytte can hold about someone, by phone and by email,
and a way to look for any trace of them in every table of the database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, ContactReason, Status
from lytte.cases.services import record_work, set_reason, set_status
from lytte.community import services as community
from lytte.community.models import Category as CommunityCategory
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization, update_customer
from lytte.insights.models import LabelledText
from lytte.mail.services import create_push_mailbox, receive_message, send_reply
from lytte.phone.services import log_call
from lytte.phone.tests.conftest import Pbx, pbx
from lytte.privacy.tests.export_world import ase, her_call, her_mail

__all__ = ["ase", "her_call", "her_mail", "pbx"]  # fixtures of the export tests, and the PBX

NAME = "Åse Bjørndal-Ødegård"
STREET = "Storgata 12B"
EMAIL = "ase.odegard@eksempel.no"
# The same number as people write it and as the channels give it.
NUMBERS = ["+47 912 34 567", "+4791234567", "004791234567", "912 34 567", "91234567"]


@dataclass
class Person:
    customer: Customer
    email_case: Case
    phone_case: Case


def raw_mail() -> bytes:
    message = EmailMessage()
    message["From"] = f"{NAME} <{EMAIL}>"
    message["To"] = "kundeservice@lytte.test"
    message["Subject"] = f"Faktura til {NAME}, {STREET}"
    message["Message-ID"] = make_msgid(idstring="ase.odegard", domain="eksempel.no")
    message.set_content(
        f"Hei!\n\nFakturaen til {STREET}, 0155 Oslo er feil. Ring meg på 912 34 567.\n\n"
        f"Hilsen {NAME}"
    )
    message.add_attachment(
        f"Kundenummer 4411\n{NAME}\n{STREET}\n+47 912 34 567\n".encode(),
        maintype="text",
        subtype="plain",
        filename=f"{NAME} faktura.txt",
    )
    return message.as_bytes()


@pytest.fixture
def person(pbx: Pbx, team_oslo: Team, agent: User, admin_user: User) -> Person:
    """Åse, with a case by email (a reply sent) and a resolved case by phone with a note."""
    fjord = create_organization(name="Fjordkraft AS")
    customer = create_customer(
        name="Åse Ødegård", phones=[NUMBERS[0]], emails=[EMAIL], organization=fjord
    )
    update_customer(customer=customer, name=NAME, changed_by=admin_user)
    invoice = ContactReason.objects.get(code="invoice")
    mailbox, _token = create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )
    email_case = receive_message(mailbox=mailbox, raw=raw_mail()).message.case
    assert email_case is not None
    assert email_case.customer == customer
    set_reason(case=email_case, reason=invoice, changed_by=agent)
    send_reply(case=email_case, agent=agent, to=[EMAIL], body=f"Hei {NAME}, vi retter det.")

    set_status(case=email_case, status=Status.RESOLVED, changed_by=agent)
    pbx.ring("call-1", NUMBERS[3])
    pbx.send(
        "answer",
        "call-1",
        from_=NUMBERS[3],
        to="+4721000000",
        direction="in",
        user=["Ingrid Bråten"],
    )
    pbx.send(
        "hangup",
        "call-1",
        from_=NUMBERS[3],
        to="+4721000000",
        direction="in",
        cause="normalClearing",
    )
    phone_case = log_call(call=pbx.call("call-1"), agent=agent)
    assert phone_case != email_case
    record_work(
        case=phone_case,
        agent=agent,
        note=f"{NAME} ringte fra {NUMBERS[1]}, ny adresse {STREET}.",
        reason=invoice,
        status=Status.RESOLVED,
    )
    LogEntry.objects.create(
        user=admin_user,
        content_type=ContentType.objects.get_for_model(Customer),
        object_id=str(customer.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Name"]}}]),
    )
    LabelledText.objects.create(text=f"{NAME} lurer på fakturaen", reason=invoice)
    _in_the_community(customer)
    return Person(customer, email_case, phone_case)


def _in_the_community(customer: Customer) -> None:
    """Åse asks in the community under her own name, and edits her question (decision 37)."""
    member = community.choose_display_name(customer, "Bjørndal")
    category = CommunityCategory.objects.create(slug="faktura", name="Invoices")
    thread = community.ask(
        member=member, category=category, language="nb", title=STREET, body=f"Hilsen {NAME}"
    )
    community.edit(
        post=thread.posts.get(), body=f"Ring {NUMBERS[1]}", title=f"{STREET}!", member=member
    )


def needles() -> list[str]:
    return [NAME, "Bjørndal", "Ødegård", STREET, EMAIL, "ase.odegard", *NUMBERS]


def _texts(value: Any) -> list[str]:
    """What a stored value says, in every form it may be written: text, JSON with its \\u
    escapes undone, bytes, and a MIME message with its headers and parts decoded."""
    if value is None or isinstance(value, int | float):
        return []
    if isinstance(value, memoryview | bytes):
        data = bytes(value)
        texts = [data.decode("utf-8", "replace")]
        if b":" in data[:200]:
            message = message_from_bytes(data, policy=policy.default)
            texts += [str(v) for v in message.values()]
            for part in message.walk():
                texts += [str(v) for v in part.values()]
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    texts.append(payload.decode("utf-8", "replace"))
        return texts
    if isinstance(value, dict | list):
        return [json.dumps(value, ensure_ascii=False)]
    text = str(value)
    try:
        return [text, json.dumps(json.loads(text), ensure_ascii=False)]
    except ValueError:
        return [text]


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        return [row[0] for row in cursor.fetchall()]


def traces() -> list[tuple[str, str]]:
    """Every (table, needle) where a needle is found, in any table of the database."""
    found = []
    folded = [(needle, needle.casefold().replace(" ", "")) for needle in needles()]
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 -- names from the catalogue
            for row in cursor.fetchall():
                for value in row:
                    for text in _texts(value):
                        flat = text.casefold().replace(" ", "")
                        found += [(table, n) for n, f in folded if f in flat]
    return sorted(set(found))


# Trigrams of the name that no other text here has: FTS5 stores terms, not whole values.
NAME_TRIGRAMS = ["bjø", "jør", "ørn", "l-ø", "-ød", "øde", "går", "ård"]


def word_index_traces() -> list[tuple[str, str]]:
    """SQLite: the name's trigrams still in the FTS5 indexes' own storage, where a row's old
    words stay after the row changed until the index merges them away."""
    if connection.vendor != "sqlite":
        return []
    found = []
    with connection.cursor() as cursor:
        for table in _tables():
            if table.endswith("_fts_data"):
                cursor.execute(f'SELECT block FROM "{table}"')  # noqa: S608
                data = b"".join(bytes(row[0]) for row in cursor.fetchall() if row[0])
                found += [(table, t) for t in NAME_TRIGRAMS if t.encode() in data]
    return found
