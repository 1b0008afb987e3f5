"""`lytte serve` on a fresh data dir: the real console script, a real port, real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lytte.platform.tests.live_server import LYTTE, free_port, serving

pytestmark = pytest.mark.slow  # `lytte` processes: `make test-fast` leaves these out


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


def test_serve_on_a_fresh_data_dir_answers_healthz_and_login(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run([LYTTE, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=120)

    with serving(env, tmp_path / "serve.log") as base:
        health = _get(f"{base}/healthz")
        login = _get(f"{base}/login")
        static = _get(f"{base}/static/lytte/lytte.css")

    assert health[0] == 200
    assert json.loads(health[1])["database"] == "ok"
    assert json.loads(health[1])["worker"]["status"] == "missing"  # no `lytte worker` runs
    assert login[0] == 200
    assert 'name="password"' in login[1]
    assert static[0] == 200
    assert (tmp_path / "lytte.sqlite3").exists()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # nobody else can read it


def test_healthz_is_503_when_the_database_is_not_there(tmp_path: Path) -> None:
    # A PostgreSQL URL pointing at a port where nothing listens: a real unreachable database.
    env = _env(tmp_path, LYTTE_DATABASE_URL=f"postgres://lytte@127.0.0.1:{free_port()}/lytte")
    with serving(env, tmp_path / "serve.log") as base:
        status, body = _get(f"{base}/healthz")
    assert status == 503
    assert "unreachable" in body
