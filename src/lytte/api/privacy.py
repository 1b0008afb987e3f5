"""/customers/{id}/erase: the right to erasure, for admins (the same service as the admin, the
desk's erase page and `lytte privacy erase`)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from lytte.api.auth import require
from lytte.api.schemas.common import ERRORS, ErrorOut
from lytte.customers.models import Customer
from lytte.privacy.services import ErasureRefused, erase_customer

router = Router(tags=["privacy"])


class ErasureIn(Schema):
    reason: str = Field(min_length=1, max_length=500, description="Why; kept in the audit trail.")


class ErasureOut(Schema):
    id: int
    name: str = Field(description="The neutral placeholder the name was replaced by.")


@router.post("/{customer_id}/erase", response={200: ErasureOut, 409: ErrorOut, **ERRORS})
def erase(
    request: HttpRequest, customer_id: int, payload: ErasureIn
) -> Status[Customer] | Status[dict[str, str]]:
    """Anonymise the customer: name, contact points, what was written and said, messages and
    call numbers go; cases, contacts and calls stay as anonymous rows so every report keeps its
    figures. Erasing again is harmless. 409 while a legal hold covers the customer or a case."""
    user = require(request, "customers.delete_customer")
    customer = get_object_or_404(Customer, pk=customer_id)
    try:
        erased = erase_customer(customer=customer, erased_by=user, reason=payload.reason)
    except ErasureRefused as refused:
        return Status(409, {"detail": " ".join(refused.messages)})
    return Status(200, erased)
