"""/customers/{id}/export, /customers/{id}/access-log and /customers/{id}/erase: the right of
access (supervisors and administrators) and the right to erasure (admins: the same service as
the admin, the desk's erase page and `lytte privacy erase`)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lytte.accounts.models import User
from lytte.api.auth import require
from lytte.api.errors import ErrorCode, error_body
from lytte.api.pagination import Pagination
from lytte.api.schemas.common import ERRORS, ErrorOut, Id, Input, Name
from lytte.api.schemas.privacy import AccessOut
from lytte.audit.models import AccessChannel, AccessRecord
from lytte.audit.selectors import access_log
from lytte.audit.services import record_access
from lytte.cases.models import Case
from lytte.customers.models import Customer
from lytte.privacy.export import open_export
from lytte.privacy.export.download import ZipDownload
from lytte.privacy.services import ErasureRefused, erase_customer

router = Router(tags=["privacy"])


def log_read(user: User, customer_id: int | None, case: Case | None = None) -> None:
    """A client read a customer's data (the customer, their cases or contacts): access log.
    `customer_id` comes from a row just read, so the customer exists."""
    if customer_id is not None:
        record_access(user=user, customer=customer_id, channel=AccessChannel.API, case=case)


def log_filtered_read(user: User, customer_id: int | None) -> None:
    """A client listed a customer's cases or contacts by an id it named, which may be no one's."""
    if customer_id is not None and Customer.objects.filter(pk=customer_id).exists():
        log_read(user, customer_id)


ZIP = {
    "responses": {
        "200": {
            "description": "A ZIP of JSON files, the original emails (.eml) and attachments; "
            "its README.txt describes each file.",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("/{customer_id}/export", response=ERRORS, openapi_extra=ZIP)
def export(request: HttpRequest, customer_id: Id) -> ZipDownload:
    """Everything held about the customer (right of access). Audited and access-logged."""
    user = require(request, "customers.view_customer", "audit.export_customer_data")
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise Http404
    zipped = open_export(customer=customer, exported_by=user)
    return ZipDownload(zipped, f"customer-{customer.pk}.zip")


@router.get("/{customer_id}/access-log", response={200: list[AccessOut], **ERRORS})
@paginate(Pagination)
def customer_access_log(request: HttpRequest, customer_id: Id) -> QuerySet[AccessRecord]:
    """Who opened the customer's data, newest first (kept after the customer is deleted)."""
    require(request, "audit.view_accessrecord")
    records = access_log(customer_id)
    if not records.exists() and not Customer.objects.filter(pk=customer_id).exists():
        raise Http404
    return records


class ErasureIn(Input):
    reason: Name = Field(max_length=500, description="Why; kept in the audit trail.")


class ErasureOut(Schema):
    id: int
    name: str = Field(description="The neutral placeholder the name was replaced by.")


@router.post("/{customer_id}/erase", response={200: ErasureOut, 409: ErrorOut, **ERRORS})
def erase(
    request: HttpRequest, customer_id: Id, payload: ErasureIn
) -> Status[Customer] | Status[dict[str, Any]]:
    """Anonymise the customer: name, contact points, what was written and said, messages and
    call numbers go; cases, contacts and calls stay as anonymous rows so every report keeps its
    figures. Erasing again is harmless. 409 while a legal hold covers the customer or a case."""
    user = require(request, "customers.delete_customer")
    customer = get_object_or_404(Customer, pk=customer_id)
    try:
        erased = erase_customer(customer=customer, erased_by=user, reason=payload.reason)
    except ErasureRefused as refused:
        return Status(409, error_body(ErrorCode.CONFLICT, " ".join(refused.messages)))
    return Status(200, erased)
