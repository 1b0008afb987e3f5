"""The push URL takes only email, refuses what is too large before reading it all, and keeps
the web server's memory bounded: a large message is stored in the request, filed by the worker."""

from __future__ import annotations

import io
import os
import tracemalloc
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core.handlers.asgi import ASGIRequest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from lytte.cases.models import Case
from lytte.mail.models import InboundMessage, Outcome
from lytte.mail.services import create_push_mailbox
from lytte.mail.tasks import file_stored_message
from lytte.mail.tests.factories import customer_mail
from lytte.mail.webhook import CHUNK, _large_messages, inbound_mail


@pytest.fixture
def token(team_oslo: object) -> str:
    return create_push_mailbox(name="Kundeservice", address="kundeservice@lytte.test")[1]


def post(client: Client, token: str, raw: bytes, content_type: str = "message/rfc822"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/mail/inbound/{token}", raw, content_type=content_type)


def large_mail(megabytes: float) -> bytes:
    message = EmailMessage()
    message["From"] = "Kari Nordmann <kari@fjordkraft.example>"
    message["To"] = "kundeservice@lytte.test"
    message["Subject"] = "Skjermopptak av feilen, æøå"
    message["Message-ID"] = make_msgid(domain="mail.example")
    message.set_content("Hei! Se vedlagt opptak.")
    message.add_attachment(
        os.urandom(int(megabytes * 2**20)), maintype="video", subtype="mp4", filename="feil.mp4"
    )
    return message.as_bytes()


def nothing_stored() -> bool:
    return not InboundMessage.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_a_form_or_json_body_is_refused_with_415(
    client: Client, token: str, content_type: str
) -> None:
    response = post(client, token, customer_mail(), content_type=content_type)

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert "message/rfc822" in response.json()["error"]
    assert nothing_stored()


@pytest.mark.parametrize(
    "body",
    [
        b'{"from": "kari@fjordkraft.example", "subject": "Hei"}',
        b"subject=Hei&from=kari%40fjordkraft.example",
        bytes(range(256)) * 4,
        b"From: kari@fjordkraft.example\r\nSubject: Hei\x00\r\n\r\nHei",
        b"Bare litt tekst, \xc3\xa6\xc3\xb8\xc3\xa5, uten noen brevhoder.\r\n",
    ],
    ids=["json", "form", "random-bytes", "nul-in-headers", "prose"],
)
def test_a_body_that_is_not_an_email_message_is_refused_with_400(
    client: Client, token: str, body: bytes
) -> None:
    response = post(client, token, body)

    assert response.status_code == 400
    assert response.json()["code"] == "not_email"
    assert "not an email message" in response.json()["error"]
    assert nothing_stored()


def test_a_message_after_an_mbox_from_line_is_taken(client: Client, token: str) -> None:
    raw = b"From kari@fjordkraft.example Thu Dec  3 10:00:00 2026\n" + customer_mail()

    assert post(client, token, raw).status_code == 201


def test_a_large_message_is_stored_at_once_and_filed_by_the_worker(
    client: Client,
    token: str,
    settings: object,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    settings.MAIL_INTAKE_INLINE_BYTES = 2**20  # type: ignore[attr-defined]
    raw = large_mail(3)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = post(client, token, raw)

    assert response.status_code == 202
    assert response.json()["queued"] is True
    stored = InboundMessage.objects.get()
    assert bytes(stored.raw) == raw
    assert stored.processed_at is None
    assert DBTaskResult.objects.filter(task_path__endswith="file_stored_message").count() == 1

    file_stored_message.call(stored.pk)

    stored.refresh_from_db()
    assert stored.outcome == Outcome.NEW_CASE
    assert stored.case is not None
    assert stored.case.subject == "Skjermopptak av feilen, æøå"
    assert list(stored.attachments.values_list("filename", flat=True)) == ["feil.mp4"]
    assert post(client, token, raw).json() == {  # a retry: the same message, nothing new
        "stored": True,
        "duplicate": True,
        "message": stored.pk,
        "filed": True,
        "queued": False,
    }


def test_a_large_message_over_the_size_limit_is_cut_down_when_the_worker_files_it(
    client: Client, token: str, settings: object
) -> None:
    settings.MAIL_INTAKE_INLINE_BYTES = 2**20  # type: ignore[attr-defined]
    settings.MAIL_MAX_MESSAGE_BYTES = 2 * 2**20  # type: ignore[attr-defined]

    assert post(client, token, large_mail(3)).status_code == 202
    file_stored_message.call(InboundMessage.objects.get().pk)

    stored = InboundMessage.objects.get()
    assert stored.size <= 2 * 2**20 == settings.MAIL_MAX_MESSAGE_BYTES  # type: ignore[attr-defined]
    assert stored.outcome == Outcome.NEW_CASE
    assert list(stored.attachments.values_list("filename", flat=True)) == ["feil.mp4.removed.txt"]


def test_a_message_over_the_limit_is_refused_with_413_and_nothing_is_stored(
    client: Client, token: str, settings: object
) -> None:
    settings.MAIL_MAX_MESSAGE_BYTES = 2**20  # type: ignore[attr-defined]

    response = post(client, token, large_mail(4.5))

    assert response.status_code == 413
    assert "larger than 4 MB" in response.json()["error"]
    assert nothing_stored()


def test_a_large_message_waits_its_turn_then_gets_503_with_retry_after(
    client: Client, token: str, settings: object
) -> None:
    settings.MAIL_INTAKE_INLINE_BYTES = 2**20  # type: ignore[attr-defined]
    settings.MAIL_INTAKE_LARGE_AT_ONCE = 1  # type: ignore[attr-defined]
    settings.MAIL_INTAKE_WAIT_SECONDS = 0.1  # type: ignore[attr-defined]
    busy = _large_messages(1)
    assert busy.acquire(timeout=5)  # another request is storing a large message
    try:
        refused = post(client, token, large_mail(1.5))
        small = post(client, token, customer_mail())  # small messages never wait
    finally:
        busy.release()

    assert refused.status_code == 503
    assert refused["Retry-After"] == "30"
    assert refused.json()["code"] == "busy"
    assert small.status_code == 201
    assert InboundMessage.objects.count() == 1
    assert post(client, token, large_mail(1.5)).status_code == 202


def test_a_large_post_costs_a_small_multiple_of_its_size_in_memory(
    client: Client, token: str, settings: object
) -> None:
    settings.MAIL_INTAKE_INLINE_BYTES = 2**20  # type: ignore[attr-defined]
    raw = large_mail(16)
    post(client, token, customer_mail())  # imports, caches and the first query are not the post

    tracemalloc.start()
    try:
        response = post(client, token, raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert response.status_code == 202
    # The test client holds a copy of the body (a server reads it off a socket): 1x; the bytes
    # read back for storing: 1x; the database driver's copy: 1x. Parsing it whole would be 8x.
    assert peak < 4 * len(raw), f"peak {peak / len(raw):.1f}x the message"


def test_a_body_without_content_length_is_cut_off_once_over_the_limit(
    token: str, settings: object
) -> None:
    settings.MAIL_MAX_MESSAGE_BYTES = 2**20  # type: ignore[attr-defined]
    body = io.BytesIO(large_mail(12))  # chunked: the size is known only by reading
    scope = {
        "type": "http",
        "method": "POST",
        "path": f"/api/v1/mail/inbound/{token}",
        "query_string": b"",
        "headers": [(b"content-type", b"message/rfc822")],
    }

    response = inbound_mail(ASGIRequest(scope, body), token)

    assert response.status_code == 413
    assert body.tell() <= 4 * 2**20 + CHUNK  # the rest was never read
    assert nothing_stored()
