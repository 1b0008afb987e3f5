"""A new case for a known or unknown person, started from a number or address in any form."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, staff_required
from lytte.accounts.models import User
from lytte.cases import services as cases
from lytte.cases.models import Case
from lytte.cases.rules import InboundContact
from lytte.cases.selectors import open_cases_for_customer
from lytte.customers.addresses import InvalidAddress
from lytte.customers.models import Customer
from lytte.customers.selectors import Identification, identify
from lytte.desk.forms import AddressForm, StartCaseForm, add_service_errors


@require_http_methods(["GET", "POST"])
@staff_required
def new_case(request: HttpRequest) -> HttpResponse:
    user = current_staff(request)
    if request.method == "POST":
        return _start(request, user)
    form = AddressForm(request.GET if "address" in request.GET else None)
    found: Identification | None = None
    candidates: list[Customer] = []
    if form.is_valid():
        try:
            found = identify(form.cleaned_data["address"])
            candidates = found.customers
        except InvalidAddress as error:
            form.add_error("address", error.message)
    elif request.GET.get("customer", "").isdigit():
        candidates = list(Customer.objects.filter(pk=int(request.GET["customer"])))
    for customer in candidates:
        customer.open_cases = list(open_cases_for_customer(customer, user)[:5])  # type: ignore[attr-defined]
    start = StartCaseForm(
        initial={
            "address": found.address if found else "",
            "organization": found.organization.pk if found and found.organization else None,
        }
    )
    context = {"form": form, "found": found, "start": start, "candidates": candidates}
    return render(request, "desk/new_case.html", context, status=422 if form.errors else 200)


def _start(request: HttpRequest, user: User) -> HttpResponse:
    start = StartCaseForm(request.POST)
    if not start.is_valid():
        return render(
            request, "desk/new_case.html", {"start": start, "form": AddressForm()}, status=422
        )
    data = start.cleaned_data
    try:
        case = _open(user, data)
    except ValidationError as error:
        add_service_errors(start, error)
        context = {"start": start, "form": AddressForm(initial={"address": data["address"]})}
        return render(request, "desk/new_case.html", context, status=422)
    return redirect("desk:case", number=case.number)


def _open(user: User, data: dict[str, Any]) -> Case:
    """The customer the agent chose (or a new one they named, or nobody yet), the case and the
    contact, through the one entry: all of them or, when one part is refused, none."""
    customer = None
    if data["customer"]:
        customer = Customer.objects.filter(pk=data["customer"]).first()
        if customer is None:
            raise ValidationError({"customer": [_("That customer no longer exists.")]})
    named = not customer and data["name"].strip()
    channel = data["channel"]
    received = cases.receive_contact(
        InboundContact(
            channel=channel,
            address=data["address"],
            identity=customer,
            subject=data["subject"],
            handled_by=user if channel in cases.LIVE_CHANNELS else None,
        ),
        actor=user,
        new_case_at=cases.NewCaseAt(team=user.teams.first(), assignee=user),
        new_case=True,
        new_customer=(
            cases.NewCustomer(data["name"], data["organization"], always=True) if named else None
        ),
        identify_sender=False,  # the agent said who it is, or that it is nobody yet
    )
    return received.case
