"""The SLA report's daily rollups (decision 0051) stay equal to a recount of the raw targets
as the services write: a stop, a breach announced, an announcement withdrawn, a case moved."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Channel, Direction, Priority
from lytte.cases.services import log_contact, open_case
from lytte.cases.services.workflow import update_case
from lytte.sla import report, rollups
from lytte.sla.models import CaseTarget, Outcome, Policy, StaleTargetDay, Target, TargetDay
from lytte.sla.worker import announce_due, follow_policies

pytestmark = pytest.mark.django_db


def snapshot() -> list[dict[str, Any]]:
    rows = TargetDay.objects.order_by().values()
    found = [{k: v for k, v in row.items() if k != "id"} for row in rows]
    return sorted(found, key=lambda row: sorted((k, str(v)) for k, v in row.items()))


def kept_equals_recount() -> list[dict[str, Any]]:
    """Refresh the marked days, then check a rebuild from scratch finds the same rows."""
    rollups.refresh_stale()
    assert not StaleTargetDay.objects.exists()
    kept = snapshot()
    TargetDay.objects.all().delete()
    rollups.rebuild()
    assert snapshot() == kept
    return kept


def test_stops_breaches_and_moves_keep_the_rollups_equal_to_a_recount(agent: User) -> None:
    policy = Policy.objects.create(
        name="All", business_time=False, first_response_minutes=60, resolution_minutes=600
    )
    answered = open_case(channel=Channel.EMAIL, opened_by=agent, team=agent.teams.first())
    late = open_case(channel=Channel.EMAIL, opened_by=agent, team=agent.teams.first())
    log_contact(
        case=answered, channel=Channel.EMAIL, direction=Direction.OUTBOUND, logged_by=agent,
        body="Hei",
    )  # fmt: skip
    today = timezone.localdate()
    (row,) = kept_equals_recount()
    assert (row["day"], row["target"], row["met"], row["stopped"]) == (
        today,
        Target.FIRST_RESPONSE,
        1,
        1,
    )

    # The late case's first response passes its due time: counted breached the day announced.
    earlier = timezone.now() - timedelta(hours=3)
    CaseTarget.objects.filter(case=late, target=Target.FIRST_RESPONSE).update(
        started_at=earlier, running_since=earlier, due_at=earlier + timedelta(hours=1)
    )
    assert announce_due() == (0, 1)
    breached = [r for r in kept_equals_recount() if r["breached"]]
    assert [(r["day"], r["target"]) for r in breached] == [(today, Target.FIRST_RESPONSE)]
    scope = report.Scope(start=today, end=today + timedelta(days=1))
    assert report.breach_count(scope) == 1

    # Moving the case to another priority moves its breach to that row.
    update_case(case=late, changed_by=agent, priority=Priority.URGENT)
    assert {r["priority"] for r in kept_equals_recount() if r["breached"]} == {Priority.URGENT}

    # A longer target moves the due time past the announcement: no longer breached.
    Policy.objects.filter(pk=policy.pk).update(first_response_minutes=600)
    assert follow_policies() >= 1
    assert not [r for r in kept_equals_recount() if r["breached"]]
    assert CaseTarget.objects.filter(case=late, outcome=Outcome.RUNNING).count() == 2


def test_the_rebuild_command_recounts_every_day(agent: User) -> None:
    Policy.objects.create(name="All", business_time=False, first_response_minutes=60)
    case = open_case(channel=Channel.PHONE, opened_by=agent)
    log_contact(
        case=case, channel=Channel.PHONE, direction=Direction.OUTBOUND, logged_by=agent, body="Hei"
    )
    TargetDay.objects.all().delete()
    StaleTargetDay.objects.all().delete()
    call_command("sla", "rebuild")
    assert TargetDay.objects.get().met == 1
