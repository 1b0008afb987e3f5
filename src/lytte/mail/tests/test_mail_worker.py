"""`lytte worker` fetching a real IMAP server: new mail arrives through IDLE without waiting
for a poll, and killing the worker mid-fetch loses nothing and stores nothing twice."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from lytte.mail.tests.factories import customer_mail
from lytte.mail.tests.servers import DovecotServer
from lytte.platform.tests.live_server import LYTTE
from lytte.platform.tests.test_serve import _env

pytestmark = pytest.mark.slow

MAILBOX = """
from lytte.mail.services import create_mailbox
create_mailbox(
    name="Kundeservice", address="kundeservice@lytte.test", imap_host={host!r},
    imap_port={port}, imap_security="none", imap_user={user!r}, imap_password={password!r},
)
"""


@pytest.fixture
def data_dir(tmp_path: Path, imap_server: DovecotServer) -> Path:
    """A migrated Lytte with one mailbox fetching `imap_server` (its own SQLite database: the
    worker is a separate process)."""
    env = _env(tmp_path)
    subprocess.run([LYTTE, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=120)
    script = MAILBOX.format(
        host=imap_server.host,
        port=imap_server.port,
        user=imap_server.user,
        password=imap_server.password,
    )
    subprocess.run([LYTTE, "shell", "-c", script], env=env, check=True, timeout=60)
    return tmp_path


@contextmanager
def worker(data_dir: Path, name: str) -> Iterator[subprocess.Popen[bytes]]:
    env = _env(
        data_dir,
        LYTTE_MAIL_POLL_SECONDS="60",  # only IDLE can bring new mail in quickly
        LYTTE_MAIL_LEASE_SECONDS="3",
    )
    with (data_dir / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(
            [LYTTE, "worker", "--no-startup-delay", "--interval", "0.5"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def query(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / "lytte.sqlite3", timeout=10)) as db:
        return db.execute(sql).fetchall()


def stored(data_dir: Path) -> int:
    return int(query(data_dir, "SELECT count(*) FROM mail_inboundmessage")[0][0])  # type: ignore[arg-type]


def wait_until(condition: Callable[[], bool], timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(
                f"{what} within {timeout} s. Worker log:\n{log.read_text(errors='replace')}"
            )
        time.sleep(0.05)


def test_new_mail_is_fetched_at_once_through_idle(
    data_dir: Path, imap_server: DovecotServer
) -> None:
    log = data_dir / "idle.log"
    with worker(data_dir, "idle"):
        wait_until(
            lambda: query(data_dir, "SELECT uidvalidity FROM mail_mailbox")[0][0] is not None,
            30,
            "the worker did not start fetching",
            log,
        )
        time.sleep(0.5)  # let it settle into IDLE
        imap_server.deliver(customer_mail(subject="Hyvää päivää, laskussa on virhe"))
        # The next poll is 60 s away (see worker()): a fetch within this wait came through IDLE.
        wait_until(lambda: stored(data_dir) == 1, 20, "the message was not fetched", log)
        wait_until(
            lambda: query(data_dir, "SELECT count(*) FROM cases_case") == [(1,)],
            10,
            "the message was not filed",
            log,
        )

    assert query(data_dir, "SELECT subject FROM cases_case") == [
        ("Hyvää päivää, laskussa on virhe",)
    ]


def test_killing_the_worker_mid_fetch_loses_nothing_and_duplicates_nothing(
    data_dir: Path, imap_server: DovecotServer
) -> None:
    count = 200
    for number in range(count):
        imap_server.deliver(
            customer_mail(subject=f"Melding {number}", sender=f"kunde{number}@example.no")
        )

    with worker(data_dir, "first") as first:
        wait_until(
            lambda: stored(data_dir) >= 30, 120, "the worker stored nothing", data_dir / "first.log"
        )
        first.send_signal(signal.SIGKILL)
        first.wait()
    at_kill = stored(data_dir)
    assert at_kill < count  # killed mid-fetch, really

    with worker(data_dir, "second"):
        wait_until(
            lambda: (
                stored(data_dir) == count
                and query(
                    data_dir, "SELECT count(*) FROM mail_inboundmessage WHERE processed_at IS NULL"
                )[0][0]
                == 0
                # and marked read on the server, which comes after storing and filing
                and query(data_dir, "SELECT last_uid FROM mail_mailbox") == [(count,)]
            ),
            120,  # generous: the suite may share two cores with other work
            f"not all {count} messages were stored and filed",
            data_dir / "second.log",
        )

    assert query(data_dir, "SELECT count(DISTINCT key) FROM mail_inboundmessage") == [(count,)]
    assert query(data_dir, "SELECT count(*) FROM cases_contact") == [(count,)]
    assert query(data_dir, "SELECT count(*) FROM cases_case") == [(count,)]
    assert all("\\Seen" in message.flags for message in imap_server.messages())


def test_a_stopped_worker_gives_its_mailbox_back_at_once(data_dir: Path) -> None:
    log = data_dir / "stop.log"
    lease = "SELECT lease_owner, lease_until FROM mail_mailbox"
    with worker(data_dir, "stop") as process:
        wait_until(lambda: query(data_dir, lease)[0][0] != "", 30, "no lease was taken", log)
        time.sleep(0.5)  # in IDLE now
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0

    # Not left to run out (3 s here, 120 s by default): the next worker fetches at once.
    assert query(data_dir, lease) == [("", None)], log.read_text(errors="replace")
