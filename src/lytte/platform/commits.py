"""Commits that need not wait for the disk (decision 46).

Some writes record what happened around the work rather than the work: a search asked, a
result clicked, a chat message seen. On PostgreSQL every commit waits until its WAL is on the
disk (an fdatasync: 1-5 ms on the machines measured, docs/benchmarks.md), and on a busy server
those waits queue. For such records `relaxed_commit` commits without waiting
(`synchronous_commit = off` for that one transaction): the transaction is atomic and ordered as
any other, and a crash of the server may lose only the last fraction of a second of them.
SQLite in WAL mode with synchronous=NORMAL commits so already.

Never for a contact, a message, a case, an answer or anything a person was told is stored:
those wait for the disk (persist before acknowledging).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def relaxed_commit() -> Iterator[None]:
    """One transaction whose commit does not wait for the disk (PostgreSQL); inside another
    transaction it joins it, and that one's commit decides."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        yield
