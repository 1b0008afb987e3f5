"""The chat's schedule in the worker: every minute, chats whose customer left before anyone
answered are ended (any number of workers may do it: ending an ended chat changes nothing)."""

from __future__ import annotations

from lytte.chat.services import end_abandoned
from lytte.platform.periodic import Periodic


class ChatSchedule(Periodic):
    def __init__(self, *, interval: float = 60) -> None:
        super().__init__(name="chat", interval=interval)

    def tick(self) -> None:
        end_abandoned()
