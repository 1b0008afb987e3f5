"""How the inbound webhooks (the PBX's and the mail provider's) refuse a request: JSON with a
stable `code` a sender's program can branch on and an `error` sentence for the person reading
its log, the same two facts the REST API gives (decision 0028; webhooks keep `error` as the
sentence's name, which their senders already read)."""

from __future__ import annotations

from django.http import JsonResponse


def refusal(code: str, error: str, *, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "error": error}, status=status)
