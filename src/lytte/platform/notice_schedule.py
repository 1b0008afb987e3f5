"""The `notices` job: every minute, notices whose task was lost are sent, and old ones go."""

from __future__ import annotations

from lytte.platform.notices import deliver_due
from lytte.platform.periodic import Periodic


class NoticeSchedule(Periodic):
    def __init__(self, *, interval: float = 60) -> None:
        super().__init__(name="notices", interval=interval)

    def tick(self) -> None:
        deliver_due()
