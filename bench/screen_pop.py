"""Screen pops at scale: identify() over a million customers, and newCall to the agent's pop.

    LYTTE_DATA_DIR=/tmp/lytte-popbench .venv/bin/lytte migrate
    LYTTE_DATA_DIR=/tmp/lytte-popbench .venv/bin/python bench/screen_pop.py --load
    LYTTE_DATA_DIR=/tmp/lytte-popbench .venv/bin/python bench/screen_pop.py

`--load` bulk-inserts 1,000,000 customers with 2,000,000 mobile numbers (Norway, Denmark,
Sweden, Finland; one household in a hundred shares a number) with raw executemany; it is a
benchmark fixture, not the way customers are created. Then it times:

- identify() in this process, for ~5,000 numbers written as callers' numbers arrive (national,
  +CC, 00CC, spaces, dashes, tel:), four in five of them known: median and p99;
- a real `lytte serve` on the same database, a WebSocket signed in as an agent, and ~200
  newCall events POSTed to /api/v1/cti/<token>: from just before the POST to the
  {"event": "pop"} frame (median, p95), the POST's own response time, and the GET of the pop
  card that desk.js makes next.

With LYTTE_DATABASE_URL (and LYTTE_REDIS_URL) set it runs on those. `--fresh-postgres` creates
that PostgreSQL database (dropping it first) and migrates it; `--drop-postgres` drops it at the
end. It prints figures; it is not a test.
"""

# ruff: noqa: S311 -- seeded pseudo-random numbers make reproducible fake data, not secrets
from __future__ import annotations

import argparse
import asyncio
import gc
import html
import http.client
import json
import os
import platform
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TARGET_IDENTIFY_P99_MS = 2.0
TARGET_POP_P95_MS = 50.0
FIRST = ("Åse", "Bjørn", "Kari", "Søren", "Mette", "Ærle", "Ingrid", "Lars", "Aino", "Väinö")
LAST = (
    *("Ødegård", "Sæther", "Bråten", "Kjærgaard", "Østergaard", "Åkesson", "Lindqvist"),
    *("Mäkinen", "Virtanen", "Nordmann", "Hansen", "Ærø-Åsen", "Sørensen"),
)
# Mobile ranges where every number is valid (checked with phonenumbers on a sample at load):
# country code, prefixes of the national number, its length.
RANGES = (
    ("47", ("41", "46", "47", "48", "90", "91", "92", "93", "94", "95", "97", "98"), 8),
    ("45", ("26", "27", "28"), 8),
    ("46", ("70", "72", "73", "76", "79"), 9),
    ("358", ("40", "41", "44", "45", "46", "50"), 9),
)
SHARED_EVERY = 100  # customer i with i % 100 == 1 shares their second number with customer i-1


def number(k: int) -> str:
    """The k-th number of the benchmark, in E.164; distinct for distinct k."""
    code, prefixes, length = RANGES[k % len(RANGES)]
    i = k // len(RANGES)
    prefix, j = prefixes[i % len(prefixes)], i // len(prefixes)
    space = 10 ** (length - len(prefix))
    return f"+{code}{prefix}{(j * 7919 + 4711) % space:0{length - len(prefix)}d}"


def customer_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"


def customer_numbers(i: int) -> tuple[str, str]:
    second = 2 * (i - 1) if i % SHARED_EVERY == 1 else 2 * i + 1
    return number(2 * i), number(second)


def main() -> None:
    options = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    if options.fresh_postgres:
        _postgres_database(create=True)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    try:
        if options.load:
            _load(options.customers)
        base = _first_customer_id()
        load = f"{os.getloadavg()[0]:.2f}"
        _print_machine()
        _bench_identify(base, options)
        _bench_pop(base, options)
        print(f"\nLoad average (1 min) at the start and the end: {load}, {os.getloadavg()[0]:.2f}")
    finally:
        if options.drop_postgres:
            _postgres_database(create=False)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", action="store_true", help="insert the customers first")
    parser.add_argument("--customers", type=int, default=1_000_000, help="how many to --load")
    parser.add_argument("--lookups", type=int, default=5_000, help="timed identify() calls")
    parser.add_argument("--calls", type=int, default=200, help="timed newCall events")
    parser.add_argument("--fresh-postgres", action="store_true", help="(re)create, migrate")
    parser.add_argument("--drop-postgres", action="store_true", help="drop it at the end")
    return parser.parse_args()


# Loading ------------------------------------------------------------------------------------


def _load(count: int) -> None:
    """Customers 0..count-1 with two numbers each, in transactions of 100,000 customers."""
    from django.db import connection, transaction

    from lytte.customers.models import Customer, fold

    if Customer.objects.exists():
        sys.exit("--load wants an empty database (after `lytte migrate`): it has customers.")
    _check_numbers(count)
    started = time.perf_counter()
    now = connection.ops.adapt_datetimefield_value(datetime.now(UTC))
    rng = random.Random(1)
    organizations = _load_organizations()
    chunk = 100_000
    for first in range(0, count, chunk):
        ids = range(first + 1, min(first + chunk, count) + 1)  # customer i has id i + 1
        customers, points = [], []
        for pk in ids:
            i = pk - 1
            name = customer_name(i)
            organization = organizations[i % len(organizations)] if i % 5 == 0 else None
            last = datetime.now(UTC) - timedelta(days=rng.randrange(2000)) if i % 3 else None
            last_at = connection.ops.adapt_datetimefield_value(last)
            customers.append((pk, name, fold(name), organization, "", last_at, now, now))
            points += [("phone", value, pk, False, now, "") for value in customer_numbers(i)]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO customers_customer (id, name, name_folded, organization_id, "
                "language, last_contact_at, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                customers,
            )
            cursor.executemany(
                "INSERT INTO customers_contactpoint (kind, value, customer_id, verified, "
                "created_at, failure) VALUES (%s, %s, %s, %s, %s, %s)",
                points,
            )
        print(f"  {ids[-1]:,} customers, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    _after_load()
    print(f"Loaded {count:,} customers in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _check_numbers(count: int) -> None:
    import phonenumbers

    from lytte.customers.addresses import normalise_phone

    # Denmark does not tell mobile from fixed line by the number.
    mobile = {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }

    sample = [number(k) for k in random.Random(2).sample(range(2 * count + 10_000), 5_000)]
    bad = [
        n
        for n in sample
        if not phonenumbers.is_valid_number(parsed := phonenumbers.parse(n))
        or phonenumbers.number_type(parsed) not in mobile
    ]
    if bad:
        sys.exit(f"Not valid mobile numbers: {bad[:5]}")
    if len({number(k) for k in range(200_000)}) != 200_000:
        sys.exit("number() gives the same number twice")
    unread = [f for n in sample[:500] for f in written_forms(n) if normalise_phone(f) != n]
    if unread:
        sys.exit(f"Written forms read as another number: {unread[:5]}")


def _load_organizations() -> list[int]:
    from lytte.customers.services import create_organization

    towns = ("Tromsø", "Århus", "Göteborg", "Jyväskylä", "Ålesund", "Odense", "Malmö", "Oulu")
    return [
        create_organization(name=f"{town} Kraft {n} AS").pk for town in towns for n in range(125)
    ]


def _after_load() -> None:
    """Settle the database before timing: write the loaded pages out (a checkpoint running
    during the timings would be measured too); on PostgreSQL also move the identity sequence
    past the explicit ids and gather planner statistics (autovacuum would, a little later)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('customers_customer', 'id'), "
            "(SELECT max(id) FROM customers_customer))"
        )
        for table in ("customer", "contactpoint", "organization"):
            cursor.execute(f"ANALYZE customers_{table}")
        cursor.execute("CHECKPOINT")  # the benchmark connects as a superuser (postgres)


def _first_customer_id() -> int:
    """The id of customer 0; refuses a database that --load has not filled."""
    from lytte.customers.models import ContactPoint

    point = ContactPoint.objects.filter(kind="phone", value=number(0)).first()
    if point is None or point.customer_id is None:
        sys.exit("No benchmark customers here: run with --load once (about 2-4 minutes).")
    return point.customer_id


# identify() ----------------------------------------------------------------------------------


def written_forms(e164: str) -> list[str]:
    """How PBXs and people write one number: +CC, 00CC, spaces, dashes, tel:, national at home."""
    import phonenumbers

    parsed = phonenumbers.parse(e164)
    spaced = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    forms = [e164, spaced, "00" + spaced[1:], "00" + e164[1:], spaced.replace(" ", "-")]
    forms.append("tel:" + spaced.replace(" ", "-"))
    if e164.startswith("+47"):  # national forms are read in LYTTE_DEFAULT_REGION, Norway
        forms += [
            e164[3:],
            phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL),
        ]
    return forms


def _lookups(base: int, customers: int, count: int) -> list[tuple[str, set[int]]]:
    """(written number, ids of the customers it must find): none for a stranger's number, two
    for a number a household shares."""
    rng = random.Random(3)
    lookups: list[tuple[str, set[int]]] = []
    while len(lookups) < count:
        if rng.random() < 0.8:
            i = rng.randrange(customers)
            e164 = customer_numbers(i)[0]
            shared = (i + 1) % SHARED_EVERY == 1 and i + 1 < customers
            expected = {base + i, base + i + 1} if shared else {base + i}
        else:  # numbers past the loaded ones: valid, distinct, nobody's
            e164, expected = number(2 * customers + rng.randrange(1_000_000)), set()
        lookups.append((rng.choice(written_forms(e164)), expected))
    return lookups


def _bench_identify(base: int, options: argparse.Namespace) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lytte.customers.addresses import normalise_phone
    from lytte.customers.models import Customer
    from lytte.customers.selectors import identify

    lookups = _lookups(base, Customer.objects.count(), options.lookups + 200)
    for address, _expected in lookups[:200]:  # warm up the caches
        identify(address)
    with CaptureQueriesContext(connection) as captured:
        identify(lookups[0][0])
    times, wrong = [], 0
    gc.collect()
    for address, expected in lookups[200:]:
        started = time.perf_counter()
        found = identify(address)
        times.append((time.perf_counter() - started) * 1000)
        wrong += {c.pk for c in found.customers} != expected
    known = sum(1 for _a, e in lookups[200:] if e)
    print(f"\n## identify(), {len(times):,} lookups ({known:,} known numbers), in-process")
    print(f"median {statistics.median(times):.3f} ms, p99 {_pct(times, 99):.3f} ms")
    print(f"(target p99 < {TARGET_IDENTIFY_P99_MS} ms: {_verdict(_pct(times, 99), 2.0)})")
    print(f"max {max(times):.2f} ms; queries per call: {len(captured)}; wrong answers: {wrong}")
    parsing = []
    for address, _expected in lookups[200:]:
        started = time.perf_counter()
        normalise_phone(address)
        parsing.append((time.perf_counter() - started) * 1000)
    print(
        f"of which reading the number (normalise_phone alone): median "
        f"{statistics.median(parsing):.3f} ms, p99 {_pct(parsing, 99):.3f} ms"
    )
    print("Forms, e.g.:", ", ".join(written_forms(number(0))))
    _print_plan(captured[0]["sql"])


def _print_plan(sql: str) -> None:
    from django.db import connection

    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql)
        rows = cursor.fetchall()
    print("Plan of its query:")
    for row in rows:
        print("   ", row[-1])


def _pct(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _verdict(value: float, target: float) -> str:
    return "met" if value < target else "MISSED"


# newCall to pop -----------------------------------------------------------------------------


def _bench_pop(base: int, options: argparse.Namespace) -> None:
    from lytte.customers.models import Customer
    from lytte.phone.models import Call

    agent, integration, token = _agent_and_pbx()
    data_dir = Path(os.environ.get("LYTTE_DATA_DIR") or Path.cwd() / "data")
    try:
        with _serving(data_dir) as (port, _pid):
            cookie = _session_cookie(agent)
            customers = Customer.objects.count()
            result = asyncio.run(_calls(port, cookie, token, customers, options.calls + 10))
        timed = result[10:]
        pks = dict(Call.objects.filter(integration=integration).values_list("call_id", "pk"))
        mismatched = sum(1 for r in result if pks.get(r["call_id"]) != r["pop_call"])
        _print_pop(timed, mismatched)
        _print_webhook_queries(token)
    finally:
        _clean_up(integration)


def _agent_and_pbx() -> tuple[Any, Any, str]:
    from lytte.accounts.models import Team, User
    from lytte.accounts.roles import Role
    from lytte.accounts.services import create_staff_user
    from lytte.phone.services import create_integration

    team, _created = Team.objects.get_or_create(name="Popbench")
    agent = User.objects.filter(username="popbench").first() or create_staff_user(
        username="popbench",
        password=secrets.token_urlsafe(16),
        role=Role.AGENT,
        first_name="Pål",
        last_name="Østby",
        teams=[team],
    )
    integration, token = create_integration(name=f"Popbench {time.time_ns()}", team=team)
    return agent, integration, token


def _session_cookie(agent: Any) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(agent)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@contextmanager
def _serving(data_dir: Path, log_name: str = "popbench-serve.log") -> Iterator[tuple[int, int]]:
    """A `lytte serve` on a free port (bench/pages.py uses it too); yields its port and pid."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    lytte = str(Path(sys.executable).with_name("lytte"))
    with (data_dir / log_name).open("w") as log:
        server = subprocess.Popen(  # noqa: S603 -- our own console script
            [lytte, "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"lytte serve did not start; see {data_dir / log_name}")
                time.sleep(0.2)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=15)


async def _calls(
    port: int, cookie: str, token: str, customers: int, count: int
) -> list[dict[str, Any]]:
    """One newCall at a time: POST it, wait for its pop on the agent's socket, fetch the card."""
    from websockets.asyncio.client import connect
    from websockets.typing import Origin

    rng = random.Random(4)
    http_pool = ThreadPoolExecutor(max_workers=1)
    web = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    loop = asyncio.get_running_loop()
    results = []
    url, origin = f"ws://127.0.0.1:{port}/ws/desk/", Origin(f"http://127.0.0.1:{port}")
    async with connect(url, origin=origin, additional_headers={"Cookie": cookie}) as socket_:
        for n in range(count):
            i = rng.randrange(customers)
            event = {
                "event": "newCall",
                "callId": f"popbench-{n}-{secrets.token_hex(4)}",
                "direction": "in",
                "from": rng.choice(written_forms(customer_numbers(i)[0])),
                "to": "+4721000000",
            }
            posting = loop.run_in_executor(http_pool, _post, web, token, event)
            frame = await _next_pop(socket_)
            popped = time.perf_counter()
            started, posted = await posting
            card_ms, card = await loop.run_in_executor(http_pool, _card, web, cookie, frame)
            if html.escape(customer_name(i)) not in card:
                sys.exit(f"The pop of call {frame['call']} does not name {customer_name(i)}")
            results.append(
                {
                    "call_id": event["callId"],
                    "pop_call": frame["call"],
                    "pop_ms": (popped - started) * 1000,
                    "post_ms": (posted - started) * 1000,
                    "card_ms": card_ms,
                }
            )
    http_pool.shutdown()
    return results


async def _next_pop(socket_: Any) -> dict[str, Any]:
    while True:
        frame = json.loads(await asyncio.wait_for(socket_.recv(), timeout=10))
        if frame.get("event") == "pop":
            return dict(frame)


def _post(
    web: http.client.HTTPConnection, token: str, event: dict[str, str]
) -> tuple[float, float]:
    body = json.dumps(event)
    started = time.perf_counter()
    web.request("POST", f"/api/v1/cti/{token}", body, {"Content-Type": "application/json"})
    response = web.getresponse()
    answer = response.read()
    posted = time.perf_counter()
    if response.status != 200:
        sys.exit(f"newCall answered {response.status}: {answer[:300]!r}")
    return started, posted


def _card(web: http.client.HTTPConnection, cookie: str, frame: dict[str, Any]) -> tuple[float, str]:
    started = time.perf_counter()
    web.request("GET", f"/desk/calls/{frame['call']}/pop/", headers={"Cookie": cookie})
    response = web.getresponse()
    body = response.read().decode("utf-8")
    if response.status != 200:
        sys.exit(f"GET pop card answered {response.status}")
    return (time.perf_counter() - started) * 1000, body


def _print_pop(timed: list[dict[str, Any]], mismatched: int) -> None:
    print(f"\n## newCall to pop, {len(timed)} calls one at a time (after 10 untimed), real server")
    for key, label in (("pop_ms", "POST to pop frame"), ("post_ms", "POST response")):
        values = [r[key] for r in timed]
        print(f"{label}: median {statistics.median(values):.1f} ms, p95 {_pct(values, 95):.1f} ms")
    pop_p95 = _pct([r["pop_ms"] for r in timed], 95)
    print(f"(target pop p95 < {TARGET_POP_P95_MS:.0f} ms: {_verdict(pop_p95, TARGET_POP_P95_MS)})")
    cards = [r["card_ms"] for r in timed]
    print(f"then GET pop card: median {statistics.median(cards):.1f} ms, p95 {_pct(cards, 95):.1f}")
    print(f"pops for another call than the one posted: {mismatched}")


def _print_webhook_queries(token: str) -> None:
    """The SQL of one newCall, through the same view in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    event = {"event": "newCall", "callId": "popbench-count", "direction": "in"}
    event |= {"from": customer_numbers(5)[0], "to": "+4721000000"}
    client = Client(HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/api/v1/cti/{token}", json.dumps(event), content_type="application/json"
        )
    print(
        f"SQL queries of one newCall (in-process, status {response.status_code}): {len(captured)}"
    )


def _clean_up(integration: Any) -> None:
    from lytte.phone.models import Call, CtiEvent

    CtiEvent.objects.filter(integration=integration).delete()
    Call.objects.filter(integration=integration).delete()
    integration.delete()


# The machine and the database ---------------------------------------------------------------


def _print_machine() -> None:
    import sqlite3

    from django.conf import settings
    from django.db import connection

    from lytte.customers.models import ContactPoint, Customer

    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.platform()}")
    print(f"CPUs: {os.cpu_count()}, memory {int(memory) / 2**20:.1f} GiB")
    print(f"Python {platform.python_version()}, SQLite library {sqlite3.sqlite_version}")
    print(
        f"Database: {_database()}; channel layer: {settings.CHANNEL_LAYERS['default']['BACKEND']}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM customers_contactpoint WHERE kind = 'phone'")
        phones = cursor.fetchone()[0]
    print(f"Data: {Customer.objects.count():,} customers, {phones:,} phone numbers")
    print(f"      ({ContactPoint.objects.count():,} contact points in all)")


def _database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite ({connection.settings_dict['NAME']})"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = str(cursor.fetchone()[0]).split(" on ")[0]
    return f"{version} (database {connection.settings_dict['NAME']})"


def _postgres_database(*, create: bool) -> None:
    """Drop the PostgreSQL database of LYTTE_DATABASE_URL, and create it again if asked."""
    import psycopg
    from django.db import connection, connections

    settings_dict = connection.settings_dict
    if connection.vendor != "postgresql":
        sys.exit("--fresh-postgres and --drop-postgres need a postgres:// LYTTE_DATABASE_URL.")
    connections.close_all()
    name = settings_dict["NAME"]
    with psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict["HOST"],
        port=settings_dict.get("PORT") or None,
        autocommit=True,
    ) as admin:
        quoted = psycopg.sql.Identifier(name)
        admin.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
        if create:
            admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(quoted))
    print(f"PostgreSQL database {name} {'created' if create else 'dropped'}", file=sys.stderr)


if __name__ == "__main__":
    main()
