"""/sla-policies and /cases/{id}/sla: the service levels promised, and one case's targets with
their history (decision 0041). Everyone who answers customers reads the policies; a case's
targets are read by those who may see the case. Admins change policies in the admin site."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.schemas.common import ERRORS, Id
from lytte.api.schemas.sla import CaseTargetOut, PolicyOut
from lytte.cases import selectors
from lytte.sla.models import CaseTarget, Policy
from lytte.sla.selectors import case_targets

policies = Router(tags=["service levels"])
case_router = Router(tags=["service levels"])


@policies.get("", response={200: list[PolicyOut], **ERRORS})
@paginate(Pagination)
def list_policies(request: HttpRequest) -> QuerySet[Policy]:
    """Every policy, in the order they are tried."""
    require(request, "sla.view_policy")
    return Policy.objects.order_by("position", "id")


@policies.get("/{policy_id}", response={200: PolicyOut, **ERRORS})
def get_policy(request: HttpRequest, policy_id: Id) -> Policy:
    require(request, "sla.view_policy")
    return get_object_or_404(Policy, pk=policy_id)


@case_router.get("/{case_id}/sla", response={200: list[CaseTargetOut], **ERRORS})
def list_case_targets(request: HttpRequest, case_id: Id) -> list[CaseTarget]:
    """The case's targets, running and stopped, oldest first: due times while running, met or
    breached (and by how much) once stopped."""
    user = require(request, "cases.view_case")
    case = get_object_or_404(selectors.visible_cases(user), pk=case_id)
    return list(case_targets(case.pk))
