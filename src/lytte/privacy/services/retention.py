"""Running the retention policies: each kind past its age is purged (or, in a dry run, counted),
legal holds excepted, and the run is recorded and audited."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lytte.audit.services import record
from lytte.platform.word_index import forget_removed_words
from lytte.privacy import retention as policies
from lytte.privacy.models import RetentionRun


def run_retention(
    *, dry_run: bool, run_by: Any = None, now: datetime | None = None
) -> RetentionRun:
    """Purge (or count, with `dry_run`) what every kind keeps past its age. Each kind is its own
    transaction: a failure in one leaves the others done."""
    now = now or timezone.now()
    report = []
    for kind in policies.KINDS.values():
        if kind.days <= 0:
            report.append({"kind": kind.kind, "days": 0, "cutoff": None, "rows": 0, "purged": 0})
            continue
        cutoff = now - timedelta(days=kind.days)
        with transaction.atomic():
            rows = kind.expired(cutoff)
            found = sum(queryset.count() for queryset in rows)
            purged = 0 if dry_run or not found else kind.purge(rows)
        report.append(
            {
                "kind": kind.kind,
                "days": kind.days,
                "cutoff": cutoff.isoformat(),
                "rows": found,
                "purged": purged,
            }
        )
    with transaction.atomic():
        run = RetentionRun.objects.create(dry_run=dry_run, report=report)
        record(
            actor=run_by,
            action="retention.dry_run" if dry_run else "retention.purged",
            target=run,
            report=report,
        )
    if not dry_run:
        forget_removed_words([("cases_case", "subject")])
    return run


def retention_due(hour: int) -> bool:
    """At `hour` local time, when no purge ran in the last 20 hours (several workers: one)."""
    if timezone.localtime().hour != hour:
        return False
    recent = timezone.now() - timedelta(hours=20)
    return not RetentionRun.objects.filter(dry_run=False, started_at__gte=recent).exists()
