"""Insights pages for supervisors."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import staff_required
from lytte.insights.models import ReasonModel
from lytte.insights.selectors import suggestion_accuracy


@require_http_methods(["GET"])
@staff_required
@permission_required("insights.view_reasonsuggestion", raise_exception=True)
def reason_suggestions(request: HttpRequest) -> HttpResponse:
    """How good the suggested reasons are in real use: how often agents chose the first
    suggestion, or one of the three, in the last 30 days; and the live model's own test."""
    rows = suggestion_accuracy(days=30)
    context = {
        "total": rows[0],
        "per_reason": rows[1:],
        "model": ReasonModel.objects.filter(active=True).defer("artifact").first(),
    }
    return render(request, "insights/reason_suggestions.html", context)
