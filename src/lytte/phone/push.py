"""Screen pops over the desk's WebSocket: to the agents a call concerns, closed for the others
when someone answers, closed for all when the caller hangs up."""

from __future__ import annotations

from lytte.desk.push import DESK_GROUP, user_group
from lytte.platform.live import group_send as _send


def screen_pop(call_id: int, user_ids: list[int]) -> None:
    """Ring on the named agents' desks, or on every open desk when nobody is named."""
    message = {"type": "desk.pop", "call": call_id}
    for group in [user_group(uid) for uid in user_ids] or [DESK_GROUP]:
        _send(group, message)


def pop_answered(call_id: int, user_id: int | None) -> None:
    _send(DESK_GROUP, {"type": "desk.pop_close", "call": call_id, "answered_by": user_id})


def pop_ended(call_id: int) -> None:
    _send(DESK_GROUP, {"type": "desk.pop_close", "call": call_id, "answered_by": None})
