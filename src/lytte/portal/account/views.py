"""The signed-in customer's pages: their cases, one case with a reply form, a new case. Another
customer's case is a 404, the same as a case that does not exist (decision 33)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lytte.customers.models import Customer
from lytte.portal import limits, web
from lytte.portal.account.forms import NewCaseForm, ReplyForm, client_token
from lytte.portal.identity import current_customer

View = Callable[..., HttpResponse]


def customer_required(view: Callable[..., HttpResponse]) -> View:
    """The page needs a signed-in customer: others go to the portal's sign-in, and back."""

    @wraps(view)
    def wrapper(request: HttpRequest, lang: str, **kwargs: Any) -> HttpResponse:
        customer = current_customer(request)
        if customer is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:sign-in', args=[lang])}?{query}")
        return view(request, lang, customer, **kwargs)

    return never_cache(wrapper)


@require_http_methods(["GET"])
@customer_required
def cases(request: HttpRequest, lang: str, customer: Customer) -> HttpResponse:
    listed = web.customer_cases(customer).select_related("reason")[:200]
    return render(request, "portal/account/cases.html", {"customer": customer, "cases": listed})


@require_http_methods(["GET", "POST"])
@customer_required
def case(request: HttpRequest, lang: str, customer: Customer, number: int) -> HttpResponse:
    found = web.customer_case(customer, number)
    if found is None:
        raise Http404
    form = ReplyForm(request.POST or None, initial={"client_token": client_token()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and not limits.allowed("reply", request, customer):
            form.add_error(None, limits.TOO_MANY_WRITES)
            status = limits.TOO_MANY
        elif form.is_valid():
            try:
                web.reply(
                    customer=customer,
                    case=found,
                    body=form.cleaned_data["body"],
                    client_token=form.cleaned_data["client_token"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(f"{reverse('portal:case', args=[lang, number])}#latest")
    context = {
        "customer": customer,
        "case": found,
        "contacts": web.visible_contacts(found).select_related("handled_by"),
        "form": form,
        "can_reply": web.can_reply(found),
    }
    return render(request, "portal/account/case.html", context, status=status)


@require_http_methods(["GET", "POST"])
@customer_required
def new_case(request: HttpRequest, lang: str, customer: Customer) -> HttpResponse:
    form = NewCaseForm(request.POST or None, initial={"client_token": client_token()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and not limits.allowed("case", request, customer):
            form.add_error(None, limits.TOO_MANY_WRITES)
            status = limits.TOO_MANY
        elif form.is_valid():
            try:
                received = web.open_case(
                    customer=customer,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    client_token=form.cleaned_data["client_token"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("portal:case", lang, received.case.number)
    return render(
        request, "portal/account/new_case.html", {"customer": customer, "form": form}, status=status
    )
