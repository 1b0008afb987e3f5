"""SQLite, with each process keeping its open connections for the next request (decision 36).

Under ASGI every request runs its views in a thread of its own, so Django opens a connection
for each request and closes it after: SQLite then reads the schema again (FTS tables, triggers)
and starts with an empty page cache, which cost a help-centre search 9 ms at the median and
30 ms at the 95th percentile. Here a closed connection goes back to a small pool of its
database file (a rolled-back, idle connection) and the next request in any thread takes it.
Each connection is used by one thread at a time; Django already opens them for any thread.
In-memory databases are left to Django (closing one destroys it).
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from typing import Any

from django.db.backends.sqlite3 import base, creation

POOL_SIZE = 8  # idle connections kept per database file; more are closed
_pools: dict[str, queue.LifoQueue[Any]] = {}
_lock = threading.Lock()


def _pool(name: str) -> queue.LifoQueue[Any]:
    with _lock:
        return _pools.setdefault(name, queue.LifoQueue(maxsize=POOL_SIZE))


def drain(name: str | None = None) -> None:
    """Close the idle connections of one database file (all, without a name): before a file is
    deleted or made anew, so no kept connection reads the old one."""
    with _lock:
        names = [name] if name is not None else list(_pools)
        pools = [_pools.pop(n) for n in names if n in _pools]
    for pool in pools:
        while True:
            try:
                pool.get_nowait().close()
            except queue.Empty:
                break


class DatabaseCreation(creation.DatabaseCreation):
    def _create_test_db(self, verbosity: int, autoclobber: bool, keepdb: bool = False) -> Any:
        drain()
        return super()._create_test_db(verbosity, autoclobber, keepdb)  # type: ignore[misc]

    def _destroy_test_db(self, test_database_name: str, verbosity: int) -> None:
        drain()
        super()._destroy_test_db(test_database_name, verbosity)  # type: ignore[misc]


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation

    def _pooled(self) -> bool:
        return not self.is_in_memory_db()

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        if self._pooled():
            try:
                return _pool(str(self.settings_dict["NAME"])).get_nowait()
            except queue.Empty:
                pass
        return super().get_new_connection(conn_params)

    def _close(self) -> None:
        connection = self.connection
        # Closed inside an atomic block, Django keeps the connection object until the block
        # ends: it is nobody else's to take.
        if connection is None or not self._pooled() or self.in_atomic_block:
            super()._close()  # type: ignore[misc]
            return
        try:
            if connection.in_transaction:
                connection.rollback()
            _pool(str(self.settings_dict["NAME"])).put_nowait(connection)
        except (queue.Full, sqlite3.Error):
            super()._close()  # type: ignore[misc]
