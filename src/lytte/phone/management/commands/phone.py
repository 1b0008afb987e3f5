from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError
from django.urls import reverse

from lytte.accounts.models import Team
from lytte.customers.addresses import InvalidAddress, normalise_phone
from lytte.phone.models import BlockedNumber
from lytte.phone.services import create_integration
from lytte.platform.public_url import add_base_url_option, base_url


class Command(BaseCommand):
    help = "Telephony: `integration create NAME [--team T] [--base-url URL]`, `block NUMBER`."

    def add_arguments(self, parser: CommandParser) -> None:
        groups = parser.add_subparsers(dest="group", required=True)
        integration = groups.add_parser("integration", help="CTI webhooks for PBXs.")
        actions = integration.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create one and print its URL, once.")
        create.add_argument("name")
        create.add_argument("--team", help="Team whose agents hear of calls nobody is named for.")
        add_base_url_option(create, "PBXs")
        block = groups.add_parser("block", help="Turn a caller away with busy.")
        block.add_argument("number")
        block.add_argument("--note", default="")

    def handle(self, *args: Any, group: str, **options: Any) -> None:
        if group == "block":
            self._block(options["number"], options["note"])
            return
        team = None
        if options["team"]:
            team = Team.objects.filter(name=options["team"]).first()
            if team is None:
                raise CommandError(f"There is no team called {options['team']!r}.")
        base = base_url(options["base_url"])
        try:
            integration, token = create_integration(name=options["name"], team=team)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except IntegrityError:
            raise CommandError(f"An integration called {options['name']!r} exists.") from None
        url = base + reverse("cti-webhook", args=[token])
        self.stdout.write(url)
        self.stderr.write(
            f"Point {integration.name}'s generic CTI (Zammad-compatible) webhook at this URL. "
            "It is shown only now: the token is stored hashed."
        )

    def _block(self, number: str, note: str) -> None:
        try:
            value = normalise_phone(number)
        except InvalidAddress as error:
            raise CommandError(error.message) from None
        BlockedNumber.objects.get_or_create(value=value, defaults={"note": note})
        self.stdout.write(f"{value} is blocked: the PBX is told to answer busy.")
