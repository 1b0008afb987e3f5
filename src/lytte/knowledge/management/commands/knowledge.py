"""`lytte knowledge`: the knowledge base from the command line: import and export articles as
CSV, search them, and measure search against a set of questions.

Each subcommand is a pair of functions (arguments, handler) registered in a module's
SUBCOMMANDS: import and export in `lytte.knowledge.transfer`, search and evaluate in
`lytte.knowledge.search.commands`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lytte.knowledge import transfer
from lytte.knowledge.search import commands as search_commands

SUBCOMMANDS = {**transfer.SUBCOMMANDS, **search_commands.SUBCOMMANDS}


class Command(BaseCommand):
    help = "Import, export, search and evaluate the knowledge base."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
        for add, _handle in SUBCOMMANDS.values():
            add(commands)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options.get("subcommand")
        if name not in SUBCOMMANDS:
            raise CommandError(
                "Name a subcommand: " + ", ".join(sorted(SUBCOMMANDS)) + " (see --help)."
            )
        SUBCOMMANDS[name][1](self, options)
