"""`lytte sla rebuild`: recompute every day's rollups of the SLA report from the raw targets
(after a bulk load or a restore, decision 0051); the worker's `sla` job keeps them current
after that."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lytte.sla.rollups import rebuild


class Command(BaseCommand):
    help = "Service levels: recompute the daily rollups the SLA report reads."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        commands.add_parser("rebuild", help="Recompute the SLA rollups of every day.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        days = rebuild()
        self.stdout.write(
            f"SLA rollups of {days} day(s) recomputed in {time.perf_counter() - started:.1f} s."
        )
