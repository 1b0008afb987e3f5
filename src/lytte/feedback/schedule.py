"""The worker's clock for surveys: every minute, send those due (CSAT), draw the NPS
programmes' samples that are due and send their surveys, send any webhook delivery whose task
was lost, and recompute the survey rollups of the days that changed (decision 50); every ten
minutes (once, however many workers run), look for satisfaction falling on a reason
(feedback.alerts)."""

from __future__ import annotations

from django.core.cache import cache

from lytte.feedback import webhooks
from lytte.feedback.alerts import detect_drops
from lytte.feedback.rollups import refresh_stale
from lytte.feedback.services import send_due_surveys
from lytte.feedback.services.nps import run_due_programs, send_due_nps
from lytte.platform.periodic import Periodic

ALERTS_EVERY_SECONDS = 600
ROLLUPS_LOCK_SECONDS = 600  # longer than a recount of 400 days takes


class SurveySchedule(Periodic):
    def __init__(self, *, interval: float = 60) -> None:
        super().__init__(name="surveys", interval=interval)

    def tick(self) -> None:
        send_due_surveys()
        run_due_programs()
        send_due_nps()
        webhooks.deliver_due()
        # One worker at a time recounts (two recounting one day would both insert its rows).
        if cache.add("feedback:rollups", 1, ROLLUPS_LOCK_SECONDS):
            try:
                refresh_stale()
            finally:
                cache.delete("feedback:rollups")
        if cache.add("feedback:csat-alerts", 1, ALERTS_EVERY_SECONDS):
            detect_drops()
