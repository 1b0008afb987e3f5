"""The generic CTI event format (Zammad's), read from JSON or form-encoded bodies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

EVENTS = ("newCall", "answer", "hangup")
DIRECTIONS = ("in", "out")
# Causes that leave a caller waiting for us: they go on the call-back list.
MISSED_CAUSES = frozenset({"noAnswer", "cancel", "busy"})


class BadEvent(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CtiPayload:
    event: str
    call_id: str
    direction: str = ""
    from_number: str = ""
    to_number: str = ""
    users: tuple[str, ...] = ()
    queue: str = ""
    answering_number: str = ""
    cause: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "callId": self.call_id,
            "direction": self.direction,
            "from": self.from_number,
            "to": self.to_number,
            "user": list(self.users),
            "queue": self.queue,
            "answeringNumber": self.answering_number,
            "cause": self.cause,
        }


def read_body(request: HttpRequest) -> Mapping[str, Any]:
    """The event's fields from a JSON body or a form body (`user[]` repeated)."""
    content_type = request.content_type or ""
    try:
        body = request.body
    except RequestDataTooBig:
        raise BadEvent(_("The body is too large for a CTI event.")) from None
    if content_type == "application/json" or body[:1] in (b"{", b"["):
        return _json_object(body)
    form: QueryDict = request.POST
    data: dict[str, Any] = {key: form.get(key) for key in form if key not in ("user", "user[]")}
    data["user"] = form.getlist("user[]") + form.getlist("user")
    return data


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        # Python's parser recurses once per [ or {: 100 000 of them must not be a server error.
        raise BadEvent(_("The body is nested too deeply.")) from None
    except (UnicodeDecodeError, ValueError):
        # ValueError: a JSONDecodeError, or an integer of more than 4300 digits.
        raise BadEvent(_("The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadEvent(_("The body must be a JSON object."))
    return data


def _storable(text: str) -> bool:
    """No NUL (PostgreSQL refuses it) and no lone surrogates (no encoding holds them)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(data: Mapping[str, Any], key: str, limit: int, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise BadEvent(_("“%(field)s” is missing.") % {"field": key})
        return ""
    if not isinstance(value, str | int):
        raise BadEvent(_("“%(field)s” must be text.") % {"field": key})
    text = str(value).strip()
    if not _storable(text):
        raise BadEvent(_("“%(field)s” contains characters that are not text.") % {"field": key})
    if len(text) > limit:
        raise BadEvent(
            _("“%(field)s” is longer than %(limit)s characters.") % {"field": key, "limit": limit}
        )
    return text


def parse_payload(data: Mapping[str, Any]) -> CtiPayload:
    """Check an event's fields; BadEvent says what is wrong, in a sentence."""
    event = _text(data, "event", 16, required=True)
    if event not in EVENTS:
        raise BadEvent(
            _("Unknown event “%(event)s”; expected newCall, answer or hangup.") % {"event": event}
        )
    direction = _text(data, "direction", 3, required=event == "newCall")
    if direction and direction not in DIRECTIONS:
        raise BadEvent(_("“direction” must be “in” or “out”."))
    users = data.get("user", data.get("user[]", []))
    if isinstance(users, str):
        users = [users]
    if not isinstance(users, list) or not all(isinstance(u, str) and _storable(u) for u in users):
        raise BadEvent(_("“user” must be a list of names."))
    return CtiPayload(
        event=event,
        call_id=_text(data, "callId", 250, required=True),
        direction=direction,
        from_number=_text(data, "from", 64),  # empty, like "anonymous", is a withheld number
        to_number=_text(data, "to", 64),
        users=tuple(u.strip()[:150] for u in users if u.strip())[:50],
        queue=_text(data, "queue", 100),
        answering_number=_text(data, "answeringNumber", 150),
        cause=_text(data, "cause", 32),
    )
