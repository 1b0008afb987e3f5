"""The desk's queues, search and reason type-ahead."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lytte.accounts.decorators import current_staff, is_htmx, staff_required
from lytte.accounts.models import Team, User
from lytte.cases import selectors as cases
from lytte.cases.models import Case
from lytte.cases.selectors import Queue
from lytte.customers import selectors as customers
from lytte.desk import sla
from lytte.desk.chats import queue_context


def _queue(name: str | None) -> Queue:
    try:
        return Queue(name or Queue.MINE)
    except ValueError:
        raise Http404(name) from None


@require_GET
@staff_required
def desk(request: HttpRequest) -> HttpResponse:
    user = current_staff(request)
    queue = _queue(request.GET.get("queue"))
    context = {**_counts(user, queue), **_listing(request, user, queue), **queue_context(user)}
    return render(request, "desk/desk.html", context)


def _listing(request: HttpRequest, user: User, queue: Queue) -> dict[str, object]:
    """One of the user's queues, or (supervisors, `?team=ID` or `?team=none`) a team's; most
    urgent first, or soonest due first with `?sort=due` (decision 0041)."""
    raw = request.GET.get("team") or None
    due = request.GET.get("sort") == "due"
    sorting = {"sort": "due" if due else "", "due_times": True}
    if raw is None or not user.has_perm("cases.work_any_case"):
        listed = (
            sla.by_due(Case.objects.filter(cases.queue_filter(user, queue)))
            if due
            else cases.queue_cases(user, queue)
        )
        return {
            "cases": sla.with_due_times(listed),
            "title": queue.label,
            "team_param": "",
            **sorting,
        }
    team = None if raw == "none" else get_object_or_404(Team, pk=int(raw) if raw.isdigit() else 0)
    if due:
        scope = Q(team=team) if team is not None else Q(team__isnull=True)
        listed = sla.by_due(Case.objects.filter(scope, status__in=cases.ACTIVE_STATUSES))
    else:
        listed = cases.team_cases(team)
    return {
        "cases": sla.with_due_times(listed),
        "title": team.name if team else _("No team"),
        "team_param": raw,
        **sorting,
    }


def _counts(user: User, queue: Queue) -> dict[str, object]:
    counts = cases.queue_counts(user)
    supervisor = user.has_perm("cases.work_any_case")
    return {
        "queue": queue,
        "tabs": [(q, counts[q]) for q in Queue],
        "team_counts": cases.team_queue_counts() if supervisor else None,
    }


@require_GET
@staff_required
def queue_counts(request: HttpRequest) -> HttpResponse:
    context = _counts(current_staff(request), _queue(request.GET.get("queue")))
    return render(request, "desk/_counts.html", context)


@require_GET
@staff_required
def queue_list(request: HttpRequest, name: str) -> HttpResponse:
    queue = _queue(name)
    context = {"queue": queue, **_listing(request, current_staff(request), queue)}
    return render(request, "desk/_queue.html", context)


@require_GET
@staff_required
def search(request: HttpRequest) -> HttpResponse:
    # A NUL (pasted from somewhere) is no character anyone searches for, and both databases'
    # text refuses it.
    text = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    found_customers = list(customers.search_customers(text)[:10]) if len(text) >= 2 else []
    found_organizations = list(customers.search_organizations(text)[:5]) if len(text) >= 2 else []
    context = {
        "q": text,
        "customers": found_customers,
        "organizations": found_organizations,
        "cases": cases.search_cases(text, current_staff(request)),
    }
    template = "desk/_search_results.html" if is_htmx(request) else "desk/search.html"
    return render(request, template, context)


@require_GET
@staff_required
def reason_options(request: HttpRequest) -> HttpResponse:
    matches = cases.reasons_matching(request.GET.get("reason_q", "")[:100], get_language())
    return render(request, "desk/_reason_options.html", {"reasons": matches, "prefix": "match"})
