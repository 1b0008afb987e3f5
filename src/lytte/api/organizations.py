"""/organizations: companies whose people contact us, with switchboard numbers and domains."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.schemas.common import ERRORS, Id, sent
from lytte.api.schemas.customers import (
    OrganizationFilters,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
)
from lytte.customers import selectors, services
from lytte.customers.models import Organization

router = Router(tags=["organizations"])


def _organization(organization_id: int) -> Organization:
    return get_object_or_404(selectors.search_organizations(), pk=organization_id)


@router.get("", response={200: list[OrganizationOut], **ERRORS})
@paginate(Pagination)
def list_organizations(
    request: HttpRequest, filters: Query[OrganizationFilters]
) -> QuerySet[Organization]:
    require(request, "customers.view_organization")
    return selectors.search_organizations(filters.q).order_by("name", "id")


@router.post("", response={201: OrganizationOut, **ERRORS})
def create_organization(request: HttpRequest, payload: OrganizationIn) -> Status[Organization]:
    user = require(request, "customers.add_organization")
    organization = services.create_organization(
        name=payload.name,
        org_number=payload.org_number,
        phones=payload.phones,
        domains=payload.domains,
        created_by=user,
    )
    return Status(201, _organization(organization.pk))


@router.get("/{organization_id}", response={200: OrganizationOut, **ERRORS})
def get_organization(request: HttpRequest, organization_id: Id) -> Organization:
    require(request, "customers.view_organization")
    return _organization(organization_id)


@router.patch("/{organization_id}", response={200: OrganizationOut, **ERRORS})
def update_organization(
    request: HttpRequest, organization_id: Id, payload: OrganizationPatch
) -> Organization:
    user = require(request, "customers.change_organization")
    organization = _organization(organization_id)
    services.update_organization(organization=organization, changed_by=user, **sent(payload))
    return _organization(organization_id)
