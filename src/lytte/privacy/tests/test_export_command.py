"""`lytte privacy export` and `lytte privacy access-log` from the server's shell."""

from __future__ import annotations

import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lytte.accounts.models import User
from lytte.audit.models import AccessChannel
from lytte.audit.services import record_access
from lytte.cases.models import Case
from lytte.customers.models import Customer


def privacy(*args: str) -> str:
    out = StringIO()
    call_command("privacy", *args, stdout=out)
    return out.getvalue()


def test_export_writes_the_zip_where_asked_and_logs_the_system_as_exporter(
    ase: Customer, her_mail: tuple[bytes, Case], tmp_path: Path
) -> None:
    raw, _case = her_mail
    target = tmp_path / "åse.zip"

    said = privacy("export", str(ase.pk), "-o", str(target))

    assert f"Exported customer {ase.pk} (Åse Ødegård Kjærnes) to {target}." in said
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert raw in [archive.read(n) for n in names if n.startswith("messages/in-")]
        log = json.loads(archive.read("access_log.json"))
    assert "README.txt" in names
    assert log[0]["who"] is None
    assert log[0]["through"] == "export"


def test_export_of_an_unknown_customer_fails_with_a_sentence(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"There is no customer with id 4242\."):
        privacy("export", "4242", "-o", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()


def test_export_to_a_directory_that_does_not_exist_fails_with_a_sentence(
    ase: Customer, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        privacy("export", str(ase.pk), "-o", str(tmp_path / "nowhere" / "x.zip"))


def test_access_log_lists_who_looked_newest_first_as_lines_or_json(
    ase: Customer, agent: User, supervisor: User
) -> None:
    record_access(user=agent, customer=ase, channel=AccessChannel.WORKSPACE)
    record_access(user=supervisor, customer=ase, channel=AccessChannel.CUSTOMER_PAGE)

    lines = privacy("access-log", str(ase.pk)).splitlines()
    assert [line.split("\t")[1:] for line in lines] == [
        ["sigrid", "customer_page"],
        ["ingrid", "workspace"],
    ]
    entries = json.loads(privacy("access-log", str(ase.pk), "--json"))
    assert [(e["user"], e["through"]) for e in entries] == [
        ("sigrid", "customer_page"),
        ("ingrid", "workspace"),
    ]


def test_access_log_of_an_unknown_customer_fails_with_a_sentence(db: None) -> None:
    with pytest.raises(CommandError, match="There is no customer with id 4242"):
        privacy("access-log", "4242")
