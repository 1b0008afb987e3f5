"""POST /api/v1/mail/inbound/<token>: a mail provider pushes one raw RFC 822 message.

Memory is bounded whatever the concurrency: the body is read in chunks into a temporary file
(on disk past MAIL_INTAKE_INLINE_BYTES) and refused as soon as it passes the limit; a message up
to MAIL_INTAKE_INLINE_BYTES is stored and filed at once (201), a larger one is only stored, at
most MAIL_INTAKE_LARGE_AT_ONCE at a time per process, and filed by the worker (202). Decision 24.
"""

from __future__ import annotations

import re
import tempfile
import threading
from functools import cache
from typing import IO

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lytte.mail.models import InboundMessage
from lytte.mail.services import Received, mailbox_for_token, receive_message, store_message
from lytte.platform.webhooks import refusal

# Larger bodies are refused outright; up to this, a message over the size limit is still kept
# (its largest attachments replaced by notes).
BODY_LIMIT_FACTOR = 4
CHUNK = 256 * 1024
# What web forms and APIs send: never a raw message, whatever the body looks like.
_NOT_MAIL_TYPES = {"application/json", "application/x-www-form-urlencoded", "multipart/form-data"}
# RFC 5322 field names (printable ASCII but ":"), narrowed to what headers use so that JSON
# (`{"from": ...`) does not pass; an mbox "From " line may come first.
_FIRST_FIELD = re.compile(rb"(From [^\r\n]*\r?\n)?[A-Za-z0-9!#$%&'*+.^_`|~-]+[ \t]*:")


@cache
def _large_messages(at_once: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(at_once)


@csrf_exempt  # a mail provider has no browser session: the token in the URL is its credential
@require_POST
def inbound_mail(request: HttpRequest, token: str) -> JsonResponse:
    mailbox = mailbox_for_token(token)
    if mailbox is None:
        return refusal("unknown_token", _("Unknown or inactive mailbox token."), status=404)
    if request.content_type in _NOT_MAIL_TYPES:
        return refusal(
            "unsupported_media_type",
            _("Send the raw email message (Content-Type: message/rfc822)."),
            status=415,
        )
    limit = settings.MAIL_MAX_MESSAGE_BYTES * BODY_LIMIT_FACTOR
    body = _read_body(request, limit)
    if body is None:
        return refusal(
            "too_large",
            _("The message is larger than %(size)s MB.") % {"size": limit // 2**20},
            status=413,
        )
    with body:
        if refused := _refusal(body.read(64 * 1024)):
            return refused
        size = body.seek(0, 2)
        body.seek(0)
        if size <= settings.MAIL_INTAKE_INLINE_BYTES:
            return _stored_and_filed(receive_message(mailbox=mailbox, raw=body.read()))
        slots = _large_messages(settings.MAIL_INTAKE_LARGE_AT_ONCE)
        if not slots.acquire(timeout=settings.MAIL_INTAKE_WAIT_SECONDS):
            response = refusal(
                "busy", _("Too many large messages at once; try again shortly."), status=503
            )
            response["Retry-After"] = "30"
            return response
        try:
            received = store_message(mailbox=mailbox, raw=body.read())
        finally:
            slots.release()
    return _stored(received.message, created=received.created)


def _read_body(request: HttpRequest, limit: int) -> IO[bytes] | None:
    """The body in a temporary file, or None as soon as it is over `limit` bytes."""
    if int(request.headers.get("Content-Length") or 0) > limit:
        return None
    spool = tempfile.SpooledTemporaryFile(max_size=settings.MAIL_INTAKE_INLINE_BYTES)  # noqa: SIM115 -- returned to the caller, who closes it
    size = 0
    # Read the stream directly: request.body stops at DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
    while chunk := request.read(CHUNK):
        size += len(chunk)
        if size > limit:
            spool.close()
            return None
        spool.write(chunk)
    spool.seek(0)
    return spool


def _refusal(head: bytes) -> JsonResponse | None:
    """400 unless the body starts like an email message; nothing is stored for it."""
    if not head.strip():
        return refusal("not_email", _("The request body must be a raw email message."), status=400)
    header_block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    if not _FIRST_FIELD.match(head) or b"\x00" in header_block:
        return refusal(
            "not_email",
            _("The request body is not an email message: it must start with headers."),
            status=400,
        )
    return None


def _stored_and_filed(received: Received) -> JsonResponse:
    message = received.message
    return JsonResponse(
        {
            "stored": True,
            "duplicate": not received.created,
            "message": message.pk,
            "filed": message.processed_at is not None,
            "case": message.case.number if message.case else None,
        },
        status=201 if received.created else 200,
    )


def _stored(message: InboundMessage, *, created: bool) -> JsonResponse:
    return JsonResponse(
        {
            "stored": True,
            "duplicate": not created,
            "message": message.pk,
            "filed": message.processed_at is not None,
            "queued": created,
        },
        status=202 if created else 200,
    )
