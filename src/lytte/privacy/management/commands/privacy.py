"""`lytte privacy`: the data subject's rights and data retention from the command line: export
a customer's data, read who opened it, erase a customer, legal holds, retention.

Each subcommand is a pair of self-contained functions (arguments, handler) in SUBCOMMANDS."""

from __future__ import annotations

import json
import shutil
import sys
from argparse import ArgumentParser, _SubParsersAction
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from lytte.audit.selectors import access_log
from lytte.cases.models import Case
from lytte.customers.models import Customer
from lytte.privacy.export import export_customer
from lytte.privacy.models import LegalHold
from lytte.privacy.retention import KINDS
from lytte.privacy.services import (
    erase_customer,
    holds_on,
    place_hold,
    release_hold,
    run_retention,
)

if TYPE_CHECKING:
    Subparsers = _SubParsersAction[ArgumentParser]


def _customer(customer_id: int) -> Customer:
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise CommandError(f"There is no customer with id {customer_id}.")
    return customer


def _add_export(commands: Subparsers) -> None:
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


def _add_access_log(commands: Subparsers) -> None:
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


def _add_erase(commands: Subparsers) -> None:
    erase = commands.add_parser("erase", help="Erase a customer (reports keep their figures).")
    erase.add_argument("customer_id", type=int, metavar="CUSTOMER_ID")
    erase.add_argument("--reason", required=True, help="Why (kept in the audit trail).")
    erase.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")


def _erase(command: BaseCommand, options: dict[str, Any]) -> None:
    customer = Customer.objects.filter(pk=options["customer_id"]).first()
    if customer is None:
        raise CommandError(f"There is no customer {options['customer_id']}.")
    for hold in holds_on(customer):
        command.stderr.write(f"Legal hold {hold.pk}: {hold.reason}")
    if not options["yes"]:
        if not sys.stdin.isatty():
            raise CommandError("Add --yes to erase without a terminal to confirm on.")
        answer = input(
            f"Erase customer {customer.pk} ({customer.name})? It cannot be undone. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            raise CommandError("Nothing was erased.")
    try:
        erase_customer(customer=customer, erased_by=None, reason=options["reason"])
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error
    command.stdout.write(f"Customer {customer.pk} erased.")


def _add_hold(commands: Subparsers) -> None:
    hold = commands.add_parser("hold", help="Legal holds: keep a customer's or a case's data.")
    actions = hold.add_subparsers(dest="hold_command", required=True)
    place = actions.add_parser("place", help="Place a hold.")
    target = place.add_mutually_exclusive_group(required=True)
    target.add_argument("--customer", type=int, help="Customer id.")
    target.add_argument("--case", type=int, help="Case number.")
    place.add_argument("--reason", required=True, help="Why the data must be kept.")
    release = actions.add_parser("release", help="Release a hold.")
    release.add_argument("hold_id", type=int, metavar="HOLD_ID")
    actions.add_parser("list", help="List the holds in force.")


def _hold(command: BaseCommand, options: dict[str, Any]) -> None:
    action = options["hold_command"]
    if action == "list":
        for hold in LegalHold.objects.active():
            command.stdout.write(f"{hold.pk}\t{hold}\t{hold.placed_at:%Y-%m-%d}")
        return
    if action == "release":
        found = LegalHold.objects.filter(pk=options["hold_id"]).first()
        if found is None:
            raise CommandError(f"There is no legal hold {options['hold_id']}.")
        release_hold(hold=found, released_by=None)
        command.stdout.write(f"Legal hold {found.pk} released.")
        return
    target: dict[str, Any] = {}
    if options["customer"] is not None:
        target["customer"] = Customer.objects.filter(pk=options["customer"]).first()
    else:
        target["case"] = Case.objects.filter(number=options["case"]).first()
    if None in target.values():
        raise CommandError("There is no such customer or case.")
    try:
        placed = place_hold(reason=options["reason"], placed_by=None, **target)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error
    command.stdout.write(f"Legal hold {placed.pk} placed.")


def _add_retention(commands: Subparsers) -> None:
    retention = commands.add_parser("retention", help="Purge what is past its retention age.")
    retention.add_argument(
        "--dry-run", action="store_true", help="Only count what would be purged."
    )


def _retention(command: BaseCommand, options: dict[str, Any]) -> None:
    run = run_retention(dry_run=options["dry_run"])
    verb = "would purge" if run.dry_run else "purged"
    for line in run.report:
        label = str(KINDS[line["kind"]].label) if line["kind"] in KINDS else line["kind"]
        if not line["days"]:
            command.stdout.write(f"{label}: kept for ever")
            continue
        count = line["rows"] if run.dry_run else line["purged"]
        command.stdout.write(
            f"{label}: {verb} {count} (older than {line['days']} days, before {line['cutoff']})"
        )


SUBCOMMANDS: dict[
    str, tuple[Callable[[Subparsers], None], Callable[[BaseCommand, dict[str, Any]], None]]
] = {
    "export": (_add_export, _export),
    "access-log": (_add_access_log, _access_log),
    "erase": (_add_erase, _erase),
    "hold": (_add_hold, _hold),
    "retention": (_add_retention, _retention),
}


class Command(BaseCommand):
    help = (
        "Privacy: export a customer's data, read who opened it, erase a customer, place and "
        "release legal holds, run data retention."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        for add, _handle in SUBCOMMANDS.values():
            add(commands)

    def handle(self, *args: Any, **options: Any) -> None:
        _add, handle = SUBCOMMANDS[options["command"]]
        handle(self, options)
