"""/customers: people who contact us, with their phone numbers and email addresses."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.privacy import log_read
from lytte.api.references import optional
from lytte.api.schemas.common import ERRORS, ContactPointOut, Id, sent
from lytte.api.schemas.customers import (
    ContactPointIn,
    CustomerFilters,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
)
from lytte.customers import selectors, services
from lytte.customers.models import ContactPoint, Customer, Organization

router = Router(tags=["customers"])


def _customer(customer_id: int) -> Customer:
    return get_object_or_404(selectors.with_contact_points(Customer.objects.all()), pk=customer_id)


@router.get("", response={200: list[CustomerOut], **ERRORS})
@paginate(Pagination)
def list_customers(request: HttpRequest, filters: Query[CustomerFilters]) -> QuerySet[Customer]:
    require(request, "customers.view_customer")
    customers = selectors.search_customers(filters.q)
    if filters.organization is not None:
        customers = customers.filter(organization_id=filters.organization)
    return selectors.with_contact_points(customers).order_by("name", "id")


@router.post("", response={201: CustomerOut, **ERRORS})
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[Customer]:
    user = require(request, "customers.add_customer")
    customer = services.create_customer(
        name=payload.name,
        phones=payload.phones,
        emails=payload.emails,
        organization=optional(Organization, payload.organization, "organization"),
        language=payload.language,
        created_by=user,
    )
    return Status(201, _customer(customer.pk))


@router.get("/{customer_id}", response={200: CustomerOut, **ERRORS})
def get_customer(request: HttpRequest, customer_id: Id) -> Customer:
    user = require(request, "customers.view_customer")
    customer = _customer(customer_id)
    log_read(user, customer.pk)
    return customer


@router.patch("/{customer_id}", response={200: CustomerOut, **ERRORS})
def update_customer(request: HttpRequest, customer_id: Id, payload: CustomerPatch) -> Customer:
    user = require(request, "customers.change_customer")
    customer = _customer(customer_id)
    changes = sent(payload, nullable={"organization"})
    if "organization" in changes:
        changes["organization"] = optional(Organization, changes["organization"], "organization")
    services.update_customer(customer=customer, changed_by=user, **changes)
    return _customer(customer_id)


@router.post("/{customer_id}/contact-points", response={201: ContactPointOut, **ERRORS})
def add_contact_point(
    request: HttpRequest, customer_id: Id, payload: ContactPointIn
) -> Status[ContactPoint]:
    """Add a phone number or email address; adding one the customer has returns it."""
    user = require(request, "customers.change_customer", "customers.add_contactpoint")
    customer = get_object_or_404(Customer, pk=customer_id)
    point = services.add_contact_point(address=payload.address, customer=customer, added_by=user)
    return Status(201, point)


@router.delete("/{customer_id}/contact-points/{point_id}", response={204: None, **ERRORS})
def remove_contact_point(request: HttpRequest, customer_id: Id, point_id: Id) -> Status[None]:
    user = require(request, "customers.change_customer", "customers.delete_contactpoint")
    point = get_object_or_404(ContactPoint, pk=point_id, customer_id=customer_id)
    services.remove_contact_point(point=point, removed_by=user)
    return Status(204, None)
