"""Service levels on /insights/sla/ (decision 0041): attainment by reason, team, channel,
priority and organization; times to first response and to resolution in business time beside
calendar time; breaches over time with the cases behind them; CSV and XLSX exports. The
figures are `lytte.sla.report`'s aggregate queries; this module names them for people."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import staff_required
from lytte.accounts.models import Team
from lytte.cases.models import Channel, ContactReason, Priority
from lytte.customers.models import Organization
from lytte.insights import display
from lytte.insights.dashboard import Filters, reason_subtree
from lytte.insights.export import csv_response, xlsx_response
from lytte.insights.forms import FilterForm
from lytte.sla import report as figures
from lytte.sla.models import Target

DASHBOARDS = "insights.view_dashboards"
TABLE_ROWS = 50  # per dimension on the page; the export has them all
DRILL_ROWS = 200
DIMENSION_NAMES = {
    "reason": gettext_lazy("Reason"),
    "team": gettext_lazy("Team"),
    "channel": gettext_lazy("Channel"),
    "priority": gettext_lazy("Priority"),
    "organization": gettext_lazy("Organization"),
}


def scope_of(filters: Filters) -> figures.Scope:
    reasons = tuple(reason_subtree(filters.reason)) if filters.reason else ()
    return figures.Scope(
        start=filters.start,
        end=filters.end,
        channel=filters.channel,
        team=filters.team,
        organization=filters.organization,
        reasons=reasons,
    )


def _bucket(request: HttpRequest, filters: Filters) -> str:
    wanted = request.GET.get("by", "")
    if wanted in ("day", "week"):
        return wanted
    return "day" if filters.days <= 62 else "week"


def _labels(dimension: str, keys: set[Any]) -> dict[Any, str]:
    """Names for a dimension's values, in one query (the reader's language for reasons)."""
    ids = [key for key in keys if key is not None]
    names: dict[Any, str]
    if dimension == "reason":
        reasons = ContactReason.objects.filter(pk__in=ids)
        names = {reason.pk: reason.localized_name() for reason in reasons}
    elif dimension == "team":
        names = dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))
    elif dimension == "organization":
        names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    elif dimension == "channel":
        names = {key: str(label) for key, label in Channel.choices}
    else:
        names = {key: str(label) for key, label in Priority.choices}
    return {key: names.get(key, str(key)) if key not in (None, "") else _("None") for key in keys}


def attainment_tables(scope: figures.Scope) -> dict[str, list[dict[str, Any]]]:
    """Each dimension's attainment rows, from one query (`report.attainment_by`), and the
    totals per target under "" (the sums over any one dimension)."""
    found = figures.attainment_by(scope)
    tables = {name: attainment_rows(name, rows) for name, rows in found.items()}
    tables[""] = total_rows(found["channel"])
    return tables


def attainment_rows(dimension: str, found: list[figures.Attainment]) -> list[dict[str, Any]]:
    labels = _labels(dimension, {row.key for row in found})
    targets = dict(Target.choices)
    return [
        {
            "dimension": str(DIMENSION_NAMES[dimension]),
            "key": row.key,
            "label": labels[row.key],
            "target": str(targets.get(row.target, row.target)),
            "met": row.met,
            "breached": row.breached,
            "attainment": round(100 * row.rate, 1) if row.rate is not None else None,
            "shown": display.percent(row.rate),
        }
        for row in found
    ]


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 60, 1)


def _shown(value: timedelta | None) -> str | None:
    return display.duration(value.total_seconds() if value is not None else None)


def time_rows(scope: figures.Scope) -> list[dict[str, Any]]:
    targets = dict(Target.choices)
    rows = []
    for found in figures.times(scope):
        row: dict[str, Any] = {"target": str(targets[found.target]), "count": found.count}
        for name, values in (("business", found.counted), ("calendar", found.calendar)):
            for quantile, value in zip(("median", "p90"), values, strict=True):
                row[f"{name}_{quantile}"] = _minutes(value)
                row[f"{name}_{quantile}_shown"] = _shown(value)
        for name, value in (("business", found.counted_mean), ("calendar", found.calendar_mean)):
            row[f"{name}_mean"], row[f"{name}_mean_shown"] = _minutes(value), _shown(value)
        rows.append(row)
    return rows


def breach_rows(scope: figures.Scope, by: str) -> list[dict[str, Any]]:
    targets = dict(Target.choices)
    return [
        {
            "bucket": row["bucket"],
            "last": row["bucket"] + timedelta(days=6 if by == "week" else 0),
            "target_code": row["target"],
            "target": str(targets.get(row["target"], row["target"])),
            "breaches": row["breaches"],
        }
        for row in figures.over_time(scope, by)
    ]


def _checked(request: HttpRequest) -> tuple[FilterForm, Filters | None]:
    form = FilterForm(request.GET)
    return form, form.filters() if form.is_valid() else None


def _bad(form: FilterForm) -> JsonResponse:
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    return JsonResponse({"error": _("The filters are not valid."), "fields": errors}, status=400)


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def sla_report(request: HttpRequest) -> HttpResponse:
    form, filters = _checked(request)
    if filters is None:
        return render(request, "insights/sla.html", {"form": form}, status=400)
    scope, by = scope_of(filters), _bucket(request, filters)
    tables = attainment_tables(scope)
    context = {
        "form": form,
        "period": display.describe(filters.start, filters.end),
        "query": urlencode(filters.query()),
        "by": by,
        "totals": tables.pop(""),
        "dimensions": [
            (name, DIMENSION_NAMES[name], rows[:TABLE_ROWS]) for name, rows in tables.items()
        ],
        "times": time_rows(scope),
        "breaches": breach_rows(scope, by),
    }
    return render(request, "insights/sla.html", context)


def total_rows(by_channel: list[figures.Attainment]) -> list[dict[str, Any]]:
    targets = dict(Target.choices)
    sums: dict[str, list[int]] = {}
    for row in by_channel:
        tally = sums.setdefault(row.target, [0, 0])
        tally[0], tally[1] = tally[0] + row.met, tally[1] + row.breached
    totals = [figures.Attainment("", None, target, *counts) for target, counts in sums.items()]
    return [
        {
            "target": str(targets.get(row.target, row.target)),
            "met": row.met,
            "breached": row.breached,
            "shown": display.percent(row.rate),
        }
        for row in sorted(totals, key=lambda a: (-a.total, a.target))
    ]


EXPORTS = {
    "attainment": ["dimension", "label", "target", "met", "breached", "attainment"],
    "times": [
        "target",
        "count",
        "business_median",
        "business_p90",
        "calendar_median",
        "calendar_p90",
        "business_mean",
        "calendar_mean",
    ],
    "breaches": ["bucket", "target", "breaches"],
}


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def sla_export(request: HttpRequest, report: str, format: str) -> HttpResponseBase:
    """A table of the report as CSV or XLSX (times in minutes, attainment in per cent)."""
    table = report
    if table not in EXPORTS or format not in ("csv", "xlsx"):
        raise Http404(_("There is no such table."))
    form, filters = _checked(request)
    if filters is None:
        return _bad(form)
    scope = scope_of(filters)
    if table == "attainment":
        tables = attainment_tables(scope)
        tables.pop("")
        found = [row for rows in tables.values() for row in rows]
    elif table == "times":
        found = time_rows(scope)
    else:
        found = breach_rows(scope, _bucket(request, filters))
    columns = EXPORTS[table]
    rows = [[row[column] for column in columns] for row in found]
    name = f"lytte-sla-{table}-{filters.start}-{filters.end}"
    respond = csv_response if format == "csv" else xlsx_response
    return respond(name, columns, rows)


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def sla_breaches(request: HttpRequest) -> HttpResponseBase:
    """The breached targets behind a figure: the filters' period (a day or week of the chart)
    and ?target=; ?format=csv for all of them."""
    form, filters = _checked(request)
    if filters is None:
        return _bad(form)
    target = request.GET.get("target", "")
    if target and target not in Target.values:
        return JsonResponse({"error": _("There is no such target.")}, status=400)
    scope, kinds = scope_of(filters), [target] if target else []
    found = figures.breached_targets(scope, kinds)
    if request.GET.get("format") == "csv":
        return csv_response(
            "lytte-sla-breaches",
            ["case", "subject", "team", "target", "started", "breached", "over_minutes"],
            (
                (
                    row.case.number,
                    row.case.subject,
                    row.case.team or "",
                    row.get_target_display(),
                    row.started_at.isoformat(),
                    row.breached_at.isoformat(),  # type: ignore[attr-defined]
                    _minutes(row.over),
                )
                for row in found.iterator()
            ),
        )
    context = {
        "rows": found[:DRILL_ROWS],
        "count": figures.breach_count(scope, kinds),  # the rollups' sum, not a scan
        "period": display.describe(filters.start, filters.end),
        "target": dict(Target.choices).get(target, ""),
        "query": request.GET.urlencode(),
        "back": urlencode(filters.query()),
    }
    return render(request, "insights/sla_breaches.html", context)
