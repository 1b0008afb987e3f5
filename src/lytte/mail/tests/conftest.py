"""Fixtures for real mail servers on loopback (helpers in servers.py).

`imap_server` is a fresh Dovecot per test (it starts in some 40 ms and stops in less, so there is
nothing to share or clean up between tests); `smtp_sink` a fresh aiosmtpd sink. Neither touches
the database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lytte.mail.tests.servers import DovecotServer, SmtpSink, require_dovecot


@pytest.fixture
def imap_server() -> Iterator[DovecotServer]:
    """A running Dovecot with one user (`.user`, `.password`) and an empty mailbox."""
    with DovecotServer(binary=require_dovecot()) as server:
        yield server
        # Shown under "Captured stdout teardown" when the test failed, and nowhere otherwise.
        print(f"--- last lines of {server.log_path} ---\n{server.log(last=60)}")


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A running SMTP server that records what it receives (`.wait_for(n)`, `.messages`)."""
    with SmtpSink() as sink:
        yield sink
