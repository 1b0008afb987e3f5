"""The customer page: who they are, their cases and contacts; for supervisors, who opened their
data and the export of everything held about them (the right of access)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lytte.accounts.decorators import current_staff, staff_required
from lytte.accounts.models import User
from lytte.audit.models import AccessChannel
from lytte.audit.selectors import access_log
from lytte.audit.services import record_access
from lytte.cases.models import Case, Contact, Direction
from lytte.cases.selectors import visible_cases, visible_contacts
from lytte.customers.models import Customer
from lytte.privacy.export import open_export
from lytte.privacy.export.download import ZipDownload

SHOWN_CASES = 50
SHOWN_ACCESS = 50


def _customer(pk: int) -> Customer:
    customer = Customer.objects.select_related("organization").filter(pk=pk).first()
    if customer is None:
        raise Http404(_("There is no customer with id %(id)s.") % {"id": pk})
    return customer


def _visible_cases(user: User, customer: Customer) -> QuerySet[Case]:
    """The customer's cases this person may see, newest first (decision 19)."""
    return visible_cases(user).filter(customer=customer).order_by("-created_at", "-id")


def _recent_contacts(user: User, customer: Customer, limit: int = 10) -> list[Contact]:
    return list(
        visible_contacts(user)
        .filter(customer=customer)
        .exclude(direction=Direction.INTERNAL)
        .select_related("case", "reason")
        .order_by("-started_at", "-id")[:limit]
    )


@require_GET
@staff_required
def customer_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_staff(request)
    customer = _customer(pk)
    record_access(user=user, customer=customer, channel=AccessChannel.CUSTOMER_PAGE)
    cases = _visible_cases(user, customer)
    shown = list(cases[: SHOWN_CASES + 1])
    context = {
        "customer": customer,
        "contact_points": list(customer.contact_points.all()),
        "cases": shown[:SHOWN_CASES],
        "more_cases": cases.count() - SHOWN_CASES if len(shown) > SHOWN_CASES else 0,
        "recent_contacts": _recent_contacts(user, customer),
        **_access(user, customer),
    }
    return render(request, "desk/customer.html", context)


def _access(user: User, customer: Customer) -> dict[str, object]:
    """For those who may read it, the newest of the access log and how long it is."""
    if not user.has_perm("audit.view_accessrecord"):
        return {"access": None}
    records = access_log(customer.pk)
    shown = list(records[:SHOWN_ACCESS])
    total = records.count() if len(shown) == SHOWN_ACCESS else len(shown)
    return {"access": shown, "access_count": total}


@require_POST
@staff_required
def export(request: HttpRequest, pk: int) -> ZipDownload:
    """The ZIP of everything held about the customer, as a download (POST: exporting is audited,
    so no link, prefetch or crawler may set it off)."""
    user = current_staff(request)
    if not user.has_perm("audit.export_customer_data"):
        raise PermissionDenied(_("Only supervisors and administrators may export customer data."))
    customer = _customer(pk)
    zipped = open_export(customer=customer, exported_by=user)
    return ZipDownload(zipped, f"customer-{customer.pk}.zip")
