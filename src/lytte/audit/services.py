from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from lytte.audit.models import AccessChannel, AccessRecord, AuditEvent
from lytte.audit.selectors import expired_access_records

if TYPE_CHECKING:
    from lytte.cases.models import Case
    from lytte.customers.models import Customer


def record(*, actor: Any, action: str, target: models.Model, **data: Any) -> AuditEvent:
    """Append an audit event; call it inside the transaction of the change it describes.

    `actor` is the user who acted, or None (or an anonymous user) when the system did.
    """
    plain = {
        key: value.pk if isinstance(value, models.Model) else value for key, value in data.items()
    }
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        data=json.loads(json.dumps(plain, cls=DjangoJSONEncoder)),
    )


# A desk refreshes its fragments with htmx: one person looking at one customer through one
# channel (and case) within this window is one row, not a row per refresh.
ACCESS_COALESCE = timedelta(minutes=5)


def record_access(
    *, user: Any, customer: Customer | int, channel: AccessChannel, case: Case | None = None
) -> AccessRecord | None:
    """Log that `user` (None: the system) opened `customer`'s data; None when the same look was
    logged within ACCESS_COALESCE. An export is always logged."""
    who = user if getattr(user, "is_authenticated", False) else None
    customer_id = customer if isinstance(customer, int) else customer.pk
    case_number = case.number if case is not None else None
    now = timezone.now()
    if channel != AccessChannel.EXPORT:
        repeat = AccessRecord.objects.filter(
            customer_id=customer_id,
            created_at__gte=now - ACCESS_COALESCE,
            user=who,
            channel=channel,
            case_number=case_number,
        )
        if repeat.exists():
            return None
    return AccessRecord.objects.create(
        created_at=now, user=who, customer_id=customer_id, channel=channel, case_number=case_number
    )


def purge_access_records(before: datetime) -> int:
    """Delete the access log older than `before` (retention); returns how many rows went."""
    deleted, _by_model = expired_access_records(before).delete()
    return deleted
