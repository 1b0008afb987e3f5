"""(Contract: SUBCOMMANDS maps a subcommand's name to (add its parser, handle it); the
`lytte knowledge` command takes them all.)"""

from __future__ import annotations

from argparse import ArgumentParser, _SubParsersAction
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand

if TYPE_CHECKING:
    Subparsers = _SubParsersAction[ArgumentParser]

SUBCOMMANDS: dict[
    str, tuple[Callable[[Subparsers], None], Callable[[BaseCommand, dict[str, Any]], None]]
] = {}
