"""The phone's schedule in `lytte worker`: every minute, calls whose hangup never came are
closed as "unknown end" (any number of workers may do it; the update is idempotent)."""

from __future__ import annotations

from lytte.phone.services import close_unfinished_calls
from lytte.platform.periodic import Periodic


class PhoneSchedule(Periodic):
    def __init__(self, *, interval: float = 60) -> None:
        super().__init__(name="phone", interval=interval)

    def tick(self) -> None:
        close_unfinished_calls()
