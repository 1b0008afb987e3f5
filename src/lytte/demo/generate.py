"""Load the demo: teams and staff, Nordic organizations and customers, cases with their
contacts over the last 90 days, and the help centre's knowledge base, all in one transaction.

The bulk rows are written with bulk_create, not through the services: a service call per row
would take hours for a benchmark-sized demo, and demo rows need no audit trail or push.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.cases.models import Case, Contact, Direction
from lytte.customers.models import Customer
from lytte.demo.cases import CaseWriter
from lytte.demo.channels import ensure_demo_mailbox, ensure_demo_widget, load_calls
from lytte.demo.community import load_community
from lytte.demo.customers import (
    DemoCustomer,
    TakenAddresses,
    demo_fakers,
    load_customers,
    load_organizations,
)
from lytte.demo.feedback import load_feedback
from lytte.demo.knowledge import load_knowledge
from lytte.demo.reasons import ReasonPicker, ensure_sub_reasons
from lytte.demo.service_levels import load_service_levels
from lytte.demo.staff import Staffing, ensure_staff
from lytte.demo.timeline import CaseClock

DEFAULT_CUSTOMERS = 400
DEFAULT_CASES = 1500
REPORT_PROGRESS_FROM = 10_000  # rows; smaller loads finish before anyone wonders


class DemoError(Exception):
    """The demo cannot be loaded as asked; the message says why, for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    organizations: int
    customers: int
    cases: int
    contacts: int
    seconds: float
    articles: int = 0  # knowledge articles this load added
    languages: int = 0  # the languages they are written in
    clocks: int = 0  # SLA targets on the cases
    surveys: int = 0  # satisfaction surveys sent
    threads: int = 0  # community threads


def check_size(customers: int, cases: int) -> None:
    if customers < 0:
        raise DemoError(_("The number of customers cannot be negative."))
    if cases < 0:
        raise DemoError(_("The number of cases cannot be negative."))
    if cases and not customers:
        raise DemoError(_("Cases need customers: load at least one customer with the cases."))


def demo_already_loaded() -> bool:
    return User.objects.filter(username="admin").exists() or Customer.objects.exists()


def _progress_counter(
    report: Callable[[str], None], label: str, total: int
) -> Callable[[int], None]:
    """Reports every tenth of a big load: "Cases: 30,000 of 300,000"."""
    step = max(1, total // 10)
    reported = [0]

    def count(done: int) -> None:
        if total >= REPORT_PROGRESS_FROM and (done - reported[0] >= step or done == total):
            reported[0] = done
            report(
                _("%(what)s: %(done)s of %(total)s")
                % {"what": label, "done": f"{done:,}", "total": f"{total:,}"}
            )

    return count


def _settle_timestamps(first_customer: int | None, first_case: int | None) -> None:
    """Give the new rows the times their story says, not the moment they were written."""
    if first_customer is not None:
        contacts = Contact.objects.filter(customer=OuterRef("pk")).exclude(
            direction=Direction.INTERNAL
        )
        Customer.objects.filter(pk__gte=first_customer).update(
            last_contact_at=Subquery(contacts.order_by("-started_at").values("started_at")[:1]),
            created_at=Coalesce(
                Subquery(contacts.order_by("started_at").values("started_at")[:1]), F("created_at")
            ),
        )
    if first_case is not None:
        latest = Contact.objects.filter(case=OuterRef("pk")).order_by("-started_at")
        Case.objects.filter(pk__gte=first_case).update(
            updated_at=Coalesce(
                F("closed_at"),
                F("resolved_at"),
                Subquery(latest.values("started_at")[:1]),
                F("created_at"),
            )
        )
        Contact.objects.filter(case_id__gte=first_case).update(
            created_at=Coalesce(F("ended_at"), F("started_at"))
        )


def _phone_and_mail(seed: int, staffing: Staffing, first_case: int) -> None:
    """The calls behind the phone contacts, a mailbox to answer email cases from and the
    portal's chat widget, so the call log, replies and chat work in the demo. Its own random
    stream: a seed still gives the same cases."""
    load_calls(random.Random(seed + 1), first_case)
    ensure_demo_mailbox(staffing.teams["service"])
    ensure_demo_widget(staffing.teams["service"])


@dataclass(frozen=True)
class Around:
    """What the demo adds around its cases: service levels, feedback and the community."""

    clocks: int
    surveys: int
    threads: int


def _around_the_cases(
    seed: int, staffing: Staffing, people: list[DemoCustomer], first_case: int
) -> Around:
    """Calendars, SLA policies and the cases' clocks; surveys and an NPS programme; the
    community. Each has its own random stream: a seed still gives the same cases."""
    supervisor = User.objects.filter(username="supervisor").first()
    levels = load_service_levels(staffing.teams, first_case)
    feedback = load_feedback(seed, first_case, people, supervisor)
    community = load_community(seed, people, supervisor)
    return Around(levels.clocks, feedback.surveys, community.threads)


def load_demo(
    *,
    customers: int = DEFAULT_CUSTOMERS,
    cases: int = DEFAULT_CASES,
    seed: int | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoSummary:
    """Load demo data; the same seed gives the same data (relative to the day it is loaded)."""
    check_size(customers, cases)
    started = time.monotonic()
    seed = secrets.randbelow(2**31) if seed is None else seed
    rng = random.Random(seed)
    with transaction.atomic():
        staffing = ensure_staff()
        ensure_sub_reasons()
        reasons = ReasonPicker(rng)
        if cases and not reasons.reasons:
            raise DemoError(_("There are no active contact reasons to give the demo cases."))
        if cases and not all(staffing.handlers.values()):
            raise DemoError(_("There are no active agents to work the demo cases."))
        taken = TakenAddresses.from_database()
        fakers = demo_fakers(seed)
        organizations = load_organizations(rng, fakers, customers, taken)
        people = load_customers(
            rng,
            fakers,
            customers,
            organizations,
            taken,
            _progress_counter(progress, _("Customers"), customers),
        )
        writer = CaseWriter(rng, CaseClock(rng, timezone.now()), staffing, reasons)
        first_case = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        load = writer.write(cases, people, _progress_counter(progress, _("Cases"), cases))
        _phone_and_mail(seed, staffing, first_case + 1)
        _settle_timestamps(people[0].pk if people else None, first_case + 1 if load.cases else None)
        knowledge = load_knowledge(seed=seed, customers=people)
        around = _around_the_cases(seed, staffing, people, first_case + 1)
    return DemoSummary(
        seed=seed,
        organizations=sum(len(orgs) for orgs in organizations.values()),
        customers=len(people),
        cases=load.cases,
        contacts=load.contacts,
        seconds=time.monotonic() - started,
        articles=knowledge.articles,
        languages=len(knowledge.languages),
        clocks=around.clocks,
        surveys=around.surveys,
        threads=around.threads,
    )
