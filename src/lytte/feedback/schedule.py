"""The worker's clock for surveys: every minute, send those due (CSAT), draw the NPS
programmes' samples that are due and send their surveys."""

from __future__ import annotations

from lytte.feedback.services import send_due_surveys
from lytte.feedback.services.nps import run_due_programs, send_due_nps
from lytte.platform.periodic import Periodic


class SurveySchedule(Periodic):
    def __init__(self, *, interval: float = 60) -> None:
        super().__init__(name="surveys", interval=interval)

    def tick(self) -> None:
        send_due_surveys()
        run_due_programs()
        send_due_nps()
