"""SLA due times after a calendar change: recompute every running clock of 100,000 open cases
(two clocks each: first response and resolution) on one business calendar, as the worker does
after CalendarChanged. Target: < 60 s.

    LYTTE_DATA_DIR=/tmp/lytte-slabench .venv/bin/lytte migrate
    LYTTE_DATA_DIR=/tmp/lytte-slabench .venv/bin/python bench/sla.py --load
    LYTTE_DATA_DIR=/tmp/lytte-slabench nice -n 10 .venv/bin/python bench/sla.py

    LYTTE_DATA_DIR=/tmp/lytte-slabench nice -n 10 .venv/bin/python bench/sla.py --policy-switch

`--load` bulk-inserts an Oslo calendar (Monday to Friday 08:00-11:30 and 12:00-16:00, Norway's
holidays and eves), a policy in business time (first response 4 hours, resolution 3 days) and
`--cases` open cases created over the last 30 days with their clocks (bulk_create: a fixture,
not the way cases are opened; a fifth of them pending, so paused). The timed run changes the
calendar's hours through the service (so CalendarChanged queues the recompute, as in real
life) and runs the worker's `recompute_changed`, then prints the time, the clocks per second
and how many due times moved. With LYTTE_DATABASE_URL set it runs on that database. It prints
figures; it is not a test.

`--policy-switch` times the other path: the admin points the policy to another calendar
("Bench Bergen", Monday to Friday 07:00-15:00, created on the first run; each run switches
between the two), which queues a `CalendarSwitch` as the policy admin does, and the worker's
`switch_requested` moves every running clock to it, keeping the business time used.
"""

# ruff: noqa: S311 -- seeded pseudo-random numbers make reproducible fake data, not secrets
from __future__ import annotations

import argparse
import os
import random
import time
from datetime import time as clock_time
from datetime import timedelta

TARGET_SECONDS = 60.0
LUNCH = ((clock_time(8), clock_time(11, 30)), (clock_time(12), clock_time(16)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--load", action="store_true", help="insert the cases and clocks")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument(
        "--policy-switch", action="store_true", help="time moving the clocks to a new calendar"
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    if options.load:
        _load(options.cases)
    elif options.policy_switch:
        _bench_switch()
    else:
        _bench()


def _load(count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from lytte.accounts.models import User
    from lytte.cases.models import Case, CaseNumberSequence, Channel, Status
    from lytte.sla import services, targets
    from lytte.sla.models import CaseTarget, Policy, Target

    random.seed(18)
    admin = User.objects.filter(is_superuser=True).first()
    started = time.perf_counter()
    calendar = services.create_calendar(by=admin, name="Bench Oslo", country="NO")
    services.set_week(by=admin, calendar=calendar, week=dict.fromkeys(range(5), LUNCH))
    policy = Policy.objects.create(
        name="Bench", calendar=calendar, first_response_minutes=240, resolution_minutes=3 * 480
    )
    now = timezone.now()
    first = (CaseNumberSequence.objects.values_list("last", flat=True).first() or 1000) + 1
    with transaction.atomic():
        cases = Case.objects.bulk_create(
            (
                Case(
                    number=first + index,
                    subject=f"Bench {index}",
                    channel=random.choice([Channel.EMAIL, Channel.PHONE, Channel.CHAT]),
                    status=Status.PENDING if index % 5 == 0 else Status.OPEN,
                    created_at=now - timedelta(minutes=random.randrange(30 * 24 * 60)),
                )
                for index in range(count)
            ),
            batch_size=5000,
        )
        CaseNumberSequence.objects.update(last=first + count)
        measure = targets.measure_of(calendar.pk)
        rows = []
        for case in cases:
            for target, minutes in ((Target.FIRST_RESPONSE, 240), (Target.RESOLUTION, 1440)):
                row = CaseTarget(
                    case=case, target=target, policy=policy, calendar=calendar,
                    warn_percent=80, started_at=case.created_at, spent=timedelta(0),
                    paused=timedelta(0),
                )  # fmt: skip
                state = targets.clock.start(timedelta(minutes=minutes), case.created_at)
                if case.status == Status.PENDING:
                    state = targets.clock.pause(state, measure, case.created_at)
                targets.put(row, state, measure, now)
                rows.append(row)
        CaseTarget.objects.bulk_create(rows, batch_size=5000)
    print(f"loaded {count} cases, {len(rows)} clocks in {time.perf_counter() - started:.1f} s")


def _bench() -> None:
    from lytte.accounts.models import User
    from lytte.sla import services
    from lytte.sla.models import CaseTarget, Outcome
    from lytte.sla.selectors import calendars
    from lytte.sla.worker import recompute_changed

    calendar = calendars().get(name="Bench Oslo")
    admin = User.objects.filter(is_superuser=True).first()
    running = CaseTarget.objects.filter(calendar=calendar, outcome=Outcome.RUNNING)
    before = dict(running.values_list("pk", "due_at"))
    late = random.choice([clock_time(16, 30), clock_time(17)])
    hours = ((clock_time(8), clock_time(11, 30)), (clock_time(12), late))
    services.set_week(by=admin, calendar=calendar, week=dict.fromkeys(range(5), hours))
    started = time.perf_counter()
    done = recompute_changed()
    seconds = time.perf_counter() - started
    after = dict(running.values_list("pk", "due_at"))
    moved = sum(1 for pk, due in after.items() if due != before.get(pk))
    paused = sum(1 for due in after.values() if due is None)
    verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
    print(f"recomputed {done} running clocks in {seconds:.1f} s ({done / seconds:,.0f}/s)")
    print(f"due times moved: {moved}; paused (no due time): {paused}")
    print(f"target < {TARGET_SECONDS:.0f} s: {verdict}")


def _bench_switch() -> None:
    from lytte.accounts.models import User
    from lytte.sla import services
    from lytte.sla.models import Calendar, CaseTarget, Outcome, Policy
    from lytte.sla.worker import request_switch, switch_requested

    policy = Policy.objects.get(name="Bench")
    other = Calendar.objects.filter(name="Bench Bergen").first()
    if other is None:
        admin = User.objects.filter(is_superuser=True).first()
        other = services.create_calendar(by=admin, name="Bench Bergen", country="NO")
        day = ((clock_time(7), clock_time(15)),)
        services.set_week(by=admin, calendar=other, week=dict.fromkeys(range(5), day))
    new = other if policy.calendar_id != other.pk else Calendar.objects.get(name="Bench Oslo")
    running = CaseTarget.objects.filter(policy=policy, outcome=Outcome.RUNNING)
    before = dict(running.values_list("pk", "due_at"))
    policy.calendar = new
    policy.save(update_fields=["calendar", "updated_at"])
    request_switch()  # as the policy admin does when the calendar changed
    started = time.perf_counter()
    done = switch_requested()
    seconds = time.perf_counter() - started
    after = dict(running.values_list("pk", "due_at"))
    moved = sum(1 for pk, due in after.items() if due != before.get(pk))
    verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
    print(f"moved {done} running clocks to {new.name} in {seconds:.1f} s ({done / seconds:,.0f}/s)")
    print(f"due times moved: {moved}; on {new.name} now: {running.filter(calendar=new).count()}")
    print(f"target < {TARGET_SECONDS:.0f} s (100,000 cases): {verdict}")


if __name__ == "__main__":
    main()
