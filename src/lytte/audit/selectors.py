from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lytte.audit.models import AuditEvent


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit trail of one object, newest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
