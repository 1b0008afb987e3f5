"""`lytte feedback rebuild`: recompute the survey rollups of every day from the surveys (after
a bulk load or a restore; the worker keeps them current after that). `lytte feedback
reindex-comments`: store the words of every survey comment again for the comment search and
themes (comments answered before the search existed, a restore, a bulk load)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lytte.feedback.comments import reindex_comments
from lytte.feedback.rollups import rebuild


class Command(BaseCommand):
    help = "Customer feedback: rebuild the survey rollups, or the comments' word index."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
        commands.add_parser("rebuild", help="Recompute the survey rollups of every day.")
        commands.add_parser("reindex-comments", help="Store every comment's words again.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options.get("subcommand") == "rebuild":
            days = rebuild()
            self.stdout.write(
                f"Survey rollups of {days} day(s) recomputed in "
                f"{time.perf_counter() - started:.1f} s."
            )
        elif options.get("subcommand") == "reindex-comments":
            comments = reindex_comments()
            self.stdout.write(
                f"Words of {comments} comment(s) stored in {time.perf_counter() - started:.1f} s."
            )
        else:
            raise CommandError("Name a subcommand: rebuild or reindex-comments (see --help).")
