"""Names people type for things (customers, organizations, teams, integrations)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def required_name(name: str | None, field: str = "name") -> str:
    """`name` with runs of white space made single; ValidationError on `field` when empty."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError({field: [_("Enter a name.")]})
    return cleaned
