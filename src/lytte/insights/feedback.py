"""The feedback page on /insights/ (issue 17): satisfaction and response rate by reason,
channel, team, agent and organization, per week, the NPS (promoters, passives, detractors, per
week), the alerts on falling satisfaction, the comments (searchable) and their themes; and the
answers as CSV or XLSX. The figures are read from the survey rollups by lytte.feedback.figures
(decision 50), the comments by lytte.feedback.reports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import staff_required
from lytte.feedback import figures, reports
from lytte.insights import display
from lytte.insights.dashboard import default_filters
from lytte.insights.export import csv_response, xlsx_response
from lytte.insights.forms import FilterForm
from lytte.insights.models import TrendAlert
from lytte.insights.views import DASHBOARDS, _bad_filters, recent_alerts

MAX_SEARCH = 100


def _search(request: HttpRequest) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()[:MAX_SEARCH]


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def feedback(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    valid = form.is_valid()
    filters = form.filters() if valid else default_filters()
    search = _search(request)
    tables = figures.tables(filters)
    context = {
        "form": form,
        "filters": filters,
        "period": display.describe(filters.start, filters.end),
        "query": urlencode(filters.query()),
        "total": figures.combined(tables["channel"]),
        "tables": tables,
        "weeks": figures.weekly(filters),
        "nps": figures.total(filters, figures.NPS),
        "nps_weeks": figures.weekly(filters, figures.NPS),
        "alerts": [a for a in recent_alerts() if a.kind == TrendAlert.CSAT],
        "search": search,
        "comments": reports.comments(filters, search),
        "themes": reports.themes(filters),
    }
    return render(request, "insights/feedback.html", context, status=200 if valid else 400)


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def feedback_export(request: HttpRequest, format: str) -> HttpResponseBase:
    """Every answer in the period (and filters), one row each."""
    if format not in ("csv", "xlsx"):
        raise Http404(_("There is no such table."))
    form = FilterForm(request.GET)
    if not form.is_valid():
        return _bad_filters(form)
    filters = form.filters()
    name = f"lytte-feedback-{filters.start}-{filters.end}"
    respond = csv_response if format == "csv" else xlsx_response
    return respond(name, reports.EXPORT_COLUMNS, reports.answer_rows(filters))
