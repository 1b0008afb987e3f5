"""Work a worker (`lytte worker`, or the one inside `lytte serve`) does on a clock, beside its
task queue; apps register theirs in platform.jobs."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

logger = logging.getLogger(__name__)


class Periodic(threading.Thread):
    """Calls `tick` every `interval` seconds in a daemon thread, with fresh database connections;
    a failing tick is logged and the next one comes all the same."""

    def __init__(self, *, name: str, interval: float = 60) -> None:
        super().__init__(name=name, daemon=True)
        self.interval = interval
        self.stop = threading.Event()

    def tick(self) -> None:
        raise NotImplementedError

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            try:
                close_old_connections()
                self.tick()
            except Exception:
                logger.exception("The %s schedule failed", self.name)
            finally:
                close_old_connections()
