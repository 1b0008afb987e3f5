"""The knowledge gaps page for directors and supervisors, and its tables as CSV (decision 34)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import staff_required
from lytte.insights import display, gaps
from lytte.insights.export import csv_response
from lytte.insights.forms import GapFilterForm

DASHBOARDS = "insights.view_dashboards"


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def knowledge_gaps(request: HttpRequest) -> HttpResponse:
    form = GapFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.filters() if valid else gaps.GapFilters(*GapFilterForm.default_period())
    self_service = gaps.not_solved_by_self_service(filters)
    context = {
        "form": form,
        "filters": filters,
        "period": display.describe(filters.start, filters.end),
        "language": dict(settings.LANGUAGES).get(filters.language, ""),
        "query": urlencode(filters.query()),
        "summary": gaps.search_summary(filters),
        "without_results": _percent(gaps.searches_without_results(filters)),
        "without_clicks": _percent(gaps.searches_without_clicks(filters)),
        "unhelpful": _percent(gaps.unhelpful_articles(filters)),
        "reasons": gaps.reasons_without_articles(filters)[: gaps.ROWS],
        "self_service": {**self_service, "percent": display.percent(self_service["share"])},
        "after_search": gaps.cases_after_search_by_reason(filters),
    }
    return render(request, "insights/knowledge_gaps.html", context, status=200 if valid else 400)


def _percent(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first rows of a table, their shares written as percentages."""
    return [{**row, "percent": display.percent(row["share"])} for row in rows[: gaps.ROWS]]


def _rows_without_results(filters: gaps.GapFilters) -> list[list[Any]]:
    return [[r["query"], r["searches"], r["share"]] for r in gaps.searches_without_results(filters)]


def _rows_without_clicks(filters: gaps.GapFilters) -> list[list[Any]]:
    return [[r["query"], r["searches"], r["share"]] for r in gaps.searches_without_clicks(filters)]


def _rows_unhelpful(filters: gaps.GapFilters) -> list[list[Any]]:
    return [
        [
            r["title"],
            r["language"],
            r["unhelpful"],
            r["answers"],
            r["share"],
            " | ".join(r["comments"]),
        ]
        for r in gaps.unhelpful_articles(filters)
    ]


def _rows_reasons(filters: gaps.GapFilters) -> list[list[Any]]:
    return [[r["label"], r["contacts"]] for r in gaps.reasons_without_articles(filters)]


def _rows_after_search(filters: gaps.GapFilters) -> list[list[Any]]:
    return [
        [r["label"] or _("No reason yet"), r["cases"]]
        for r in gaps.cases_after_search_by_reason(filters)
    ]


TABLES: dict[str, tuple[Callable[[gaps.GapFilters], list[list[Any]]], list[str]]] = {
    "no-results": (_rows_without_results, ["query", "searches", "share"]),
    "no-clicks": (_rows_without_clicks, ["query", "searches", "share"]),
    "unhelpful": (
        _rows_unhelpful,
        ["title", "language", "not_helpful", "answers", "share", "latest_comments"],
    ),
    "reasons": (_rows_reasons, ["reason", "contacts"]),
    "after-search": (_rows_after_search, ["reason", "cases"]),
}


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def export(request: HttpRequest) -> HttpResponseBase:
    """One of the page's tables, whole, as CSV: ?table=no-results (or no-clicks, unhelpful,
    reasons, after-search) and the page's filters."""
    table = request.GET.get("table", "")
    if table not in TABLES:
        raise Http404(_("There is no such table."))
    form = GapFilterForm(request.GET)
    if not form.is_valid():
        errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        return JsonResponse(
            {"error": _("The filters are not valid."), "fields": errors}, status=400
        )
    filters = form.filters()
    read, columns = TABLES[table]
    suffix = f"-{filters.language}" if filters.language else ""
    name = f"lytte-knowledge-{table}-{filters.start}-{filters.end}{suffix}"
    return csv_response(name, columns, read(filters))
