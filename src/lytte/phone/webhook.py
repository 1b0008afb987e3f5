"""POST /api/v1/cti/<token>: where a PBX sends newCall, answer and hangup."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lytte.phone.payloads import BadEvent, parse_payload, read_body
from lytte.phone.services import integration_for_token, receive_event
from lytte.platform.webhooks import refusal


@csrf_exempt  # a PBX has no browser session: the token in the URL is its credential
@require_POST
def cti_webhook(request: HttpRequest, token: str) -> JsonResponse:
    integration = integration_for_token(token)
    if integration is None:
        return refusal("unknown_token", _("Unknown or disabled CTI token."), status=404)
    try:
        payload = parse_payload(read_body(request))
    except BadEvent as error:
        return refusal("invalid_event", error.message, status=400)
    return JsonResponse(receive_event(integration=integration, payload=payload))
