"""Insights' schedule in `lytte worker`: rollups of changed days recomputed every minute, and at
LYTTE_REASONS_TRAIN_HOUR (local time) a new reason model trained, once, however many workers run."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from lytte.insights.models import ReasonModel
from lytte.insights.rollups import refresh_stale
from lytte.insights.trends import detect, email_new_alerts
from lytte.platform.periodic import Periodic


def training_due() -> bool:
    now = timezone.localtime()
    if now.hour != settings.REASONS_TRAIN_HOUR:
        return False
    recent = timezone.now() - timedelta(hours=20)
    return not ReasonModel.objects.filter(created_at__gte=recent).exists()


class InsightsSchedule(Periodic):
    """Every minute: recompute the rollups of days that changed; at night: train the model."""

    def __init__(self, *, interval: float = 60) -> None:
        super().__init__(name="insights", interval=interval)

    def tick(self) -> None:
        from lytte.insights.tasks import train_reasons

        if refresh_stale():
            detect()
        email_new_alerts()
        # cache.add: of several workers (sharing Redis), one enqueues tonight's training.
        if training_due() and cache.add("insights:nightly-training", 1, 60 * 60 * 20):
            train_reasons.enqueue()
