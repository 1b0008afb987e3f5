"""POST /api/v1/mail/inbound/<token>: a mail provider pushes one raw RFC 822 message."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lytte.mail.services import mailbox_for_token, receive_message

# Larger bodies are refused outright; up to this, a message over the size limit is still kept
# (its largest attachments replaced by notes).
BODY_LIMIT_FACTOR = 4


@csrf_exempt  # a mail provider has no browser session: the token in the URL is its credential
@require_POST
def inbound_mail(request: HttpRequest, token: str) -> JsonResponse:
    mailbox = mailbox_for_token(token)
    if mailbox is None:
        return JsonResponse({"error": _("Unknown or inactive mailbox token.")}, status=404)
    limit = settings.MAIL_MAX_MESSAGE_BYTES * BODY_LIMIT_FACTOR
    # Read the stream directly: request.body stops at DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
    raw = request.read(limit + 1)
    if len(raw) > limit:
        return JsonResponse(
            {"error": _("The message is larger than %(size)s MB.") % {"size": limit // 2**20}},
            status=413,
        )
    if not raw.strip():
        return JsonResponse(
            {"error": _("The request body must be a raw email message.")}, status=400
        )
    received = receive_message(mailbox=mailbox, raw=raw)
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
