"""Retention in `lytte worker`: once a day at LYTTE_RETENTION_HOUR (local time), however many
workers run, the retention policies purge what is past its age."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from lytte.platform.periodic import Periodic
from lytte.privacy.services.retention import retention_due, run_retention


class RetentionSchedule(Periodic):
    def __init__(self, *, interval: float = 300) -> None:
        super().__init__(name="retention", interval=interval)

    def tick(self) -> None:
        # cache.add: of several workers (sharing Redis), one runs today's purge.
        if retention_due(settings.RETENTION_HOUR) and cache.add("privacy:retention", 1, 60 * 60):
            run_retention(dry_run=False)
