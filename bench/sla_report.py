"""SLA reporting (/insights/sla/, decision 0041) over a large target history: every figure the
page shows, timed, for the last 30 and 90 days. Run after bench/sla.py's `--load` on the same
database (it adds to its cases):

    LYTTE_DATA_DIR=/tmp/lytte-slabench .venv/bin/python bench/sla_report.py --load
    LYTTE_DATA_DIR=/tmp/lytte-slabench nice -n 10 .venv/bin/python bench/sla_report.py

`--load` bulk-inserts a stopped first response and resolution (met, or breached one time in
five) for each of the bench's cases, spread over the last 90 days, and a team, reason and
priority on the cases, then builds the report's daily rollups from them (`lytte sla rebuild`,
decision 0051: the bulk insert bypasses the services that keep them) and prints how long that
took. The timed run builds the page's figures the way the page does (`insights.sla`: totals,
five dimensions, times, breaches per day), `--repeat` times, and prints each query group's
time. With LYTTE_DATABASE_URL set it runs on that database. It prints figures; it is
not a test.
"""

# ruff: noqa: S311 -- seeded pseudo-random numbers make reproducible fake data, not secrets
from __future__ import annotations

import argparse
import os
import random
import time
from datetime import timedelta


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--load", action="store_true", help="insert the stopped targets")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each period")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    if options.load:
        _load()
    else:
        _bench(options.repeat)


def _load() -> None:
    from django.db import transaction
    from django.utils import timezone

    from lytte.accounts.models import Team
    from lytte.cases.models import Case, ContactReason
    from lytte.sla.models import CaseTarget, Outcome, Target

    random.seed(41)
    started = time.perf_counter()
    now = timezone.now()
    teams = [Team.objects.get_or_create(name=f"Bench team {n}")[0] for n in range(6)]
    reasons = [
        ContactReason.objects.get_or_create(code=f"bench-{n}", defaults={"name": f"Bench {n}"})[0]
        for n in range(20)
    ]
    with transaction.atomic():
        cases = list(Case.objects.filter(subject__startswith="Bench ").only("pk"))
        for index, team in enumerate(teams):
            Case.objects.filter(pk__in=[c.pk for c in cases[index :: len(teams)]]).update(
                team=team, reason=reasons[index % len(reasons)]
            )
        rows = []
        for case in cases:
            for target, limit in ((Target.FIRST_RESPONSE, 240), (Target.RESOLUTION, 1440)):
                start = now - timedelta(minutes=random.randrange(90 * 24 * 60))
                breached = random.random() < 0.2
                used = random.randrange(limit, 3 * limit) if breached else random.randrange(limit)
                stopped = start + timedelta(minutes=used * random.uniform(1, 3))
                row = CaseTarget(
                    case=case, target=target, target_seconds=limit * 60, started_at=start,
                    spent=timedelta(0), paused=timedelta(0), stopped_at=stopped,
                    outcome=Outcome.BREACHED if breached else Outcome.MET,
                    used=timedelta(minutes=used), over=timedelta(minutes=max(0, used - limit)),
                )  # fmt: skip
                if breached:
                    row.breach_announced_at = start + timedelta(minutes=limit)
                rows.append(row)
        CaseTarget.objects.bulk_create(rows, batch_size=5000)
    print(f"loaded {len(rows)} stopped targets in {time.perf_counter() - started:.1f} s")
    from lytte.sla.models import TargetDay
    from lytte.sla.rollups import rebuild

    begun = time.perf_counter()
    days = rebuild()
    print(
        f"rollups of {days} days ({TargetDay.objects.count()} rows) built in "
        f"{time.perf_counter() - begun:.1f} s"
    )


def _bench(repeat: int) -> None:
    from django.utils import timezone

    from lytte.insights import sla as page
    from lytte.sla import report

    today = timezone.localdate()
    for days in [30, 90] * repeat:
        scope = report.Scope(start=today - timedelta(days=days - 1), end=today)
        timings = {}
        started = time.perf_counter()
        page.attainment_tables(scope)
        timings["totals and five dimensions"] = time.perf_counter() - started
        begun = time.perf_counter()
        page.time_rows(scope)
        timings["times"] = time.perf_counter() - begun
        begun = time.perf_counter()
        page.breach_rows(scope, "day")
        timings["breaches per day"] = time.perf_counter() - begun
        total = time.perf_counter() - started
        counted = report.ended(scope).count()
        parts = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in timings.items())
        print(f"{days} days ({counted} targets ended): page figures in {total:.2f} s: {parts}")


if __name__ == "__main__":
    main()
