"""`lytte insights rebuild`: recompute every day's rollups from the raw contacts and cases, the
SLA report's from the raw targets and the surveys' from the surveys (after a bulk load or a
restore), and look for trends in them; the worker keeps them current after that."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lytte.feedback import rollups as survey_rollups
from lytte.insights.rollups import mark_all_stale, refresh_stale
from lytte.insights.trends import detect
from lytte.sla import rollups as sla_rollups


class Command(BaseCommand):
    help = "Insights: recompute the daily rollups the dashboards read."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        commands.add_parser("rebuild", help="Recompute the rollups of every day.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        days = mark_all_stale()
        while refresh_stale(limit=1000):
            pass
        detect()  # the worker looks again only after the next change
        sla_rollups.rebuild()  # the SLA report's (decision 0051)
        survey_rollups.rebuild()  # the feedback page's (decision 0050)
        self.stdout.write(
            f"Rollups of {days} day(s) recomputed in {time.perf_counter() - started:.1f} s."
        )
