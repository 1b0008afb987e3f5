"""Rate limits on the widget's API per client address (abuse: a script starting chats or
flooding one), counted in the cache (lytte.platform.ratelimit). A socket has its own limit
(consumers)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lytte.accounts.throttling import client_address
from lytte.chat.services import ChatError
from lytte.platform.ratelimit import within


def count(kind: str, request: HttpRequest) -> None:
    """Count one `kind` of request ("start", "left", "message", "file") from the request's
    address; ChatError "rate_limited" (429) past settings.CHAT_RATE_LIMITS[kind]."""
    most, seconds = settings.CHAT_RATE_LIMITS[kind]
    if not within(f"chat.{kind}", client_address(request), most, seconds):
        raise ChatError("rate_limited", _("Slow down a little: too many messages."), status=429)
