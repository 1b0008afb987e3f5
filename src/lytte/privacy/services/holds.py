"""Placing and releasing legal holds, and asking what they cover."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.cases.models import Case
from lytte.customers.models import Customer
from lytte.privacy.models import LegalHold


def holds_on(customer: Customer) -> QuerySet[LegalHold]:
    """The active holds on the customer or on any of their cases."""
    return (
        LegalHold.objects.active()
        .filter(Q(customer=customer) | Q(case__customer=customer))
        .select_related("case", "placed_by")
    )


def held_case_ids() -> QuerySet[Any, Any]:
    """Cases an active hold covers, by itself or through the case's customer (for retention)."""
    active = LegalHold.objects.active()
    return Case.objects.filter(
        Q(pk__in=active.filter(case__isnull=False).values("case_id"))
        | Q(customer_id__in=active.filter(customer__isnull=False).values("customer_id"))
    ).values("pk")


def held_customer_ids() -> QuerySet[Any, Any]:
    """Customers an active hold covers directly or through one of their cases."""
    active = LegalHold.objects.active()
    return Customer.objects.filter(
        Q(pk__in=active.filter(customer__isnull=False).values("customer_id"))
        | Q(pk__in=active.filter(case__isnull=False).values("case__customer_id"))
    ).values("pk")


@transaction.atomic
def place_hold(
    *,
    reason: str,
    placed_by: Any,
    customer: Customer | None = None,
    case: Case | None = None,
) -> LegalHold:
    """Hold a customer's data, or one case's, until released: no erasure, no retention."""
    if (customer is None) == (case is None):
        raise TypeError("place_hold() needs exactly one of customer or case")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": [_("Say why the data must be kept.")]})
    hold = LegalHold.objects.create(
        customer=customer,
        case=case,
        reason=reason[:500],
        placed_by=placed_by if getattr(placed_by, "is_authenticated", False) else None,
    )
    record(
        actor=placed_by,
        action="legal_hold.placed",
        target=hold,
        customer=customer,
        case=case,
    )
    return hold


@transaction.atomic
def release_hold(*, hold: LegalHold, released_by: Any) -> LegalHold:
    """End a hold; releasing one already released changes nothing."""
    if hold.released_at is not None:
        return hold
    hold.released_at = timezone.now()
    hold.released_by = released_by if getattr(released_by, "is_authenticated", False) else None
    hold.save(update_fields=["released_at", "released_by"])
    record(actor=released_by, action="legal_hold.released", target=hold)
    return hold
