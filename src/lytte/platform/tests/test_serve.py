"""`lytte serve` on a fresh data dir: the real console script, a real port, real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import time
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


def _worker_mode(env: dict[str, str]) -> str:
    shown = subprocess.run(
        [
            LYTTE,
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings as s; print(s.WORKER_MODE)",
        ],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )
    return shown.stdout.decode().strip()


def test_without_redis_the_worker_runs_inside_the_server_and_with_redis_apart(
    tmp_path: Path,
) -> None:
    assert _worker_mode(_env(tmp_path)) == "embedded"
    assert _worker_mode(_env(tmp_path, LYTTE_REDIS_URL="redis://127.0.0.1:6379/0")) == "separate"
    assert _worker_mode(_env(tmp_path, LYTTE_WORKER="separate")) == "separate"


def test_the_server_runs_queued_tasks_reports_its_worker_and_stops_it_on_ctrl_c(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path, LYTTE_WORKER="embedded")
    subprocess.run([LYTTE, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=120)
    marker = tmp_path / "ran.txt"
    enqueue = (
        "from lytte.platform.tests.tasks import write_marker; "
        f"write_marker.enqueue({str(marker)!r}, 'æøå')"
    )
    subprocess.run([LYTTE, "shell", "-c", enqueue], env=env, check=True, timeout=60)

    with serving(env, tmp_path / "serve.log") as base:
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        health = json.loads(_get(f"{base}/healthz")[1])

    assert marker.read_text(encoding="utf-8") == "æøå"  # run by the worker inside the server
    assert health["worker"]["status"] == "ok"
    assert health["queue"]["ready"] == 0
    assert "Finished server process" in (tmp_path / "serve.log").read_text(encoding="utf-8")
    count = "from lytte.platform.models import WorkerHeartbeat as W; print(W.objects.count())"
    left = subprocess.run(
        [LYTTE, "shell", "-v", "0", "-c", count],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )
    assert left.stdout.decode().strip() == "0"  # it said it left: /healthz tells "missing"
