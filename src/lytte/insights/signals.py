"""Marking days stale as contacts and cases are written or deleted (see insights.rollups)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_init, post_save

from lytte.cases.models import Case, Contact, Direction
from lytte.insights.rollups import local_day, mark_stale

# Fields of a case that move it between rollup rows.
COUNTED = (
    "reason_id",
    "team_id",
    "channel",
    "organization_id",
    "customer_id",
    "resolved_at",
    "first_response_at",
    "created_at",
)


def _remember(sender: Any, instance: Case, **kwargs: Any) -> None:
    instance._counted_before = tuple(instance.__dict__.get(name) for name in COUNTED)  # type: ignore[attr-defined]


def _case_saved(sender: Any, instance: Case, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_counted_before", None)
    now = tuple(instance.__dict__.get(name) for name in COUNTED)
    if not created and before == now:
        return  # an assignment, a subject: nothing counted moved
    days = {local_day(instance.created_at)}
    for moment in (instance.resolved_at, before[COUNTED.index("resolved_at")] if before else None):
        if moment is not None:
            days.add(local_day(moment))
    if not created:
        days |= {
            local_day(moment)
            for moment in Contact.objects.filter(
                case=instance, direction=Direction.INBOUND
            ).values_list("started_at", flat=True)
        }
    mark_stale(days)
    instance._counted_before = now  # type: ignore[attr-defined]


def _case_deleted(sender: Any, instance: Case, **kwargs: Any) -> None:
    days = {local_day(instance.created_at)}
    if instance.resolved_at is not None:
        days.add(local_day(instance.resolved_at))
    mark_stale(days)


def _contact_changed(sender: Any, instance: Contact, **kwargs: Any) -> None:
    if instance.direction == Direction.INBOUND:
        mark_stale([local_day(instance.started_at)])


def connect() -> None:
    post_init.connect(_remember, sender=Case, dispatch_uid="insights.case.remember")
    post_save.connect(_case_saved, sender=Case, dispatch_uid="insights.case.saved")
    post_delete.connect(_case_deleted, sender=Case, dispatch_uid="insights.case.deleted")
    post_save.connect(_contact_changed, sender=Contact, dispatch_uid="insights.contact.saved")
    post_delete.connect(_contact_changed, sender=Contact, dispatch_uid="insights.contact.deleted")
