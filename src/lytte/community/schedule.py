"""The community's schedule in the worker: every five minutes, questions nobody answered in
their category's time become cases (any number of workers may run it: a thread escalates once,
under a lock on its row), and from 07:00 the members who want one get the day's digest of what
they follow (decision 48; once a day, by the notice's key); posts whose members were not told
yet (a lost `announce_post` task, a crashed worker) are told."""

from __future__ import annotations

from lytte.community.services.announcing import run_pending
from lytte.community.services.escalation import escalate_unanswered
from lytte.community.services.notifying import send_digests
from lytte.platform.periodic import Periodic


class CommunitySchedule(Periodic):
    def __init__(self, *, interval: float = 300) -> None:
        super().__init__(name="community", interval=interval)

    def tick(self) -> None:
        run_pending()
        escalate_unanswered()
        send_digests()
