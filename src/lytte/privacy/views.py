"""The erase page: for admins only (customers.delete_customer), since erasure cannot be undone
(decision 20)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, staff_required
from lytte.cases.models import Case, Contact
from lytte.customers.models import Customer
from lytte.privacy.forms import EraseCustomerForm
from lytte.privacy.services import ErasureRefused, erase_customer, holds_on


@require_http_methods(["GET", "POST"])
@staff_required
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_staff(request)
    if not user.has_perm("customers.delete_customer"):
        raise PermissionDenied(_("Only administrators may erase customers."))
    customer = get_object_or_404(Customer, pk=pk)
    form = EraseCustomerForm(request.POST or None, customer=customer)
    status = 200
    if form.is_valid():
        try:
            erase_customer(customer=customer, erased_by=user, reason=form.cleaned_data["reason"])
            return render(request, "privacy/erased.html", {"customer": customer})
        except ErasureRefused as refused:
            form.add_error(None, " ".join(refused.messages))
            status = 409
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
    if form.errors and status == 200:
        status = 422
    context = {
        "customer": customer,
        "form": form,
        "holds": list(holds_on(customer)),
        "cases": Case.objects.filter(customer=customer).count(),
        "contacts": Contact.objects.filter(case__customer=customer).count(),
    }
    return render(request, "privacy/erase.html", context, status=status)
