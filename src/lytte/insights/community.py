"""The community's insights page for directors and supervisors (issue 16): active members,
questions per reason, time to a first answer, the share customers solved, top helpers and the
questions that became cases, for a period and a language. Thin: `insights.forum` reads."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import staff_required
from lytte.insights import display, forum, gaps
from lytte.insights.forms import GapFilterForm
from lytte.insights.knowledge import DASHBOARDS


def _seconds(value: object) -> float | None:
    return None if value is None else value.total_seconds()  # type: ignore[attr-defined]


@require_http_methods(["GET"])
@staff_required
@permission_required(DASHBOARDS, raise_exception=True)
def community(request: HttpRequest) -> HttpResponse:
    form = GapFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.filters() if valid else gaps.GapFilters(*GapFilterForm.default_period())
    first = forum.time_to_first_answer(filters)
    solved = forum.solved(filters)
    context = {
        "form": form,
        "period": display.describe(filters.start, filters.end),
        "language": dict(settings.LANGUAGES).get(filters.language, ""),
        "active_members": forum.active_members(filters),
        "reasons": forum.by_reason(filters),
        "first": first,
        "first_median": display.duration(_seconds(first.median)),
        "first_by_members": display.duration(_seconds(first.by_members)),
        "first_by_staff": display.duration(_seconds(first.by_staff)),
        "solved": solved,
        "by_members_percent": display.percent(solved["by_members_share"]),
        "escalated_percent": display.percent(solved["escalated_share"]),
        "helpers": forum.top_helpers(filters),
    }
    return render(request, "insights/community.html", context, status=200 if valid else 400)
