"""A new case for a known or unknown person, started from a number or address in any form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, staff_required
from lytte.accounts.models import User
from lytte.cases import services as cases
from lytte.cases.models import Case, Channel, Direction
from lytte.cases.selectors import open_cases_for_customer
from lytte.customers.addresses import InvalidAddress
from lytte.customers.models import Customer
from lytte.customers.selectors import Identification, identify
from lytte.customers.services import create_customer_at
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
    customer = None
    try:
        if data["customer"]:
            customer = Customer.objects.filter(pk=data["customer"]).first()
            if customer is None:
                raise ValidationError({"customer": [_("That customer no longer exists.")]})
        elif data["name"].strip():
            customer = create_customer_at(
                name=data["name"],
                address=data["address"],
                organization=data["organization"],
                created_by=user,
            )
        case = _open(user, customer, data["channel"], data["subject"], data["address"])
    except ValidationError as error:
        add_service_errors(start, error)
        context = {"start": start, "form": AddressForm(initial={"address": data["address"]})}
        return render(request, "desk/new_case.html", context, status=422)
    return redirect("desk:case", number=case.number)


def _open(user: User, customer: Customer | None, channel: str, subject: str, address: str) -> Case:
    team = user.teams.first()
    case = cases.open_case(
        channel=channel,
        opened_by=user,
        customer=customer,
        subject=subject,
        team=team,
        assignee=user,
    )
    cases.log_contact(
        case=case,
        channel=channel,
        direction=Direction.INBOUND,
        address=address,
        handled_by=user if channel in (Channel.PHONE, Channel.CHAT) else None,
        logged_by=user,
    )
    return case
