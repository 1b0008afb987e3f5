"""Insights pages: the director dashboard, the supervisors' live view, the cases behind any
figure, exports, and how good suggested reasons are in real use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import staff_required
from lytte.cases.models import Case, Channel, ContactReason
from lytte.customers.selectors import search_organizations
from lytte.feedback.nps_selectors import nps_table
from lytte.feedback.selectors import csat_tables
from lytte.insights import charts, dashboard, display, live_figures
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
    figures = dashboard.key_figures(filters)
    context = {
        "form": form,
        "filters": filters,
        "period": display.sentence(filters, comparable=dashboard.comparable_period(filters)),
        "query": urlencode(filters.query()),
        "alerts": recent_alerts(),
        "figures": figures,
        "cards": display.figures(figures),
        "plotly": reverse("insights:plotly", args=[charts.digest()]),
        "chart_words": _chart_words(),
        "csat": csat_tables(filters.start, filters.end, channel=filters.channel, team=filters.team),
        "nps": nps_table(filters.start, filters.end),
    }
    return render(
        request, "insights/director.html", context, status=200 if form.is_valid() else 400
    )


def _chart_words() -> dict[str, str]:
    """What the charts say, in the viewer's language and number format."""
    return {
        "contacts": _("contacts"),
        "new": _("new"),
        "nothing": _("No customer contacts in the period."),
        "separators": get_format("DECIMAL_SEPARATOR") + get_format("THOUSAND_SEPARATOR"),
    }


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
            "weekly": dashboard.weekly_chart(filters, rows),
            "top_reasons": dashboard.top_reasons(filters, rows),
            "without_reason": dashboard.without_reason(filters, rows),
            "channels": dashboard.channel_mix(filters, rows),
            "figures": dashboard.key_figures(filters, rows),
        }
    )


TABLES: dict[str, tuple[Callable[[dashboard.Filters], list[dict[str, Any]]], list[str]]] = {
    "weekly": (dashboard.contacts_per_week, ["week", "label", "contacts"]),
    "top-reasons": (
        dashboard.top_reasons_table,
        ["label", "contacts", "share", "previous", "change"],
    ),
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
    channel = request.GET.get("contact_channel", "")
    found = (
        Case.objects.filter(
            dashboard.cases_behind(
                filters,
                week=week,
                reason=int(reason) if reason.isdigit() else None,
                channel=channel,
                unreasoned=reason == dashboard.NONE,
            )
        )
        .distinct()
        .select_related("reason", "team", "customer", "organization")
        .order_by("-created_at")
    )
    if request.GET.get("format") == "csv":
        return _cases_csv(found)
    context = {
        "cases": found[:200],
        "count": found.count(),
        "query": request.GET.urlencode(),
        "what": _behind(filters, week, reason, channel),
    }
    return render(request, "insights/cases.html", context)


CASE_COLUMNS = ["number", "subject", "status", "reason", "team", "customer", "organization"]


def _cases_csv(found: QuerySet[Case]) -> HttpResponseBase:
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
    return csv_response("lytte-cases", [*CASE_COLUMNS, "created"], rows)


def _behind(filters: dashboard.Filters, week: date | None, reason: str, channel: str) -> str:
    """Which figure the cases are behind, for the heading: reason, channel and period."""
    if reason == dashboard.NONE:
        label = _("Without reason")
    else:
        chosen = int(reason) if reason.isdigit() else filters.reason
        found = ContactReason.objects.filter(pk=chosen).first() if chosen else None
        label = found.localized_name() if found else _("All reasons")
    channels = dict(Channel.choices)
    if channel or filters.channel:
        label += f", {channels.get(channel or filters.channel, channel)}"
    start, end = (week, week + timedelta(days=6)) if week else (filters.start, filters.end)
    return f"{label}, {display.describe(start, end)}"


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def organizations(request: HttpRequest) -> JsonResponse:
    """Organizations whose name (or number) holds ?q=, for the dashboard's filter."""
    text = request.GET.get("q", "").strip()[:100]
    found = search_organizations(text).order_by("name")[:20] if text else []
    return JsonResponse({"results": [{"id": org.pk, "name": org.name} for org in found]})


@require_http_methods(["GET"])
def plotly_js(request: HttpRequest, digest: str) -> HttpResponse:
    """The charting library, gzipped where the browser takes it, cached for a year (its URL
    changes with its content)."""
    if digest != charts.digest():
        raise Http404(_("There is no such file."))
    bundle = charts.bundle()
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(
        bundle.gzipped if gzipped else bundle.plain, content_type="text/javascript"
    )
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


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
