"""relaxed_commit: the write is stored and atomic like any other; on PostgreSQL only its own
transaction skips waiting for the disk, and a contact's commit still waits."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from lytte.knowledge.models import SearchQuery
from lytte.knowledge.services import record_search
from lytte.platform.commits import relaxed_commit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


def _write_then_fail() -> None:
    with relaxed_commit():
        SearchQuery.objects.create(source="portal", language="fi", query="lasku", results=0)
        raise RuntimeError("the request failed after the write")


def test_a_relaxed_write_is_stored_and_one_that_fails_is_not() -> None:
    record_search(source="portal", language="nb", query="fakturaadresse", results=2)
    with pytest.raises(RuntimeError):
        _write_then_fail()
    assert list(SearchQuery.objects.values_list("query", flat=True)) == ["fakturaadresse"]


def test_on_postgresql_only_the_relaxed_transaction_skips_the_wait() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's synchronous_commit")
    with relaxed_commit():
        assert _synchronous_commit() == "off"
    with transaction.atomic():
        assert _synchronous_commit() == "on"  # SET LOCAL ended with its transaction
    with transaction.atomic(), relaxed_commit():
        # Inside a transaction that stores something that matters, that one's commit decides.
        assert _synchronous_commit() == "on"
