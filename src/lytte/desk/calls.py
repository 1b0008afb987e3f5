"""Screen pops over the desk's WebSocket, from the phone's call events: a ringing call pops on
the desks of the agents it concerns (every open desk when it names none), and its card closes
for the others when someone answers and for all when the call ends.

The phone only announces calls; which groups hear of them and what the message says is the
desk's own protocol (see desk.consumers and desk.js)."""

from __future__ import annotations

from lytte.desk.push import DESK_GROUP, user_group
from lytte.phone.events import CallAnswered, CallEnded, CallRinging
from lytte.platform.events import subscribe
from lytte.platform.live import group_send


@subscribe(CallRinging)
def call_ringing(event: CallRinging) -> None:
    message = {"type": "desk.pop", "call": event.call_id}
    for group in [user_group(pk) for pk in dict.fromkeys(event.agent_ids)] or [DESK_GROUP]:
        group_send(group, message)


@subscribe(CallAnswered)
def call_answered(event: CallAnswered) -> None:
    # To every desk: a desk that popped it closes the card unless its own agent answered.
    message = {"type": "desk.pop_close", "call": event.call_id, "answered_by": event.answered_by_id}
    group_send(DESK_GROUP, message)


@subscribe(CallEnded)
def call_ended(event: CallEnded) -> None:
    group_send(DESK_GROUP, {"type": "desk.pop_close", "call": event.call_id, "answered_by": None})
