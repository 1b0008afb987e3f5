from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lytte.audit.models import AccessRecord, AuditEvent


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit trail of one object, newest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


def access_log(customer_id: int) -> models.QuerySet[AccessRecord]:
    """Who opened one customer's data, newest first."""
    return AccessRecord.objects.filter(customer_id=customer_id).select_related("user")


def expired_access_records(before: datetime) -> models.QuerySet[AccessRecord]:
    """The access log older than `before`: what retention deletes."""
    return AccessRecord.objects.filter(created_at__lt=before)
