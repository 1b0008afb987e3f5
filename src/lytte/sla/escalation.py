"""Escalation rules (decision 0041): when a case target warns or breaches, the worker that
announced it applies every active rule that matches, in order: move the case to a team, raise
its priority, tell the team's supervisors. Each rule fires once per case target (`Escalation`,
unique on both), is audited, and acts as the system through the core's services, so the case's
own events follow (and the SLA re-matches the moved or re-prioritised case)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from lytte.audit.services import record
from lytte.cases.models import Case, Priority
from lytte.cases.services import assign, update_case
from lytte.platform.events import publish, subscribe
from lytte.sla.events import Escalated, TargetBreached, TargetWarning
from lytte.sla.models import CaseTarget, Escalation, EscalationRule, Trigger

RANK = {value: rank for rank, value in enumerate(Priority.values)}  # low < normal < high < urgent


def rules_for(row: CaseTarget, trigger: str) -> QuerySet[EscalationRule]:
    return EscalationRule.objects.filter(active=True, trigger=trigger).filter(
        Q(policy__isnull=True) | Q(policy_id=row.policy_id),
        Q(target="") | Q(target=row.target),
    )


def _act(rule: EscalationRule, case: Case) -> list[str]:
    done = []
    team = rule.reassign_to
    if team is not None and case.team_id != team.pk:
        keeps = case.assignee is not None and case.assignee.teams.filter(pk=team.pk).exists()
        assign(case=case, assigned_by=None, team=team, assignee=case.assignee if keeps else None)
        done.append("reassigned")
    wanted = rule.raise_priority_to
    if wanted in RANK and RANK[wanted] > RANK.get(case.priority, 0):
        update_case(case=case, changed_by=None, priority=wanted)
        done.append("priority")
    if rule.notify:
        done.append("notify")
    return done


def fire(rule: EscalationRule, row: CaseTarget, trigger: str) -> Escalation | None:
    """Apply one rule to one case target, unless it fired on it before; None then."""
    try:
        with transaction.atomic():
            fired = Escalation.objects.create(rule=rule, case_target=row)
            case = Case.objects.select_for_update(of=("self",)).get(pk=row.case_id)
            fired.actions = _act(rule, case)
            fired.save(update_fields=["actions"])
            record(
                actor=None,
                action="sla.escalated",
                target=case,
                rule=rule.pk,
                rule_name=rule.name,
                trigger=trigger,
                sla_target=row.target,
                actions=fired.actions,
            )
            publish(
                Escalated(
                    case_id=case.pk,
                    case_target_id=row.pk,
                    rule_id=rule.pk,
                    trigger=trigger,
                    actions=tuple(fired.actions),
                    team_id=case.team_id,
                    assignee_id=case.assignee_id,
                    notify=rule.notify,
                )
            )
    except IntegrityError:  # another worker fired it first
        return None
    return fired


def escalate(case_target_id: int, trigger: str) -> list[Escalation]:
    """Apply the rules for `trigger` to a case target, in order; returns those that fired."""
    row = CaseTarget.objects.filter(pk=case_target_id).first()
    if row is None:
        return []
    fired = []
    for rule in rules_for(row, trigger).select_related("reassign_to"):
        if rule.pk in set(row.escalations.values_list("rule_id", flat=True)):
            continue
        if (done := fire(rule, row, trigger)) is not None:
            fired.append(done)
    return fired


@subscribe(TargetWarning)
def target_warning(event: TargetWarning) -> None:
    escalate(event.case_target_id, Trigger.WARNING)


@subscribe(TargetBreached)
def target_breached(event: TargetBreached) -> None:
    escalate(event.case_target_id, Trigger.BREACH)
