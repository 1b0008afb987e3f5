"""`lytte serve` on a fresh data dir: the real console script, a real port, real HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LYTTE = str(Path(sys.executable).with_name("lytte"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYTTE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, "LYTTE_DATA_DIR": str(data_dir), **extra}


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 -- our own loopback server
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@contextmanager
def _serving(env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [LYTTE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read() if server.stdout else ""
                    pytest.fail(f"lytte serve did not start:\n{output}")
                time.sleep(0.2)
        yield base
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl-C does
        try:
            server.wait(timeout=15)
        finally:
            if server.poll() is None:
                server.kill()


def test_serve_on_a_fresh_data_dir_answers_healthz_and_login(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run([LYTTE, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=120)

    with _serving(env) as base:
        health = _get(f"{base}/healthz")
        login = _get(f"{base}/login")
        static = _get(f"{base}/static/lytte/lytte.css")

    assert health == (200, '{"status": "ok", "database": "ok"}')
    assert login[0] == 200
    assert 'name="password"' in login[1]
    assert static[0] == 200
    assert (tmp_path / "lytte.sqlite3").exists()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # nobody else can read it


def test_healthz_is_503_when_the_database_is_not_there(tmp_path: Path) -> None:
    # A PostgreSQL URL pointing at a port where nothing listens: a real unreachable database.
    env = _env(tmp_path, LYTTE_DATABASE_URL=f"postgres://lytte@127.0.0.1:{_free_port()}/lytte")
    with _serving(env) as base:
        status, body = _get(f"{base}/healthz")
    assert status == 503
    assert "unreachable" in body
