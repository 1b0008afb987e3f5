"""Every change to the contact-reason taxonomy: add a reason, rename, move, retire.

Kept apart from services.py, which is about cases and contacts; the same rules hold: validate,
write, leave an AuditEvent. User-facing problems raise ValidationError (field -> messages).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.audit.services import record
from lytte.cases.models import ContactReason

NAME_FIELDS = ("name", "name_nb", "name_da", "name_sv", "name_fi")
CHANGEABLE = frozenset({"code", *NAME_FIELDS, "parent", "active", "position"})


def _clean_code(code: str, reason: ContactReason | None = None) -> str:
    cleaned = (code or "").strip().lower()
    try:
        validate_slug(cleaned)
    except ValidationError:
        raise ValidationError(
            {"code": [_("Use letters, numbers, hyphens or underscores for the code.")]}
        ) from None
    taken = ContactReason.objects.filter(code=cleaned)
    if reason is not None:
        taken = taken.exclude(pk=reason.pk)
    if taken.exists():
        raise ValidationError({"code": [_("The code “%(code)s” is taken.") % {"code": cleaned}]})
    return cleaned


def _clean_names(names: dict[str, Any]) -> dict[str, str]:
    cleaned = {key: " ".join(str(value or "").split()) for key, value in names.items()}
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError({"name": [_("Enter the English name.")]})
    return cleaned


def _check_parent(parent: ContactReason | None, reason: ContactReason | None = None) -> None:
    """A reason may not sit under itself or under one of its own descendants."""
    if parent is None or reason is None:
        return
    ancestor: ContactReason | None = parent
    while ancestor is not None:
        if ancestor.pk == reason.pk:
            raise ValidationError(
                {"parent": [_("A reason cannot be placed under itself or its own sub-reasons.")]}
            )
        ancestor = ancestor.parent


@transaction.atomic
def create_reason(
    *,
    code: str,
    name: str,
    created_by: User | None,
    parent: ContactReason | None = None,
    name_nb: str = "",
    name_da: str = "",
    name_sv: str = "",
    name_fi: str = "",
    active: bool = True,
    position: int = 0,
) -> ContactReason:
    """Add a reason to the taxonomy. Codes are unique slugs; the English name is required."""
    names = _clean_names(
        {
            "name": name,
            "name_nb": name_nb,
            "name_da": name_da,
            "name_sv": name_sv,
            "name_fi": name_fi,
        }
    )
    reason = ContactReason.objects.create(
        code=_clean_code(code), parent=parent, active=active, position=position, **names
    )
    record(actor=created_by, action="reason.created", target=reason, code=reason.code)
    return reason


@transaction.atomic
def update_reason(
    *, reason: ContactReason, changed_by: User | None, **changes: Any
) -> ContactReason:
    """Change only the fields given: code, names, parent, active, position."""
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise TypeError(f"update_reason() cannot change {sorted(unknown)}")
    if "code" in changes:
        changes["code"] = _clean_code(changes["code"], reason)
    changes.update(_clean_names({key: changes[key] for key in NAME_FIELDS if key in changes}))
    if "parent" in changes:
        _check_parent(changes["parent"], reason)
    changes = {key: value for key, value in changes.items() if getattr(reason, key) != value}
    if not changes:
        return reason
    before = {key: getattr(reason, key) for key in changes}
    for key, value in changes.items():
        setattr(reason, key, value)
    reason.save(update_fields=list(changes))
    record(
        actor=changed_by,
        action="reason.changed",
        target=reason,
        before=_plain(before),
        after=_plain(changes),
    )
    return reason


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {key: v.pk if isinstance(v, ContactReason) else v for key, v in values.items()}
