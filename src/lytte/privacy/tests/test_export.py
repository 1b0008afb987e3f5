"""The export: everything held about a customer, unzipped and read back."""

from __future__ import annotations

import json
import zipfile
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from lytte.accounts.models import User
from lytte.audit.models import AccessChannel
from lytte.audit.selectors import events_for
from lytte.audit.services import record_access
from lytte.cases.models import Case, Channel, Direction
from lytte.cases.services import log_contact, open_case, update_case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.mail.models import OutboundMessage
from lytte.phone.models import Call
from lytte.privacy.export import export_customer
from lytte.privacy.tests.export_world import CONTRACT


def unzipped(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def exported(customer: Customer, by: User | None, language: str | None = None) -> dict[str, bytes]:
    path = export_customer(customer=customer, exported_by=by, language=language)
    try:
        return unzipped(path)
    finally:
        path.unlink()


def read(files: dict[str, bytes], name: str) -> Any:
    return json.loads(files[name].decode("utf-8"))


def test_the_export_holds_the_customer_her_cases_her_email_byte_for_byte_and_her_call(
    ase: Customer, her_mail: tuple[bytes, Case], her_call: Call, supervisor: User
) -> None:
    raw, case = her_mail
    files = exported(ase, supervisor)

    customer = read(files, "customer.json")
    assert customer["name"] == "Åse Ødegård Kjærnes"
    assert customer["organization"]["name"] == "Fjellbygda Sameie"
    assert {p["value"] for p in customer["contact_points"]} == {
        "+4741234567",
        "ase@fjellbygda.example",
    }
    assert "Åse Ødegård Kjærnes".encode() in files["customer.json"]  # readable, not \u00c5

    (inbound,) = [name for name in files if name.startswith("messages/in-")]
    assert files[inbound] == raw
    (attachment,) = [name for name in files if name.startswith("attachments/")]
    assert attachment.endswith("kontrakt-ærøy.pdf")
    assert files[attachment] == CONTRACT
    reply = OutboundMessage.objects.get(case=case)
    assert files[f"messages/out-{reply.pk}.eml"] == bytes(reply.raw)
    assert message_from_bytes(files[f"messages/out-{reply.pk}.eml"])["To"] == (
        "ase@fjellbygda.example"
    )

    [exported_case] = [c for c in read(files, "cases.json") if c["number"] == case.number]
    assert exported_case["assignee"] == "Ingrid Bråten"
    mail_contact = next(c for c in exported_case["contacts"] if inbound in c["messages"])
    assert "Vedlagt er kontrakten" in mail_contact["text"]

    (call,) = read(files, "calls.json")
    assert (call["from"], call["duration_seconds"], call["answered_by"]) == (
        "+47 412 34 567",
        95,
        "Ingrid Bråten",
    )
    assert read(files, "feedback.json") == []


def test_the_export_holds_who_looked_and_what_was_done_including_this_export(
    ase: Customer, her_mail: tuple[bytes, Case], agent: User, supervisor: User
) -> None:
    _raw, case = her_mail
    record_access(user=agent, customer=ase, channel=AccessChannel.WORKSPACE, case=case)
    files = exported(ase, supervisor)

    log = read(files, "access_log.json")
    assert [(row["who"], row["through"]) for row in log] == [
        ("Sigrid Åsheim", "export"),
        ("Ingrid Bråten", "workspace"),
    ]
    assert log[1]["case"] == case.number
    actions = {(row["action"], row["case"]) for row in read(files, "audit.json")}
    assert ("customer.created", None) in actions
    assert ("case.opened", case.number) in actions
    assert ("customer.exported", None) in actions


def test_exporting_is_audited_with_who_exported(
    ase: Customer, supervisor: User, tmp_path: Path
) -> None:
    path = export_customer(customer=ase, exported_by=supervisor)
    assert path.exists()
    path.unlink()

    latest = events_for(ase).first()
    assert latest is not None
    assert (latest.action, latest.actor) == ("customer.exported", supervisor)


@pytest.mark.parametrize(
    ("language", "said"),
    [("nb", "Data om Åse"), ("sv", "Uppgifter om Åse"), ("fi", "Tiedot asiakkaasta Åse")],
)
def test_the_readme_speaks_the_language_of_whoever_asked(
    ase: Customer, supervisor: User, language: str, said: str
) -> None:
    supervisor.language = language
    files = exported(ase, supervisor)

    readme = files["README.txt"].decode("utf-8")
    assert readme.startswith(said)
    assert "cases.json" in readme


def test_a_contact_of_hers_on_someone_else_s_case_is_exported_without_theirs(
    ase: Customer, agent: User, supervisor: User
) -> None:
    case = open_case(channel=Channel.PHONE, opened_by=agent, customer=ase, subject="Strømbrudd")
    log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        logged_by=agent,
        body="Åse melder strømbrudd i Lillevegen.",
    )
    per = create_customer(name="Per Ødegård", phones=["+47 412 99 999"])
    update_case(case=case, customer=per, changed_by=agent)  # it was her neighbour's matter
    log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        logged_by=agent,
        body="Per sier at sikringen hans går hele tiden.",
    )

    files = exported(ase, supervisor)

    (theirs,) = read(files, "cases.json")
    assert [c["text"] for c in theirs["contacts"]] == ["Åse melder strømbrudd i Lillevegen."]
    assert b"sikringen" not in b"".join(files.values())
    assert all(row["case"] is None for row in read(files, "audit.json"))
