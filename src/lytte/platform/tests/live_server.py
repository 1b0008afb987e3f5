"""A real `lytte serve` process for tests: the console script, a free port, Ctrl-C to stop."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LYTTE = str(Path(sys.executable).with_name("lytte"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(env: dict[str, str], log_path: Path, port: int | None = None) -> Iterator[str]:
    """Run `lytte serve` with `env`; yields its base URL. Its output goes to `log_path` (a file:
    nobody reads a pipe while tests run, and a full pipe blocks the server). It runs no worker
    unless `env` says LYTTE_WORKER=embedded: tests decide when background work happens. A
    `port` given (a server started again where its clients expect it) is used, else a free one."""
    env = {"LYTTE_WORKER": "separate", **env}
    port = port or free_port()
    with log_path.open("a", encoding="utf-8") as log:
        server = subprocess.Popen(
            [LYTTE, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"lytte serve did not start:\n{log_path.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl-C does
        try:
            server.wait(timeout=15)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
