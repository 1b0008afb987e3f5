"""Insights at scale: the dashboards' data endpoints over two years of 1,000,000 cases and
3,000,000 contacts, read from the daily rollups.

    LYTTE_DATA_DIR=/tmp/lytte-insightsbench .venv/bin/lytte migrate
    LYTTE_DATA_DIR=/tmp/lytte-insightsbench .venv/bin/python bench/insights.py --load
    LYTTE_DATA_DIR=/tmp/lytte-insightsbench .venv/bin/python bench/insights.py

`--load` bulk-inserts 300,000 customers (one in five in one of 2,000 organizations), 1,000,000
cases over the last 730 days (11 reasons, 4 channels, 8 teams, weekday-heavy, most resolved
within days) and 3,000,000 customer contacts on them (raw executemany: a benchmark fixture,
not the way cases are written), then builds the rollups with `lytte insights rebuild`'s code
and prints how long that took. The timed run asks each endpoint `--repeat` times (default 30)
through django.test.Client in-process, as a supervisor: the director data for 12 weeks, one
year and two years, with a channel, a team, an organization and a reason filter; each export
(CSV and XLSX) for a year; the live panel; and prints median and p95. Target: p95 < 300 ms.
`--surveys` (after `--load`) adds a satisfaction survey to two in five resolved cases, a third
of them answered, one answer in four with a comment (issue 17), each by one of 40 agents (five
per team), and an NPS survey to one customer in ten, then builds the survey rollups with `lytte
feedback rebuild`'s code (decision 50); the timed run also asks the feedback page (12 weeks, a
year, a reason, a comment search) and its export. `--cases N` loads fewer cases (and customers
in proportion) for a small run on a shared machine.
With LYTTE_DATABASE_URL set it runs on that database. It prints figures; it is not a test.
"""

# ruff: noqa: S311 -- seeded pseudo-random numbers make reproducible fake data, not secrets
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

TARGET_P95_MS = 300.0
CUSTOMERS, CASES, CONTACTS, DAYS = 300_000, 1_000_000, 3_000_000, 730


def main() -> None:
    options = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    global CASES, CUSTOMERS
    if options.cases:
        CASES, CUSTOMERS = options.cases, max(options.cases * CUSTOMERS // CASES, 100)
    if options.load:
        _load()
        return
    if options.surveys:
        _load_surveys()
        return
    _bench(options.repeat)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--load", action="store_true", help="Load the data and build rollups.")
    parser.add_argument(
        "--surveys", action="store_true", help="Add satisfaction surveys to the loaded cases."
    )
    parser.add_argument("--repeat", type=int, default=30, help="Timed requests per endpoint.")
    parser.add_argument(
        "--cases", type=int, default=0, help=f"Cases to load (default {CASES:,}); with --load."
    )
    return parser.parse_args()


def _load() -> None:
    from django.db import connection, transaction

    from lytte.accounts.models import Team
    from lytte.cases.models import Case, ContactReason
    from lytte.customers.models import Organization, fold
    from lytte.insights.rollups import mark_all_stale, refresh_stale

    if Case.objects.exists():
        sys.exit("--load wants an empty database (after `lytte migrate`): it has cases.")
    rng = random.Random(1)
    started = time.perf_counter()
    adapt = connection.ops.adapt_datetimefield_value
    now = datetime.now(UTC)
    teams = [Team.objects.create(name=f"Team {n} Ærø").pk for n in range(8)]
    Organization.objects.bulk_create(
        Organization(name=f"Fjord {n} AS", name_folded=fold(f"Fjord {n} AS")) for n in range(2000)
    )
    organizations = list(Organization.objects.values_list("pk", flat=True))
    reasons = list(ContactReason.objects.values_list("pk", flat=True))
    weights = [30, 14, 12, 6, 16, 4, 9, 5, 2, 1, 1][: len(reasons)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO customers_customer (id, name, name_folded, organization_id, language, "
            "created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    pk,
                    f"Kunde {pk}",
                    f"kunde {pk}",
                    rng.choice(organizations) if pk % 5 == 0 else None,
                    "",
                    adapt(now),
                    adapt(now),
                )
                for pk in range(1, CUSTOMERS + 1)
            ],
        )
    print(f"  customers: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    contact_id = 0
    chunk = 100_000
    for first in range(0, CASES, chunk):
        cases, contacts = [], []
        for pk in range(first + 1, min(first + chunk, CASES) + 1):
            while True:
                created = now - timedelta(days=rng.random() * DAYS)
                if created.weekday() < 5 or rng.random() < 0.3:
                    break
            customer = rng.randrange(1, CUSTOMERS + 1)
            organization = None if customer % 5 else organizations[customer % len(organizations)]
            channel = rng.choices(["phone", "email", "chat", "web"], [45, 30, 20, 5])[0]
            responded = created + timedelta(seconds=rng.expovariate(1 / 7200))
            resolved = (
                created + timedelta(seconds=rng.expovariate(1 / 172800))
                if rng.random() < 0.9
                else None
            )
            if resolved and resolved > now:
                resolved = None
            cases.append(
                (
                    pk,
                    1000 + pk,
                    f"Sak {pk}",
                    "resolved" if resolved else "open",
                    "normal",
                    channel,
                    customer,
                    organization,
                    rng.choice(teams),
                    rng.choices(reasons, weights)[0],
                    adapt(created),
                    adapt(now),
                    adapt(min(responded, now)),
                    adapt(resolved),
                )
            )
            for n in range(2 + pk % 3):  # 2, 3 or 4: three on average
                contact_id += 1
                started_at = min(created + timedelta(hours=n * rng.random() * 48), now)
                contacts.append(
                    (contact_id, pk, customer, channel, "in", "", "", adapt(started_at), adapt(now))
                )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO cases_case (id, number, subject, status, priority, channel, "
                "customer_id, organization_id, team_id, reason_id, created_at, updated_at, "
                "first_response_at, "
                "resolved_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                cases,
            )
            cursor.executemany(
                "INSERT INTO cases_contact (id, case_id, customer_id, channel, direction, address, "
                "body, started_at, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                contacts,
            )
        so_far = time.perf_counter() - started
        print(
            f"  {first + chunk:,} cases, {contact_id:,} contacts: {so_far:.0f} s", file=sys.stderr
        )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_casenumbersequence SET last = %s WHERE id = 1", [1000 + CASES])
        if connection.vendor == "postgresql":
            for table in ("cases_case", "cases_contact", "customers_customer"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
                cursor.execute(f"ANALYZE {table}")
    loaded = time.perf_counter() - started
    print(f"Loaded {CASES:,} cases and {contact_id:,} contacts in {loaded:.0f} s")
    started = time.perf_counter()
    days = mark_all_stale()
    while refresh_stale(limit=1000):
        pass
    print(f"Rollups of {days} days built in {time.perf_counter() - started:.0f} s")


COMMENT_WORDS = (
    "fakturaen var feil og ingen svarte",
    "rask og hyggelig hjelp",
    "måtte vente lenge i telefonkø",
    "pakken kom aldri frem",
    "takk for god service",
    "leveringen var forsinket igjen",
    "vanskelig å finne svar på nettsiden",
    "kundeservice ringte meg tilbake",
)


def _load_surveys() -> None:
    from django.db import connection, transaction

    from lytte.accounts.models import Team, User
    from lytte.feedback.comments import comment_terms
    from lytte.feedback.models import Survey
    from lytte.feedback.rollups import rebuild

    if Survey.objects.exists():
        sys.exit("--surveys wants a database without surveys.")
    rng = random.Random(2)
    started = time.perf_counter()
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, customer_id, reason_id, channel, team_id, organization_id, resolved_at "
            "FROM cases_case "
            "WHERE status = 'resolved'"
        )
        resolved = [row for row in cursor.fetchall() if rng.random() < 0.4]
    agents: dict[int, list[int]] = {}
    for team in Team.objects.order_by("pk"):
        names = [f"bench-agent-{team.pk}-{n}" for n in range(5)]
        for name in names:
            User.objects.get_or_create(username=name, defaults={"first_name": name[6:]})
        agents[team.pk] = list(User.objects.filter(username__in=names).values_list("pk", flat=True))
    surveys, terms, term_id = [], [], 0
    for pk, (case, customer, reason, channel, team, org, resolved_at) in enumerate(resolved, 1):
        if isinstance(resolved_at, str):
            resolved_at = datetime.fromisoformat(resolved_at)
        sent = resolved_at + timedelta(hours=1)
        score = rng.choices([1, 2, 3, 4, 5], [8, 7, 10, 30, 45])[0] if rng.random() < 0.33 else None
        comment = ""
        if score is not None and rng.random() < 0.25:
            comment = " ".join(rng.sample(COMMENT_WORDS, 2))
            for term, word in comment_terms(comment, "nb").items():
                term_id += 1
                terms.append((term_id, pk, term, word))
        answered = adapt(sent + timedelta(hours=rng.random() * 48)) if score else None
        surveys.append(
            (
                pk,
                case,
                customer,
                "answered" if score else "sent",
                "",
                "email",
                adapt(sent),
                adapt(sent),
                "nb",
                reason,
                channel,
                team,
                org,
                rng.choice(agents[team]) if team in agents else None,
                score,
                answered,
                comment,
                adapt(sent),
            )
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO feedback_survey (id, case_id, customer_id, state, skipped_because, "
            "sent_by, send_after, sent_at, language, reason_id, channel, team_id, organization_id, "
            "agent_id, score, answered_at, comment, created_at) VALUES (%s, %s, %s, %s, %s, %s, "
            "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            surveys,
        )
        cursor.executemany(
            "INSERT INTO feedback_commentterm (id, survey_id, term, word) VALUES (%s, %s, %s, %s)",
            terms,
        )
        if connection.vendor == "postgresql":
            for table in ("feedback_survey", "feedback_commentterm"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
                cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    answered_count = sum(1 for row in surveys if row[14] is not None)
    print(
        f"Loaded {len(surveys):,} surveys ({answered_count:,} answered, {len(terms):,} comment "
        f"words) in {time.perf_counter() - started:.0f} s"
    )
    _load_nps(rng)
    started = time.perf_counter()
    days = rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE feedback_surveyday")
    print(f"Survey rollups of {days} days built in {time.perf_counter() - started:.0f} s")


def _load_nps(rng: random.Random) -> None:
    """One customer in ten asked for an NPS some time in the two years; a third answer."""
    from django.db import connection, transaction

    from lytte.feedback.services.nps import current_nps_question

    question = current_nps_question("nb").pk
    adapt = connection.ops.adapt_datetimefield_value
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, organization_id FROM customers_customer")
        asked = [row for row in cursor.fetchall() if rng.random() < 0.1]
    rows = []
    for pk, (customer, org) in enumerate(asked, 1):
        sent = now - timedelta(days=rng.random() * DAYS)
        score = rng.choices(range(11), [2, 1, 1, 2, 2, 4, 6, 12, 20, 25, 25])[0]
        answered = rng.random() < 0.33
        rows.append(
            (
                pk,
                customer,
                org,
                "nb",
                question,
                adapt(sent),
                adapt(sent),
                score if answered else None,
                "",
                adapt(sent + timedelta(hours=2)) if answered else None,
                "",
                adapt(sent),
            )
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO feedback_npssurvey (id, customer_id, organization_id, language, "
            "question_id, due_at, sent_at, score, comment, answered_at, skipped_because, "
            "created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('feedback_npssurvey', 'id'), "
                "(SELECT max(id) FROM feedback_npssurvey))"
            )
    print(f"Loaded {len(rows):,} NPS surveys")


def _bench(repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from lytte.accounts.models import Team, User
    from lytte.accounts.roles import Role
    from lytte.accounts.services import create_staff_user
    from lytte.cases.models import ContactReason
    from lytte.customers.models import Organization

    user = User.objects.filter(username="bench-supervisor").first() or create_staff_user(
        username="bench-supervisor",
        password="bench bench bench",  # noqa: S106 -- the benchmark's own throwaway login
        role=Role.SUPERVISOR,
        first_name="Bench",
        last_name="Ærø",
        teams=[],
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    today = timezone.localdate()
    year = {"from": (today - timedelta(days=364)).isoformat(), "to": today.isoformat()}
    two = {"from": (today - timedelta(days=729)).isoformat(), "to": today.isoformat()}
    team = Team.objects.order_by("pk").values_list("pk", flat=True).first()
    organization = Organization.objects.order_by("pk").values_list("pk", flat=True).first()
    invoice = ContactReason.objects.get(code="invoice").pk
    endpoints: list[tuple[str, str, dict[str, Any]]] = [
        ("director data, 12 weeks", "/insights/data/", {}),
        ("director data, 1 year", "/insights/data/", year),
        ("director data, 2 years", "/insights/data/", two),
        ("director data, 1 year, channel", "/insights/data/", {**year, "channel": "email"}),
        ("director data, 1 year, team", "/insights/data/", {**year, "team": team}),
        (
            "director data, 1 year, organization",
            "/insights/data/",
            {**year, "organization": organization},
        ),
        ("director data, 1 year, reason", "/insights/data/", {**year, "reason": invoice}),
        ("director page, 1 year", "/insights/", year),
        ("export weekly CSV, 1 year", "/insights/export/weekly.csv/", year),
        ("export top reasons XLSX, 1 year", "/insights/export/top-reasons.xlsx/", year),
        ("live panel", "/insights/live/panel/", {}),
    ]
    from lytte.feedback.models import Survey

    if Survey.objects.exists():
        endpoints += [
            ("feedback page, 12 weeks", "/insights/feedback/", {}),
            ("feedback page, 1 year", "/insights/feedback/", year),
            ("feedback page, 1 year, reason", "/insights/feedback/", {**year, "reason": invoice}),
            ("feedback page, 1 year, search", "/insights/feedback/", {**year, "q": "fakturaen"}),
            ("feedback answers CSV, 12 weeks", "/insights/feedback/export.csv/", {}),
        ]
    print(f"database: {connection.vendor}; {repeat} requests each after 3 untimed")
    print(f"{'endpoint':<40} {'median':>9} {'p95':>9}")
    worst = 0.0
    for label, url, params in endpoints:
        timings = []
        for attempt in range(repeat + 3):
            began = time.perf_counter()
            response = client.get(url, params)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            elapsed = (time.perf_counter() - began) * 1000
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
            if attempt >= 3:
                timings.append(elapsed)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        worst = max(worst, p95)
        print(f"{label:<40} {statistics.median(timings):>7.1f} ms {p95:>7.1f} ms")
    verdict = "met" if worst < TARGET_P95_MS else "MISSED"
    print(f"worst p95 {worst:.1f} ms (target < {TARGET_P95_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
