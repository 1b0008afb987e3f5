"""SQLite connections kept per process (decision 36): a request in another thread takes the
connection the last one closed, never one still in use, and never inside a transaction."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the pool is SQLite's"),
]


def _in_thread(work: Any) -> Any:
    """Run `work` in a new thread, as ASGI runs each request, closing its connection after."""
    found: list[Any] = []

    def run() -> None:
        try:
            found.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return found[0]


def _raw() -> Any:
    connection.ensure_connection()
    return connection.connection


def test_a_closed_connection_is_taken_by_the_next_thread() -> None:
    first = _in_thread(_raw)
    second = _in_thread(_raw)
    assert first is second


def test_two_threads_at_once_never_share_a_connection() -> None:
    held = threading.Event()
    done = threading.Event()
    seen: list[Any] = []

    def hold() -> None:
        seen.append(_raw())
        held.set()
        done.wait(5)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    other = _in_thread(_raw)
    done.set()
    holder.join()
    assert other is not seen[0]


def test_a_transaction_left_open_is_rolled_back_before_the_next_thread() -> None:
    from django.db import transaction

    from lytte.customers.models import Customer

    def leave_open() -> Any:
        transaction.set_autocommit(False)
        Customer.objects.create(name="Åsa Öberg")
        return connection.connection

    left = _in_thread(leave_open)
    names = _in_thread(lambda: (_raw(), list(Customer.objects.values_list("name", flat=True))))
    assert names[0] is left  # the same connection, its transaction undone
    assert "Åsa Öberg" not in names[1]
    assert _in_thread(lambda: connection.get_autocommit())
