"""Rate limits on the widget's API per client address (abuse: a script starting chats or
flooding one), counted in the cache: Redis when scaled out, so they hold across processes;
this process's memory when embedded (one process). A socket has its own limit (consumers)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lytte.accounts.throttling import client_address
from lytte.chat.services import ChatError


def count(kind: str, request: HttpRequest) -> None:
    """Count one `kind` of request ("start", "left", "message", "file") from the request's
    address; ChatError "rate_limited" (429) past settings.CHAT_RATE_LIMITS[kind]."""
    most, seconds = settings.CHAT_RATE_LIMITS[kind]
    window = int(time.time() // seconds)
    key = f"lytte.chat.rate:{kind}:{client_address(request)}:{window}"
    if cache.add(key, 1, seconds + 5):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # it expired between the two calls
            cache.set(key, 1, seconds + 5)
            used = 1
    if used > most:
        raise ChatError("rate_limited", _("Slow down a little: too many messages."), status=429)
