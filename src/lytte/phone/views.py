"""The desk's side of the phone: screen pops, taking a call, the call log and call-back list."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lytte.accounts.decorators import current_staff, staff_required
from lytte.accounts.models import Team, User
from lytte.audit.models import AccessChannel
from lytte.audit.services import record_access
from lytte.cases.models import Case
from lytte.cases.selectors import visible_cases
from lytte.phone import selectors, services
from lytte.phone.models import AgentPhone
from lytte.phone.selectors import CallFilters


@require_GET
@staff_required
def pop(request: HttpRequest, call_id: int) -> HttpResponse:
    user = current_staff(request)
    call = get_object_or_404(
        selectors.calls_with_relations(selectors.visible_calls(user)), pk=call_id
    )
    auto_open = bool(getattr(getattr(user, "phone", None), "auto_open", False))
    caller = selectors.caller_for(call, user)
    if len(caller.customers) == 1:
        record_access(user=user, customer=caller.customers[0], channel=AccessChannel.SCREEN_POP)
    context = {"caller": caller, "auto_open": auto_open}
    return render(request, "phone/_pop.html", context)


@require_POST
@staff_required
def take(request: HttpRequest, call_id: int) -> HttpResponse:
    """One click on the pop: the call is logged on the case the agent chose (`case`: a number,
    or "new"; by default the one it continues, else a new one), which opens."""
    agent = current_staff(request)
    call = get_object_or_404(selectors.visible_calls(agent), pk=call_id)
    choice = request.POST.get("case", "").strip()
    try:
        onto = _chosen_case(choice, agent)
        case = services.log_call(call=call, agent=agent, onto=onto, new_case=choice == "new")
    except ValidationError as error:
        context = {"caller": selectors.caller_for(call, agent), "errors": error.messages}
        return render(request, "phone/take.html", context, status=422)
    return redirect("desk:case", number=case.number)


def _chosen_case(choice: str, agent: User) -> Case | None:
    if choice in ("", "new"):
        return None
    visible = visible_cases(agent)
    case = visible.filter(number=int(choice)).first() if choice.isdigit() else None
    if case is None:
        raise ValidationError(_("There is no case #%(number)s.") % {"number": choice[:20]})
    return case


@require_POST
@staff_required
def called_back(request: HttpRequest, call_id: int) -> HttpResponse:
    agent = current_staff(request)
    call = get_object_or_404(selectors.visible_calls(agent), pk=call_id)
    services.mark_called_back(call=call, agent=agent)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("phone:calls")
    return redirect(target)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_GET
@staff_required
def call_log(request: HttpRequest) -> HttpResponse:
    params = request.GET
    filters = CallFilters(
        missed=True if params.get("missed") == "1" else None,
        waiting=params.get("waiting") == "1",
        team=_int(params.get("team")),
        queue=params.get("queue", "").strip()[:100],
        agent=_int(params.get("agent")),
        direction=params.get("direction", "") if params.get("direction") in ("in", "out") else "",
        since=_date(params.get("since")),
        until=_date(params.get("until")),
    )
    page = Paginator(selectors.filtered_calls(filters, current_staff(request)), 50).get_page(
        params.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "teams": Team.objects.all(),
        "agents": User.objects.filter(is_active=True, groups__isnull=False).distinct(),
        "query": params.urlencode(),
    }
    return render(request, "phone/call_log.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = current_staff(request)
    phone = AgentPhone.objects.filter(user=user).first()
    if request.method == "POST":
        services.set_phone_preferences(user=user, auto_open=request.POST.get("auto_open") == "on")
        messages.success(request, _("Your phone settings are saved."))
        return redirect("phone:preferences")
    return render(request, "phone/preferences.html", {"phone": phone})
