"""The case workspace: the customer card, the timeline, and logging while listening."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, is_htmx, staff_required
from lytte.accounts.models import User
from lytte.audit.models import AccessChannel
from lytte.audit.services import record_access
from lytte.cases import selectors, services
from lytte.cases.models import Case, Channel
from lytte.cases.policies import can_work_on
from lytte.community.services.escalation import thread_of_case
from lytte.customers.models import Customer
from lytte.customers.selectors import identify, search_customers
from lytte.desk import sla
from lytte.desk.forms import CommunityReplyForm, LogForm, ReplyForm, add_service_errors
from lytte.insights.selectors import suggest
from lytte.insights.services import record_choice, sign_suggestion
from lytte.mail import selectors as mail_selectors


def workable_case(user: User, number: int) -> Case:
    case = selectors.case_by_number(number)
    if case is None:
        raise Http404(_("There is no case #%(number)s.") % {"number": number})
    if not can_work_on(user, case):  # the same reach as can_view (decision 19), and a worker
        raise PermissionDenied(
            _("Case #%(number)s belongs to another team.") % {"number": case.number}
        )
    return case


def workspace_context(
    case: Case, form: LogForm, reply_form: ReplyForm | None = None, community_form: Any = None
) -> dict[str, Any]:
    """What the workspace shows of `case` to the agent of `form`; the customer card lists only
    the cases and contacts that agent may see (decision 19)."""
    customer = case.customer
    user = form.agent
    timeline = list(selectors.case_timeline(case))
    emails = mail_selectors.emails_of(contact.pk for contact in timeline)
    for contact in timeline:
        contact.email = emails.get(contact.pk)  # type: ignore[attr-defined]
    reply = mail_selectors.reply_target(case)
    return {
        "case": case,
        "customer": customer,
        "form": form,
        "timeline": timeline,
        "reply": reply,
        "reply_form": reply_form or ReplyForm(initial={"to": reply.to}),
        **_community(case, community_form),
        **_suggestions(case, form.data.get("note", ""), form),
        "reasons": selectors.frequent_reasons(customer=customer, organization=case.organization),
        "contact_points": list(customer.contact_points.all()) if customer else [],
        **_other_open_cases(case, user),
        "recent_contacts": (
            selectors.recent_contacts_for_customer(customer, user) if customer else []
        ),
        "reason_history": selectors.reason_history(customer, user) if customer else [],
        **_unknown_caller(case),
        "sla_targets": sla.case_targets(case),
    }


def _community(case: Case, community_form: Any) -> dict[str, Any]:
    """The community thread the case was escalated from, and the form to answer in it."""
    if case.channel != Channel.FORUM:
        return {"community_thread": None}
    return {
        "community_thread": thread_of_case(case),
        "community_form": community_form or CommunityReplyForm(),
    }


def _other_open_cases(case: Case, user: User, shown: int = 10) -> dict[str, Any]:
    """The customer's ten newest other open cases, and how many there are in all (a big
    organization's contact can have hundreds)."""
    if case.customer is None:
        return {"open_cases": [], "open_case_count": 0}
    others = selectors.open_cases_for_customer(case.customer, user).exclude(pk=case.pk)
    open_cases = list(others[:shown])
    count = len(open_cases) if len(open_cases) < shown else others.count()
    return {"open_cases": open_cases, "open_case_count": count}


def _unknown_caller(case: Case) -> dict[str, Any]:
    """For a case with no customer: the address they came from and, for a number several
    customers share, those customers, so the agent picks one instead of searching."""
    if case.customer is not None:
        return {"caller_address": "", "caller_candidates": []}
    address = selectors.caller_address(case)
    candidates = identify(address).customers if address else []
    return {"caller_address": address, "caller_candidates": candidates}


@require_http_methods(["GET"])
@staff_required
def workspace(request: HttpRequest, number: int) -> HttpResponse:
    user = current_staff(request)
    case = workable_case(user, number)
    if case.customer is not None:
        record_access(user=user, customer=case.customer, channel=AccessChannel.WORKSPACE, case=case)
    return render(
        request, "desk/workspace.html", workspace_context(case, LogForm(case=case, agent=user))
    )


@require_http_methods(["POST"])
@staff_required
def log(request: HttpRequest, number: int) -> HttpResponse:
    """Save note, reason, status and assignee together; on htmx, answer with the new timeline
    and a fresh form, so the agent keeps listening and typing."""
    user = current_staff(request)
    case = workable_case(user, number)
    form = LogForm(request.POST, case=case, agent=user)
    reason_before = case.reason_id
    if form.is_valid():
        try:
            services.record_work(case=case, agent=user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _remember_choice(request, case, form, reason_before)
    if form.errors:
        template = "desk/_work.html" if is_htmx(request) else "desk/workspace.html"
        return render(request, template, workspace_context(case, form), status=422)
    if not is_htmx(request):
        return redirect("desk:case", number=case.number)
    case = workable_case(user, number)
    context = workspace_context(case, LogForm(case=case, agent=user))
    # The header too: a case without a subject has just taken one from the note.
    return render(request, "desk/_work.html", {**context, "retitle": True})


def _remember_choice(
    request: HttpRequest, case: Case, form: LogForm, reason_before: int | None
) -> None:
    """The agent picked a reason with suggestions in view: keep both, to measure suggestions."""
    chosen = form.cleaned_data.get("reason")
    token = request.POST.get("suggestion", "")
    if chosen is not None and chosen.pk != reason_before and token:
        record_choice(case=case, token=token, chosen=chosen, agent=current_staff(request))


@require_http_methods(["GET"])
@staff_required
def reason_suggestions(request: HttpRequest, number: int) -> HttpResponse:
    """The likeliest reasons for what the agent has typed so far (or, before they type, for
    what the customer wrote last)."""
    case = workable_case(current_staff(request), number)
    text = request.GET.get("note", "")[:5000]
    return render(request, "desk/_suggested_reasons.html", _suggestions(case, text))


def _suggestions(case: Case, text: str, form: LogForm | None = None) -> dict[str, Any]:
    text = text.strip() or selectors.last_customer_text(case)
    found = suggest(text) if text else None
    if not found or not found.items:
        return {
            "suggestions": [],
            "suggestion_token": "",
            "confident": False,
            "chosen": _chosen(case, form, None),
        }
    token = sign_suggestion(
        suggested=[(item.reason.code, item.score) for item in found.items],
        model_version=found.model_version,
    )
    sure = found.sure
    return {
        "suggestions": found.items,
        "suggestion_token": token,
        "confident": found.confident,
        "chosen": _chosen(case, form, sure.pk if sure else None),
    }


def _chosen(case: Case, form: LogForm | None, sure: int | None) -> object:
    """The reason checked in the picker (decision 14): what the agent sent back (none when they
    ticked "no reason yet"), else the case's reason, else a suggestion sure enough."""
    if form is not None and form.is_bound:
        if form["no_reason_yet"].value():
            return None
        if form["reason"].value():
            return form["reason"].value()
    return case.reason_id or sure


@require_http_methods(["GET"])
@staff_required
def customer_options(request: HttpRequest, number: int) -> HttpResponse:
    """Customers matching what the agent types, to say who an unknown caller is."""
    case = workable_case(current_staff(request), number)
    text = request.GET.get("q", "").strip()[:200]
    found = list(search_customers(text)[:8]) if len(text) >= 2 else []
    return render(
        request, "desk/_customer_options.html", {"case": case, "customers": found, "q": text}
    )


@require_http_methods(["POST"])
@staff_required
def set_customer(request: HttpRequest, number: int) -> HttpResponse:
    """The unknown caller is an existing customer (`customer`) or a new one (`name`); either
    way they keep the number they called from."""
    user = current_staff(request)
    case = workable_case(user, number)
    try:
        customer = None
        if request.POST.get("customer", "").isdigit():
            customer = Customer.objects.filter(pk=int(request.POST["customer"])).first()
            if customer is None:
                raise ValidationError({"customer": [_("That customer no longer exists.")]})
        services.identify_caller(
            case=case, customer=customer, name=request.POST.get("name", ""), changed_by=user
        )
    except ValidationError as error:
        form = LogForm(case=case, agent=user)
        context = {**workspace_context(case, form), "caller_errors": error.messages}
        return render(request, "desk/workspace.html", context, status=422)
    return redirect("desk:case", number=case.number)
