"""SQLite: an erased name is gone from the database file itself, not only from its tables
(secure_delete zeroes what is deleted or overwritten; the write-ahead log is truncated)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from lytte.cases.models import Channel, Direction
from lytte.cases.services import log_contact, open_case
from lytte.customers.services import create_customer
from lytte.privacy.services import erase_customer

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's dead rows go with VACUUM (decision 20)"
)


def test_lytte_s_connections_delete_securely_whatever_sqlite_s_own_default() -> None:
    # Debian builds SQLite with secure_delete on; Python's own builds elsewhere do not.
    raw = sqlite3.connect(":memory:")
    raw.execute("PRAGMA secure_delete=0")

    raw.executescript(settings.DATABASES["default"]["OPTIONS"]["init_command"])

    assert raw.execute("PRAGMA secure_delete").fetchone()[0] == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_erased_name_is_not_in_the_database_files() -> None:
    name = "Ragnhild Østerbø-Kvåle"
    customer = create_customer(name=name, phones=["+47 934 56 789"])
    case = open_case(channel=Channel.PHONE, opened_by=None, customer=customer, subject=name)
    log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        logged_by=None,
        body=f"{name} ringte om fakturaen",
    )
    database = Path(connection.settings_dict["NAME"])

    erase_customer(customer=customer, erased_by=None, reason="Sletting")

    files = [database, database.with_name(database.name + "-wal")]
    found = [f.name for f in files if f.exists() and "Østerbø".encode() in f.read_bytes()]
    assert found == []
