"""/reasons: the taxonomy of why customers contact us. Anyone who works cases reads it;
admins change it (through lytte.cases.reasons)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from lytte.api import references
from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.schemas.common import ERRORS, Id, sent
from lytte.api.schemas.reasons import (
    ReasonFilters,
    ReasonIn,
    ReasonOut,
    ReasonPatch,
    SuggestIn,
    SuggestOut,
)
from lytte.cases.models import ContactReason
from lytte.cases.reasons import create_reason, update_reason
from lytte.insights.selectors import suggest

router = Router(tags=["reasons"])


@router.get("", response={200: list[ReasonOut], **ERRORS})
@paginate(Pagination)
def list_reasons(request: HttpRequest, filters: Query[ReasonFilters]) -> QuerySet[ContactReason]:
    """In taxonomy order (position, then English name)."""
    require(request, "cases.view_contactreason")
    reasons = ContactReason.objects.order_by("position", "name", "id")
    if filters.active is not None:
        reasons = reasons.filter(active=filters.active)
    if filters.parent is not None:
        reasons = reasons.filter(parent_id=filters.parent)
    return reasons


@router.post("", response={201: ReasonOut, **ERRORS})
def add_reason(request: HttpRequest, payload: ReasonIn) -> Status[ContactReason]:
    user = require(request, "cases.add_contactreason")
    fields = payload.model_dump()
    fields["parent"] = references.optional(ContactReason, payload.parent, "parent")
    return Status(201, create_reason(**fields, created_by=user))


@router.post("/suggest", response={200: SuggestOut, **ERRORS})
def suggest_reasons(request: HttpRequest, payload: SuggestIn) -> dict[str, object]:
    """The likeliest reasons for a text, from the model trained on this organization's own
    categorised contacts (and keyword rules for reasons with too little history). `confident`
    says whether the first one is sure enough to be chosen without asking."""
    require(request, "cases.view_contactreason")
    found = suggest(payload.text)
    return {
        "suggestions": [
            {"reason": item.reason, "score": item.score, "source": item.source}
            for item in found.items
        ],
        "model_version": found.model_version,
        "confident": found.confident,
    }


@router.get("/{reason_id}", response={200: ReasonOut, **ERRORS})
def get_reason(request: HttpRequest, reason_id: Id) -> ContactReason:
    require(request, "cases.view_contactreason")
    return get_object_or_404(ContactReason, pk=reason_id)


@router.patch("/{reason_id}", response={200: ReasonOut, **ERRORS})
def change_reason(request: HttpRequest, reason_id: Id, payload: ReasonPatch) -> ContactReason:
    """Only the fields sent change; `"active": false` retires a reason without losing history."""
    user = require(request, "cases.change_contactreason")
    reason = get_object_or_404(ContactReason, pk=reason_id)
    changes = sent(payload, nullable={"parent"})
    if "parent" in changes:
        changes["parent"] = references.optional(ContactReason, changes["parent"], "parent")
    return update_reason(reason=reason, changed_by=user, **changes)
