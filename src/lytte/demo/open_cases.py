"""The busiest demo customers are busy, not absurd: at most MOST_CASES cases in the 90 days and
MOST_RECENT in the last RECENT_DAYS (the ones likely still open); past that, a case goes to a
customer with room. Without this, the busiest customer of the random mix had dozens of open
cases, which no real queue shows."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from lytte.demo.customers import DemoCustomer
from lytte.demo.timeline import Opening

# Cases younger than this may still be open (stories.STATUS_BY_AGE); older ones mostly are not.
RECENT_DAYS = 10
MOST_RECENT = 3
MOST_CASES = 40
ATTEMPTS = 20  # a tiny demo may have no customer left with room: then someone gets one more


def spread_recent_cases(
    rng: random.Random,
    who: Sequence[DemoCustomer],
    openings: Sequence[Opening],
    customers: Sequence[DemoCustomer],
) -> list[DemoCustomer]:
    """`who` (the customer of each opening), with the cases beyond a customer's share given to
    customers who have room."""
    recent: Counter[int] = Counter()
    total: Counter[int] = Counter()
    spread: list[DemoCustomer] = []
    for customer, opening in zip(who, openings, strict=True):
        is_recent = opening.days_ago < RECENT_DAYS
        for _attempt in range(ATTEMPTS):
            full = total[customer.pk] >= MOST_CASES
            if not full and not (is_recent and recent[customer.pk] >= MOST_RECENT):
                break
            customer = rng.choice(customers)
        total[customer.pk] += 1
        recent[customer.pk] += is_recent
        spread.append(customer)
    return spread
