"""Nightly training, started by `lytte worker`: at LYTTE_REASONS_TRAIN_HOUR (local time) a new
model is trained from the day's categorised contacts, once, however many workers run."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from django.utils import timezone

from lytte.insights.models import ReasonModel

logger = logging.getLogger(__name__)


def training_due() -> bool:
    now = timezone.localtime()
    if now.hour != settings.REASONS_TRAIN_HOUR:
        return False
    recent = timezone.now() - timedelta(hours=20)
    return not ReasonModel.objects.filter(created_at__gte=recent).exists()


class NightlyTraining(threading.Thread):
    def __init__(self, *, interval: float = 300) -> None:
        super().__init__(name="nightly-training", daemon=True)
        self.interval = interval
        self.stop = threading.Event()

    def run(self) -> None:
        from lytte.insights.tasks import train_reasons

        while not self.stop.wait(self.interval):
            try:
                close_old_connections()
                # cache.add: of several workers (sharing Redis), one enqueues tonight's training.
                if training_due() and cache.add("insights:nightly-training", 1, 60 * 60 * 20):
                    train_reasons.enqueue()
            except Exception:
                logger.exception("Nightly training could not be scheduled")
            finally:
                close_old_connections()
