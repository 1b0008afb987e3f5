"""/cases: customer matters from the first contact until resolved, changed only through
lytte.cases.services (which also decides who may change which case)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from lytte.accounts.models import Team, User
from lytte.api import references
from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.privacy import log_filtered_read, log_read
from lytte.api.schemas.cases import CaseFilters, CaseIn, CaseOut, CasePatch
from lytte.api.schemas.common import ERRORS, Id, sent
from lytte.cases import selectors, services
from lytte.cases.models import Case
from lytte.customers.models import Customer, Organization

router = Router(tags=["cases"])


def _case(user: User, case_id: int) -> Case:
    """A case the caller may see; 404 for one they may not, as for one that does not exist."""
    return get_object_or_404(
        selectors.cases_with_relations(selectors.visible_cases(user)), pk=case_id
    )


def _filtered(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    exact = {
        "number": filters.number,
        "team_id": filters.team,
        "assignee_id": filters.assignee,
        "customer_id": filters.customer,
        "organization_id": filters.organization,
        "reason_id": filters.reason,
        "channel": filters.channel,
        "created_at__gte": filters.created_after,
        "created_at__lt": filters.created_before,
    }
    cases = cases.filter(**{key: value for key, value in exact.items() if value is not None})
    if filters.status:
        cases = cases.filter(status__in=filters.status)
    return cases


@router.get("", response={200: list[CaseOut], **ERRORS})
@paginate(Pagination)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> QuerySet[Case]:
    """Newest first. `created_before` is exclusive; times without an offset are local."""
    user = require(request, "cases.view_case")
    log_filtered_read(user, filters.customer)
    cases = selectors.cases_with_relations(selectors.visible_cases(user))
    return _filtered(cases, filters).order_by("-created_at", "-id")


@router.post("", response={201: CaseOut, **ERRORS})
def open_case(request: HttpRequest, payload: CaseIn) -> Status[Case]:
    user = require(request, "cases.add_case")
    case = services.open_case(
        channel=payload.channel,
        opened_by=user,
        customer=references.optional(Customer, payload.customer, "customer"),
        organization=references.optional(Organization, payload.organization, "organization"),
        subject=payload.subject,
        team=references.optional(Team, payload.team, "team"),
        assignee=references.staff_member(payload.assignee, "assignee"),
        reason=references.optional_reason(payload.reason),
        priority=payload.priority,
    )
    return Status(201, _case(user, case.pk))


@router.get("/{case_id}", response={200: CaseOut, **ERRORS})
def get_case(request: HttpRequest, case_id: Id) -> Case:
    user = require(request, "cases.view_case")
    case = _case(user, case_id)
    log_read(user, case.customer_id, case)
    return case


@router.patch("/{case_id}", response={200: CaseOut, **ERRORS})
def update_case(request: HttpRequest, case_id: Id, payload: CasePatch) -> Case:
    """Change what was sent, all or nothing: details, then team and assignee, then the
    reason, then the status (so `{"reason": "delivery", "status": "resolved"}` works)."""
    user = require(request, "cases.change_case")
    case = _case(user, case_id)
    changes = sent(payload, nullable={"customer", "team", "assignee"})
    services.change_case(case=case, changed_by=user, **_references(changes))
    return _case(user, case_id)


def _references(changes: dict[str, Any]) -> dict[str, Any]:
    """What was sent, with the ids turned into the rows they name (a 4xx for one that is not)."""
    found = {key: changes[key] for key in ("subject", "priority", "status") if key in changes}
    if "customer" in changes:
        found["customer"] = references.optional(Customer, changes["customer"], "customer")
    if "team" in changes:
        found["team"] = references.optional(Team, changes["team"], "team")
    if "assignee" in changes:
        found["assignee"] = references.staff_member(changes["assignee"], "assignee")
    if "reason" in changes:
        found["reason"] = references.reason(changes["reason"])
    return found
