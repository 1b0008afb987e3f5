"""`lytte mail`: push mailboxes, fetching by hand, and filing again what failed."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.urls import reverse

from lytte.accounts.models import Team
from lytte.mail.fetch import FETCH_ERRORS, fetch_once
from lytte.mail.models import InboundMessage, Mailbox, Outcome
from lytte.mail.services import create_push_mailbox, file_message, file_pending
from lytte.platform.public_url import add_base_url_option, base_url


class Command(BaseCommand):
    help = "Manage mailboxes: create push endpoints, fetch now, file failed messages again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        inbound = commands.add_parser("inbound", help="Mailboxes a mail provider pushes to.")
        inbound_commands = inbound.add_subparsers(dest="inbound_command", required=True)
        create = inbound_commands.add_parser("create", help="Create one; prints its URL once.")
        create.add_argument("name")
        create.add_argument("--address", required=True, help="The address customers write to.")
        create.add_argument("--team", help="Name of the team whose queue gets its cases.")
        add_base_url_option(create, "mail providers")
        fetch = commands.add_parser("fetch", help="Fetch IMAP mailboxes once, now.")
        fetch.add_argument("--mailbox", help="Only this mailbox (by name).")
        commands.add_parser("refile", help="File again the messages that could not be filed.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "inbound":
            self._create_inbound(options)
        elif options["command"] == "fetch":
            self._fetch(options.get("mailbox"))
        else:
            self._refile()

    def _create_inbound(self, options: dict[str, Any]) -> None:
        team = None
        if options.get("team"):
            team = Team.objects.filter(name=options["team"]).first()
            if team is None:
                raise CommandError(f"There is no team called {options['team']!r}.")
        if Mailbox.objects.filter(name=options["name"].strip()).exists():
            raise CommandError(f"A mailbox called {options['name']!r} exists already.")
        base = base_url(options["base_url"])
        try:
            mailbox, token = create_push_mailbox(
                name=options["name"], address=options["address"], team=team
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        url = f"{base}{reverse('mail-inbound', args=[token])}"
        self.stdout.write(f"Mailbox {mailbox.name} <{mailbox.address}> created.")
        self.stdout.write("POST raw RFC 822 messages (Content-Type: message/rfc822) to:")
        self.stdout.write(url)
        self.stdout.write("The token is shown only now; keep the URL secret.")

    def _fetch(self, name: str | None) -> None:
        mailboxes = Mailbox.objects.filter(active=True).exclude(imap_host="")
        if name:
            mailboxes = mailboxes.filter(name=name)
            if not mailboxes.exists():
                raise CommandError(f"There is no active IMAP mailbox called {name!r}.")
        failed = False
        for mailbox in mailboxes:
            try:
                new = fetch_once(mailbox)
            except FETCH_ERRORS as error:
                failed = True
                self.stderr.write(f"{mailbox.name}: {error}")
                continue
            self.stdout.write(f"{mailbox.name}: {new} new message(s).")
        file_pending()
        if failed:
            raise CommandError("Some mailboxes could not be fetched.")

    def _refile(self) -> None:
        messages = InboundMessage.objects.filter(
            Q(outcome=Outcome.FAILED) | Q(processed_at__isnull=True)
        ).select_related("mailbox")
        filed = sum(file_message(m).processed_at is not None for m in messages)
        self.stdout.write(f"{filed} of {len(messages)} message(s) filed.")
