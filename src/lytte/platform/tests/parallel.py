"""Loaded with `-p` (pyproject's addopts) before Django reads its settings, so each pytest-xdist
worker gets Redis to itself: the same URL with the next database number (gw0 keeps the
configured one, gw1 the one after, ...). Two workers on one Redis would otherwise hear each
other's channel-layer groups (`desk-agent-1` exists in both test databases) and share a cache;
the `lytte serve` processes a worker starts inherit its URL. The SQLite and PostgreSQL test
databases need nothing here: pytest-django suffixes their names with the worker id."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis's default `databases`


def worker_redis_url(url: str, worker: str) -> str:
    """`url` moved to the database `worker` (gwN) owns."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    index = int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{(base + index) % REDIS_DATABASES}"))


_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("LYTTE_REDIS_URL"):
    os.environ["LYTTE_REDIS_URL"] = worker_redis_url(os.environ["LYTTE_REDIS_URL"], _worker)
