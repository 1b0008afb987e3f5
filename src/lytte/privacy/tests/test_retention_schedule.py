"""The worker purges once a day, at LYTTE_RETENTION_HOUR, however often it looks."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import timezone

from lytte.privacy.models import RetentionRun
from lytte.privacy.schedule import RetentionSchedule
from lytte.privacy.services import run_retention
from lytte.privacy.services.retention import retention_due


def test_the_purge_is_due_at_its_hour_only(db: None) -> None:
    hour = timezone.localtime().hour

    assert retention_due(hour)
    assert not retention_due((hour + 1) % 24)


def test_a_dry_run_does_not_count_as_the_day_s_purge(db: None) -> None:
    hour = timezone.localtime().hour
    run_retention(dry_run=True)

    assert retention_due(hour)
    run_retention(dry_run=False)
    assert not retention_due(hour)


def test_the_worker_s_tick_purges_once(db: None, settings: Any) -> None:
    settings.RETENTION_HOUR = timezone.localtime().hour
    cache.delete("privacy:retention")
    schedule = RetentionSchedule()

    schedule.tick()
    schedule.tick()

    assert RetentionRun.objects.filter(dry_run=False).count() == 1
