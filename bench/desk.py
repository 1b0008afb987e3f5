"""Server time of the desk and of /identify on the demo data: median and p95 per endpoint.

    LYTTE_DATA_DIR=/tmp/lytte-bench .venv/bin/python bench/desk.py

Requests go through django.test.Client in this process (no network, no server), signed in as
the demo agent or supervisor, after a warm-up; so a figure is the time Django takes for the
request: middleware, session, view, queries, template. It prints figures; it is not a test.
The database is only read, except for the two sign-ins (a session row each, removed at the end,
and the users' last_login).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from itertools import cycle, islice
from typing import Any, NoReturn

LOAD = (
    "LYTTE_DATA_DIR=/tmp/lytte-bench lytte migrate && "
    "LYTTE_DATA_DIR=/tmp/lytte-bench lytte demo --customers 100000 --cases 300000 --seed 1"
)
TARGET_MS = 50.0
NAMES = ("Hansen", "Virtanen", "Ødegård")


@dataclass(frozen=True)
class Probe:
    """One row of the table: requests to one or more paths, cycled, as one user."""

    label: str
    username: str
    paths: tuple[str, ...]
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Result:
    probe: Probe
    times_ms: list[float]
    queries: list[int]
    statuses: set[int]
    cpu_times_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return _p95(self.times_ms)


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    options = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    from django.db import connection

    users = _demo_users(options.min_cases)
    probes = [p for p in _probes() if options.only in p.label]
    _print_setting(options)
    load_before = os.getloadavg()[0]
    results = _run(probes, users, options)
    _print_table(results)
    print(f"\nLoad average before and after: {load_before:.2f}, {os.getloadavg()[0]:.2f}")
    if connection.vendor == "sqlite":
        wall = sum(sum(r.times_ms) for r in results)
        cpu = sum(sum(r.cpu_times_ms) for r in results)
        print(
            f"Wall time / CPU time of the timed requests: {wall / cpu:.2f} (SQLite works in this "
            "process: near 1.0, it had a CPU to itself; higher, other processes took turns)"
        )
    missed = [r.probe.label for r in results if r.p95 > TARGET_MS]
    if missed:
        print(f"\np95 over {TARGET_MS:.0f} ms (bold): {', '.join(missed)}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-cases", type=int, default=300_000, help="refuse below this")
    parser.add_argument("--repeat", type=int, default=100, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per row first")
    parser.add_argument(
        "--max-seconds", type=float, default=30.0, help="stop a row's timing after this long"
    )
    parser.add_argument("--only", default="", help="run only rows whose label contains this")
    parser.add_argument(
        "--reconnect",
        action="store_true",
        help="open a new database connection for every request, as `lytte serve` (ASGI) does",
    )
    return parser.parse_args()


def _refuse(reason: str) -> NoReturn:
    sys.exit(
        f"{reason}\nLoad the demo once (about 3 minutes; LYTTE_DATA_DIR chooses where), then run "
        f"this again with the same LYTTE_DATA_DIR:\n  {LOAD}"
    )


def _demo_users(min_cases: int) -> dict[str, Any]:
    from django.db import DatabaseError

    from lytte.accounts.models import User
    from lytte.cases.models import Case

    where = _database()
    try:
        cases = Case.objects.count()
        users = {u.username: u for u in User.objects.filter(username__in=["agent", "supervisor"])}
    except DatabaseError as error:
        _refuse(f"The database {where} has no Lytte tables ({error}).")
    if len(users) < 2:
        _refuse(f"The demo data is not loaded in {where}: it has no users agent and supervisor.")
    if cases < min_cases:
        _refuse(
            f"The demo data in {where} is smaller than asked: {cases:,} cases, "
            f"and --min-cases is {min_cases:,}."
        )
    return users


def _probes() -> list[Probe]:
    htmx = (("HX-Request", "true"),)
    number = _sample_case_number()
    probes = [
        Probe("desk (agent)", "agent", ("/desk/",)),
        Probe("desk ?queue=team (agent)", "agent", ("/desk/?queue=team",)),
        Probe("desk/counts (agent)", "agent", ("/desk/counts/",)),
        Probe("desk (supervisor)", "supervisor", ("/desk/",)),
        Probe("desk ?queue=team (supervisor)", "supervisor", ("/desk/?queue=team",)),
        Probe("desk/counts (supervisor)", "supervisor", ("/desk/counts/",)),
        Probe("desk ?team=busiest (supervisor)", "supervisor", (f"/desk/?team={_busiest_team()}",)),
        *(
            Probe(f"case, customer of {span} contacts", "agent", paths)
            for span, paths in _workspace_samples()
        ),
    ]
    terms = [*((f"name {n}", n) for n in NAMES), *_address_terms()]
    terms += [("case number", str(number)), *_subject_terms()]
    probes += [Probe(f"search {label}", "agent", (_search(q),), htmx) for label, q in terms]
    probes += [
        Probe(f"identify {label}", "agent", (_identify(a),)) for label, a in _identify_addresses()
    ]
    return probes


def _search(text: str) -> str:
    from urllib.parse import urlencode

    return "/desk/search/?" + urlencode({"q": text})


def _identify(address: str) -> str:
    from urllib.parse import urlencode

    return "/api/v1/identify?" + urlencode({"address": address})


def _busiest_team() -> int:
    from django.db.models import Count

    from lytte.cases.models import Case, Status

    return int(
        Case.objects.filter(status__in=[Status.NEW, Status.OPEN], team__isnull=False)
        .values_list("team_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "team_id")
        .values_list("team_id", flat=True)[0]
    )


def _workspace_samples(size: int = 10) -> list[tuple[str, tuple[str, ...]]]:
    """Cases the agent may open, of the customers with the most contacts (the demo's heaviest,
    with thousands), of customers ranked 100th-400th (a hundred or two) and of some with one."""
    from django.db.models import Count, Q

    from lytte.accounts.models import User
    from lytte.cases.models import Case, Contact

    agent = User.objects.get(username="agent")
    teams = list(agent.teams.values_list("pk", flat=True))
    workable = Q(team__in=teams) | Q(team__isnull=True) | Q(assignee=agent)
    per_customer = dict(
        Contact.objects.filter(customer__isnull=False)
        .values_list("customer_id")
        .annotate(n=Count("pk"))
        .values_list("customer_id", "n")
    )
    ranked = sorted(per_customer, key=lambda pk: (-per_customer[pk], pk))
    groups = []
    for customers in (ranked[:200], ranked[100:400], ranked[-2000:]):
        numbers = dict(
            Case.objects.filter(workable, customer__in=customers)
            .order_by("customer_id", "-number")
            .values_list("customer_id", "number")
        )
        chosen = sorted(numbers, key=customers.index)[:size]
        if not chosen:
            continue
        counts = sorted({per_customer[pk] for pk in chosen})
        span = f"{counts[0]}" if counts[0] == counts[-1] else f"{counts[0]}-{counts[-1]}"
        groups.append((span, tuple(f"/desk/cases/{numbers[pk]}/" for pk in chosen)))
    return groups


def _sample_case_number() -> int:
    from lytte.cases.models import Case

    numbers = Case.objects.order_by("number").values_list("number", flat=True)
    return int(numbers[Case.objects.count() // 2])


def _address_terms() -> list[tuple[str, str]]:
    from lytte.customers.addresses import AddressKind, format_phone
    from lytte.customers.models import ContactPoint

    customers = ContactPoint.objects.filter(customer__isnull=False).order_by("pk")
    phone = customers.filter(kind=AddressKind.PHONE, value__startswith="+47").first()
    email = customers.filter(kind=AddressKind.EMAIL).last()
    terms = []
    if phone is not None:
        terms.append(("phone (national form)", format_phone(phone.value)))
    if email is not None:
        terms.append(("email", email.value))
    return terms


def _subject_terms() -> list[tuple[str, str]]:
    """Two words of the most common subject that has two (many matches), two words of a rare
    subject (few: most cases are scanned), and a word in no subject (all are)."""
    from django.db.models import Count

    from lytte.cases.models import Case

    subjects = list(
        Case.objects.exclude(subject="")
        .values_list("subject")
        .annotate(n=Count("pk"))
        .order_by("-n", "subject")
        .values_list("subject", flat=True)
    )
    pairs = [words[:2] for s in subjects if len(words := [w for w in s.split() if len(w) > 2]) > 1]
    terms = []
    if pairs:
        terms += [
            ("subject words", " ".join(pairs[0])),
            ("subject words, rare", " ".join(pairs[-1])),
        ]
    return [*terms, ("subject, no match", "zebrafinch")]


def _identify_addresses() -> list[tuple[str, str]]:
    """What a PBX sends: a known caller (E.164), a number shared by a household, a stranger."""
    from django.db.models import Count

    from lytte.customers.addresses import AddressKind
    from lytte.customers.models import ContactPoint

    phones = ContactPoint.objects.filter(kind=AddressKind.PHONE, customer__isnull=False)
    known = phones.order_by("pk").values_list("value", flat=True).first()
    shared = (
        phones.values_list("value")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("value")
        .values_list("value", flat=True)
        .first()
    )
    email = (
        ContactPoint.objects.filter(kind=AddressKind.EMAIL, customer__isnull=False)
        .order_by("pk")
        .values_list("value", flat=True)
        .first()
    )
    addresses = [("known caller", known), ("shared number", shared), ("email", email)]
    return [(label, a) for label, a in addresses if a] + [("unknown caller", "+4799999999")]


def _run(probes: list[Probe], users: dict[str, Any], options: argparse.Namespace) -> list[Result]:
    from django.test import Client

    clients = {}
    for username, user in users.items():
        clients[username] = Client(HTTP_HOST="localhost")
        clients[username].force_login(user)
    try:
        return [_measure(clients[p.username], p, options) for p in probes]
    finally:
        for client in clients.values():
            client.logout()


def _measure(client: Any, probe: Probe, options: argparse.Namespace) -> Result:
    """Warm up, count each path's queries once, then time up to --repeat requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = dict(probe.headers)

    def request(path: str) -> int:
        response = client.get(path, headers=headers)
        return int(response.status_code)

    statuses = {request(path) for path in islice(cycle(probe.paths), options.warmup)}
    queries = []
    for path in probe.paths:
        with CaptureQueriesContext(connection) as captured:
            statuses.add(request(path))
        queries.append(len(captured))
    times, cpu_times = [], []
    gc.collect()
    deadline = time.perf_counter() + options.max_seconds
    for path in islice(cycle(probe.paths), options.repeat):
        if options.reconnect:
            connection.close()
        started, cpu_started = time.perf_counter(), time.process_time()
        statuses.add(request(path))
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        if time.perf_counter() > deadline:
            break
    print(f"  {probe.label}: {len(times)} requests", file=sys.stderr)
    return Result(probe, times, queries, statuses, cpu_times)


def _print_setting(options: argparse.Namespace) -> None:
    from lytte.cases.models import Case, Contact
    from lytte.customers.models import Customer

    print(f"Database: {_database()}")
    print(
        f"Data: {Customer.objects.count():,} customers, {Case.objects.count():,} cases, "
        f"{Contact.objects.count():,} contacts"
    )
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"{options.warmup} warm-up and up to {options.repeat} timed requests per row; "
        + (
            "a new database connection for each request\n"
            if options.reconnect
            else "the database connection kept between requests\n"
        )
    )


def _database() -> str:
    from django.db import DatabaseError, connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            version = str(cursor.fetchone()[0]).split(" on ")[0]
    except DatabaseError:
        version = connection.display_name
    return f"{version} (database {connection.settings_dict['NAME']})"


def _print_table(results: list[Result]) -> None:
    """A Markdown table, to paste into docs/benchmarks.md as it is. "p95 CPU" is this process's
    CPU time: on SQLite, the server time less waiting for a CPU that other processes held."""
    print("| endpoint | n | median ms | p95 ms | p95 CPU ms | queries | status |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        queries = "-".join(str(q) for q in sorted({min(r.queries), max(r.queries)}))
        status = ",".join(str(s) for s in sorted(r.statuses))
        p95 = f"**{r.p95:.1f}**" if r.p95 > TARGET_MS else f"{r.p95:.1f}"
        print(
            f"| {r.probe.label} | {len(r.times_ms)} | {r.median:.1f} | {p95} "
            f"| {_p95(r.cpu_times_ms):.1f} | {queries} | {status} |"
        )
    print("\nPaths (first three of each row):")
    for r in results:
        print(f"  {r.probe.label}: {' '.join(r.probe.paths[:3])}")


if __name__ == "__main__":
    main()
