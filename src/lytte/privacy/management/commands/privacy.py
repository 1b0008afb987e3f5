"""`lytte privacy`: the data subject's rights from the server's shell.

Each subcommand adds its own parser and handler below (`export`, `access-log`), so further
subcommands (erasure, retention, legal hold) are added beside them without touching these.
"""

from __future__ import annotations

import json
import shutil
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from lytte.audit.selectors import access_log
from lytte.customers.models import Customer
from lytte.privacy.export import export_customer

Handler = Callable[[BaseCommand, dict[str, Any]], None]


def _customer(customer_id: int) -> Customer:
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise CommandError(f"There is no customer with id {customer_id}.")
    return customer


def _add_export(commands: Any) -> None:
    parser = commands.add_parser(
        "export", help="Export everything held about a customer as a ZIP (right of access)."
    )
    parser.add_argument("customer_id", type=int)
    parser.add_argument(
        "-o", "--output", type=Path, help="Where to write the ZIP (default: customer-ID.zip)."
    )
    parser.add_argument("--language", help="Of README.txt (default: the site's language).")


def _export(command: BaseCommand, options: dict[str, Any]) -> None:
    customer = _customer(options["customer_id"])
    target: Path = options["output"] or Path(f"customer-{customer.pk}.zip")
    if target.is_dir():
        raise CommandError(f"{target} is a directory; name the file to write.")
    built = export_customer(customer=customer, exported_by=None, language=options["language"])
    try:
        shutil.move(built, target)
    except OSError as error:
        built.unlink(missing_ok=True)
        raise CommandError(f"Cannot write {target}: {error.strerror or error}.") from error
    command.stdout.write(f"Exported customer {customer.pk} ({customer.name}) to {target}.")


def _add_access_log(commands: Any) -> None:
    parser = commands.add_parser("access-log", help="Who opened a customer's data, newest first.")
    parser.add_argument("customer_id", type=int)
    parser.add_argument("--json", action="store_true", help="One JSON array instead of lines.")


def _access_log(command: BaseCommand, options: dict[str, Any]) -> None:
    customer_id = options["customer_id"]
    rows = access_log(customer_id)
    if not rows.exists() and not Customer.objects.filter(pk=customer_id).exists():
        raise CommandError(f"There is no customer with id {customer_id} and no access to one.")
    entries = [
        {
            "at": timezone.localtime(row.created_at),
            "user": row.user.username if row.user else None,
            "through": row.channel,
            "case": row.case_number,
        }
        for row in rows
    ]
    if options["json"]:
        command.stdout.write(json.dumps(entries, cls=DjangoJSONEncoder, ensure_ascii=False))
        return
    for entry in entries:
        case = f"\t#{entry['case']}" if entry["case"] else ""
        who = entry["user"] or "(system)"
        command.stdout.write(f"{entry['at']:%Y-%m-%d %H:%M:%S%z}\t{who}\t{entry['through']}{case}")


SUBCOMMANDS: dict[str, tuple[Callable[[Any], None], Handler]] = {
    "export": (_add_export, _export),
    "access-log": (_add_access_log, _access_log),
}


class Command(BaseCommand):
    help = "Privacy: export a customer's data, read who opened it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        for add, _handle in SUBCOMMANDS.values():
            add(commands)

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options["command"]][1](self, options)
