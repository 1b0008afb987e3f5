"""`lytte community reindex`: rebuild the threads' search index (after an upgrade that adds it,
or a restore); the services keep it in step otherwise."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lytte.community.search import reindex_all


class Command(BaseCommand):
    help = "The community from the command line: rebuild the threads' search index."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
        commands.add_parser("reindex", help="Rebuild the threads' search index.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("subcommand") != "reindex":
            raise CommandError("Name a subcommand: reindex (see --help).")
        self.stdout.write(f"Indexed {reindex_all()} threads.")
