"""Re-matching open cases after policies change (decision 0041). Which policy a case falls
under depends on the policies' conditions, order and switches; when an admin changes any of
them the change is queued (`Rematch`) and the worker matches every open case again, in
batches, as it recomputes the clocks after a calendar change. A case whose first matching
policy is now another one is re-targeted (`targets.retarget`: its running clocks keep the
time they used and take the new policy's targets and calendar); a case that had no clocks
gets them, and a case that lacks a clock its policy now sets (the policy gained a target
kind: a resolution added) gets that one (`targets.start_missing`). Changed target *times*
alone are `worker.follow_policies`' work."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lytte.cases.models import OPEN_STATUSES, Case, ContactReason
from lytte.sla import targets
from lytte.sla.models import CaseTarget, Outcome, Policy, Rematch, Target

BATCH = 2000
# The policy fields that decide which cases a policy matches (and so which policy wins).
MATCHING = frozenset(
    {"reason", "priority", "channel", "organization", "team", "position", "active"}
)
# The policy fields that can give open cases a clock they lack (a target kind set).
GAINING = frozenset({"first_response_minutes", "resolution_minutes"})


def request_rematch() -> None:
    """Queue a re-match of every open case for the worker (one pending request at most)."""
    Rematch.objects.update_or_create(pk=1, defaults={"requested_at": timezone.now()})


def reason_lines() -> dict[int, set[int]]:
    """Every reason's line (itself and its ancestors), from one query."""
    parents = dict(ContactReason.objects.values_list("pk", "parent_id"))
    lines: dict[int, set[int]] = {}
    for reason in parents:
        line: set[int] = set()
        at: int | None = reason
        while at is not None and at not in line:
            line.add(at)
            at = parents.get(at)
        lines[reason] = line
    return lines


def _first(policies: list[Policy], case: Case, lines: dict[int, set[int]]) -> int | None:
    line = lines.get(case.reason_id, set()) if case.reason_id else set()
    return next((p.pk for p in policies if targets.matches(p, case, line)), None)


def _lacks(policy: Policy, case: Case, kinds: set[str], answered: set[int]) -> bool:
    """Whether the open case lacks a running clock its policy sets (see start_missing)."""
    owed = case.first_response_at is None and case.pk not in answered
    return (policy.resolution_minutes is not None and Target.RESOLUTION not in kinds) or (
        owed and policy.first_response_minutes is not None and Target.FIRST_RESPONSE not in kinds
    )


def _moved(batch: list[Case], policies: list[Policy], lines: dict[int, set[int]]) -> list[int]:
    """The cases of the batch whose policy changed, or that lack a clock their policy sets."""
    ids = [case.pk for case in batch]
    running: dict[int, int | None] = {}
    kinds: dict[int, set[str]] = {}
    for case_id, policy_id, target in (
        CaseTarget.objects.filter(case_id__in=ids, outcome=Outcome.RUNNING)
        .order_by()
        .values_list("case_id", "policy_id", "target")
    ):
        running[case_id] = policy_id
        kinds.setdefault(case_id, set()).add(target)
    answered = set(  # a first response met or breached: not owed again
        CaseTarget.objects.filter(
            case_id__in=ids,
            target=Target.FIRST_RESPONSE,
            outcome__in=[Outcome.MET, Outcome.BREACHED],
        ).values_list("case_id", flat=True)
    )
    by_pk = {policy.pk: policy for policy in policies}
    moved = []
    for case in batch:
        wanted = _first(policies, case, lines)
        if case.pk in running and wanted != running[case.pk]:
            moved.append(case.pk)  # other targets, or none
        elif wanted is not None and _lacks(
            by_pk[wanted], case, kinds.get(case.pk, set()), answered
        ):
            moved.append(case.pk)  # no clocks yet, or not every kind its policy sets
    return moved


def rematch_open_cases() -> int:
    """Match every open case again; re-target those whose policy changed or that lack a
    clock their policy sets. Returns how many."""
    policies = list(Policy.objects.filter(active=True))
    lines = reason_lines()
    cases = Case.objects.filter(status__in=OPEN_STATUSES).only(
        "pk",
        "reason_id",
        "priority",
        "channel",
        "organization_id",
        "team_id",
        "status",
        "first_response_at",
    )
    changed, last = 0, 0
    while True:
        batch = list(cases.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return changed
        last = batch[-1].pk
        for case in Case.objects.filter(pk__in=_moved(batch, policies, lines)):
            with transaction.atomic():
                targets.retarget(case)
            changed += 1


def rematch_requested() -> int:
    """Do a queued re-match; the request is dropped unless a newer one came meanwhile."""
    request = Rematch.objects.first()
    if request is None:
        return 0
    asked = request.requested_at
    done = rematch_open_cases()
    Rematch.objects.filter(pk=request.pk, requested_at=asked).delete()
    return done
