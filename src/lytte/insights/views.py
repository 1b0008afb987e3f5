"""Insights pages: the director dashboard, the supervisors' live view, the cases behind any
figure, exports, and how good suggested reasons are in real use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import staff_required
from lytte.cases.models import Case
from lytte.insights import dashboard, live_figures
from lytte.insights.export import csv_response, xlsx_response
from lytte.insights.forms import FilterForm
from lytte.insights.models import ReasonModel, TrendAlert
from lytte.insights.selectors import suggestion_accuracy

DASHBOARDS = "insights.view_dashboards"


def _form(request: HttpRequest) -> FilterForm:
    return FilterForm(request.GET)


def _bad_filters(form: FilterForm) -> JsonResponse:
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    return JsonResponse({"error": _("The filters are not valid."), "fields": errors}, status=400)


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def director(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters() if form.is_valid() else dashboard.default_filters()
    context = {
        "form": form,
        "filters": filters,
        "query": urlencode(filters.query()),
        "alerts": recent_alerts(),
        "figures": dashboard.key_figures(filters),
    }
    return render(
        request, "insights/director.html", context, status=200 if form.is_valid() else 400
    )


def recent_alerts() -> list[TrendAlert]:
    since = timezone.localdate() - timedelta(days=7)
    return list(
        TrendAlert.objects.filter(start__gte=since)
        .select_related("reason", "organization")
        .order_by("-observed")[:20]
    )


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def director_data(request: HttpRequest) -> JsonResponse:
    """Everything the director dashboard charts, for the filters given."""
    form = _form(request)
    if not form.is_valid():
        return _bad_filters(form)
    filters = form.filters()
    rows = dashboard.breakdown(filters)
    return JsonResponse(
        {
            "filters": filters.query(),
            "weekly": dashboard.contacts_per_week(filters, rows),
            "top_reasons": dashboard.top_reasons(filters, rows),
            "channels": dashboard.channel_mix(filters, rows),
            "figures": dashboard.key_figures(filters, rows),
        }
    )


TABLES: dict[str, tuple[Callable[[dashboard.Filters], list[dict[str, Any]]], list[str]]] = {
    "weekly": (dashboard.contacts_per_week, ["week", "label", "contacts"]),
    "top-reasons": (dashboard.top_reasons, ["label", "contacts", "share", "previous", "change"]),
    "channels": (dashboard.channel_mix, ["label", "contacts"]),
}


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def export(request: HttpRequest, table: str, format: str) -> HttpResponseBase:
    if table not in TABLES or format not in ("csv", "xlsx"):
        raise Http404(_("There is no such table."))
    form = _form(request)
    if not form.is_valid():
        return _bad_filters(form)
    read, columns = TABLES[table]
    filters = form.filters()
    rows = [[row[column] for column in columns] for row in read(filters)]
    name = f"lytte-{table}-{filters.start}-{filters.end}"
    respond = csv_response if format == "csv" else xlsx_response
    return respond(name, columns, rows)


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def cases(request: HttpRequest) -> HttpResponseBase:
    """The cases behind a figure: ?week=YYYY-MM-DD&reason=ID&channel=... on top of the filters;
    ?format=csv for all of them as a file."""
    form = _form(request)
    if not form.is_valid():
        return _bad_filters(form)
    filters = form.filters()
    try:
        week = parse_date(request.GET.get("week", ""))
    except ValueError:
        week = None
    if request.GET.get("week") and week is None:
        return JsonResponse(
            {"error": _("The week must be a date, such as 2026-11-23.")}, status=400
        )
    reason = request.GET.get("reason_id", "")
    found = (
        Case.objects.filter(
            dashboard.cases_behind(
                filters,
                week=week,
                reason=int(reason) if reason.isdigit() else None,
                channel=request.GET.get("contact_channel", ""),
            )
        )
        .distinct()
        .select_related("reason", "team", "customer", "organization")
        .order_by("-created_at")
    )
    if request.GET.get("format") == "csv":
        rows = (
            (
                c.number,
                c.subject,
                c.get_status_display(),
                c.reason or "",
                c.team or "",
                c.customer or "",
                c.organization or "",
                c.created_at.isoformat(),
            )
            for c in found.iterator()
        )
        header = [
            "number",
            "subject",
            "status",
            "reason",
            "team",
            "customer",
            "organization",
            "created",
        ]
        return csv_response("lytte-cases", header, rows)
    context = {
        "cases": found[:200],
        "count": found.count(),
        "query": request.GET.urlencode(),
        "week": week,
    }
    return render(request, "insights/cases.html", context)


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def live(request: HttpRequest) -> HttpResponse:
    return render(
        request, "insights/live.html", {**live_figures.today(), "alerts": recent_alerts()}
    )


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def live_panel(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/_live_panel.html", live_figures.today())


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
