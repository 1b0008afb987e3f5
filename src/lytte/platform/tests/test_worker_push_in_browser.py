"""What the worker does reaches an open desk without a reload: a large pushed email, filed by
the worker (decision 24), shows up as a new case in a teammate's open queue. Embedded (in-memory
channel layer, the worker inside `lytte serve`, decision 27) and scaled out (Redis, a separate
`lytte worker` process). Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.mail.services import create_push_mailbox
from lytte.platform.tests.browser import (
    database_url,
    live_page,
    own_redis_database,
    screenshot,
    signed_in,
)
from lytte.platform.tests.live_server import LYTTE, serving

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
INLINE_BYTES = 2048  # the servers file pushed mail up to this size at once, larger by the worker
REDIS_URL = "redis://127.0.0.1:6379/11"  # a database of this test's own: it flushes it
FILED = 30_000  # ms: the worker files stored mail every 5 s, the desk refetches 300 ms after


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The servers' environment: this test's database and secret key (sessions made here work
    there), a small inline limit, and no channel layer or worker settings from outside."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "LYTTE_REDIS_URL", "LYTTE_WORKER_SKIP"}
    }
    return {
        **inherited,
        "LYTTE_DATA_DIR": str(data_dir),
        "LYTTE_DATABASE_URL": database_url(connection.settings_dict),
        "LYTTE_SECRET_KEY": settings.SECRET_KEY,
        "LYTTE_DEFAULT_REGION": settings.DEFAULT_REGION,
        "LYTTE_MAIL_INTAKE_INLINE_BYTES": str(INLINE_BYTES),
        **extra,
    }


@contextmanager
def _worker_process(env: dict[str, str], log_path: Path) -> Iterator[None]:
    with log_path.open("w", encoding="utf-8") as log:
        worker = subprocess.Popen(
            [LYTTE, "worker", "--no-startup-delay"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


@pytest.fixture
def mail_token(team_oslo: Team) -> str:
    _mailbox, token = create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )
    return token


@pytest.fixture(params=["embedded", "redis"])
def lytte_with_worker(
    request: pytest.FixtureRequest,
    teammate: User,
    mail_token: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """A `lytte serve` whose worker files mail: in its own threads, or beside it over Redis."""
    data_dir = tmp_path_factory.mktemp(f"lytte-{request.param}")
    if request.param == "embedded":
        with serving(_env(data_dir, LYTTE_WORKER="embedded"), data_dir / "serve.log") as base:
            yield base
        return
    with own_redis_database(REDIS_URL, "the scaled-out variant is not run.") as redis_url:
        env = _env(data_dir, LYTTE_REDIS_URL=redis_url, LYTTE_WORKER="separate")
        with (
            _worker_process(env, data_dir / "worker.log"),
            serving(env, data_dir / "serve.log") as base,
        ):
            yield base


def _large_email(subject: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Åsa Lindqvist <asa.lindqvist@example.se>"
    message["To"] = "kundeservice@lytte.test"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid()
    lines = [
        f"Rad {n}: mätaren i Strömsund visar fel förbrukning sedan i våras." for n in range(60)
    ]
    message.set_content("Hej!\n\n" + "\n".join(lines) + "\n\nVänliga hälsningar\nÅsa")
    raw = message.as_bytes()
    assert len(raw) > INLINE_BYTES  # so the request only stores it and the worker files it
    return raw


def _push_mail(base_url: str, token: str, raw: bytes) -> dict[str, Any]:
    """POST a raw message as a mail provider does."""
    request = urllib.request.Request(  # noqa: S310 -- http:// of the server the test started
        f"{base_url}/api/v1/mail/inbound/{token}",
        data=raw,
        headers={"Content-Type": "message/rfc822"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 -- as above
        assert response.status == 202
        return dict(json.loads(response.read()))


def test_a_large_email_filed_by_the_worker_appears_in_an_open_queue_without_a_reload(
    request: pytest.FixtureRequest,
    teammate: User,
    mail_token: str,
    lytte_with_worker: str,
    new_context: Callable[..., BrowserContext],
) -> None:
    base = lytte_with_worker
    ola = live_page(signed_in(new_context(), base, teammate), f"{base}/desk/?queue=unassigned")
    expect(ola.locator("[data-count=unassigned]")).to_have_text("0")
    ola.evaluate("window.stillTheSamePage = true")
    subject = "Mätaren visar fel förbrukning"

    pushed = _push_mail(base, mail_token, _large_email(subject))

    assert (pushed["queued"], pushed["filed"]) == (True, False)  # stored; the worker files it
    expect(ola.locator("#queue-list")).to_contain_text(subject, timeout=FILED)
    expect(ola.locator("[data-count=unassigned]")).to_have_text("1")
    assert ola.evaluate("window.stillTheSamePage") is True
    screenshot(
        ola, f"queue-mail-filed-by-worker-{request.node.callspec.params['lytte_with_worker']}"
    )
