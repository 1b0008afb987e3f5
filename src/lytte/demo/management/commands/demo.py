"""`lytte demo`: load realistic Nordic demo data and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lytte.demo.generate import (
    DEFAULT_CASES,
    DEFAULT_CUSTOMERS,
    DemoError,
    DemoSummary,
    check_size,
    demo_already_loaded,
    load_demo,
)
from lytte.demo.staff import demo_logins, logins_path
from lytte.insights.services import train_model


class Command(BaseCommand):
    help = (
        "Load demo data (staff, Nordic customers and organizations, cases and contacts over the "
        "last 90 days, a knowledge base) and print the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--customers",
            type=int,
            default=DEFAULT_CUSTOMERS,
            help="How many customers to load (default %(default)s).",
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            help="How many cases to load (default %(default)s).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="Seed for the random choices, to load the same data again.",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Load nothing if demo data (or any customer) is already there.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        customers: int = options["customers"]
        cases: int = options["cases"]
        try:
            check_size(customers, cases)
            if options["once"] and demo_already_loaded():
                self.stdout.write(_("The demo data is already loaded; nothing was added."))
            else:
                summary = load_demo(
                    customers=customers,
                    cases=cases,
                    seed=options["seed"],
                    progress=self.stdout.write,
                )
                self.stdout.write(self._summary(summary))
                if summary.articles:
                    self.stdout.write(
                        _("Loaded %(articles)s knowledge articles in %(languages)s languages.")
                        % {"articles": summary.articles, "languages": summary.languages}
                    )
                self.stdout.write(
                    _(
                        "Added %(clocks)s SLA clocks, %(surveys)s satisfaction surveys and "
                        "%(threads)s community threads."
                    )
                    % {
                        "clocks": f"{summary.clocks:,}",
                        "surveys": f"{summary.surveys:,}",
                        "threads": summary.threads,
                    }
                )
                # So the demo's reason picker suggests from a model, as a site with history does.
                self.stdout.write(train_model().message)
                call_command("insights", "rebuild", stdout=self.stdout)  # it was bulk-loaded
        except DemoError as error:
            raise CommandError(error.message) from None
        self._print_logins()

    def _summary(self, summary: DemoSummary) -> str:
        return _(
            "Loaded %(organizations)s organizations, %(customers)s customers, %(cases)s cases and "
            "%(contacts)s contacts in %(seconds).1f s (seed %(seed)s)."
        ) % {
            "organizations": f"{summary.organizations:,}",
            "customers": f"{summary.customers:,}",
            "cases": f"{summary.cases:,}",
            "contacts": f"{summary.contacts:,}",
            "seconds": summary.seconds,
            "seed": summary.seed,
        }

    def _print_logins(self) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write(_("There are no demo logins."))
            return
        if all(login.password for login in logins):
            self.stdout.write(_("Demo logins (also in %(path)s):") % {"path": logins_path()})
        else:
            self.stdout.write(_("Demo logins:"))
        for login in logins:
            password = login.password or _("(password not set by the demo)")
            self.stdout.write(f"  {login.username:<12} {password:<24} {login.role.label}")
