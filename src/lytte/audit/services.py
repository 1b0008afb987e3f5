from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from lytte.audit.models import AuditEvent


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
