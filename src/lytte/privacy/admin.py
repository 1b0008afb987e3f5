"""The admin: deleting a customer erases them (the same service as everywhere), since a plain
delete would leave their cases, contacts and raw mail behind; legal holds are listed and placed
here too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lytte.customers.admin import CustomerAdmin
from lytte.customers.models import Customer
from lytte.privacy.models import LegalHold
from lytte.privacy.services import erase_customer, holds_on, place_hold, release_hold


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why"),
        max_length=500,
        help_text=gettext_lazy("Kept in the audit trail, e.g. “The customer asked for erasure”."),
    )


admin.site.unregister(Customer)


@admin.register(Customer)
class ErasingCustomerAdmin(CustomerAdmin):
    """Delete, for one customer or many, asks for a reason and erases."""

    actions = ["erase_selected"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not self.has_delete_permission(request):
            actions.pop("erase_selected", None)
        return actions

    @admin.action(description=gettext_lazy("Erase selected customers…"))
    def erase_selected(
        self, request: HttpRequest, queryset: QuerySet[Customer]
    ) -> HttpResponse | None:
        form = ErasureForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            self._erase(request, list(queryset), form.cleaned_data["reason"])
            return None
        return self._confirmation(request, list(queryset), form, bulk=True)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        customer = get_object_or_404(Customer, pk=object_id)
        if not self.has_delete_permission(request, customer):
            return super().delete_view(request, object_id, extra_context)
        form = ErasureForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            self._erase(request, [customer], form.cleaned_data["reason"])
            return HttpResponseRedirect(reverse("admin:customers_customer_changelist"))
        return self._confirmation(request, [customer], form, bulk=False)

    def delete_model(self, request: HttpRequest, obj: Customer) -> None:
        erase_customer(customer=obj, erased_by=request.user, reason=_("Deleted in the admin"))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Customer]) -> None:
        for customer in queryset:
            self.delete_model(request, customer)

    def _erase(self, request: HttpRequest, customers: list[Customer], reason: str) -> None:
        erased = 0
        for customer in customers:
            try:
                erase_customer(customer=customer, erased_by=request.user, reason=reason)
                erased += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{customer.pk}: {' '.join(error.messages)}", messages.ERROR
                )
        if erased:
            self.message_user(
                request,
                ngettext("%(n)d customer erased.", "%(n)d customers erased.", erased)
                % {"n": erased},
                messages.SUCCESS,
            )

    def _confirmation(
        self, request: HttpRequest, customers: list[Customer], form: ErasureForm, *, bulk: bool
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase customers"),
            "opts": self.model._meta,
            "customers": [(customer, list(holds_on(customer))) for customer in customers],
            "form": form,
            "bulk": bulk,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/privacy/erase_customers.html", context)


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin[LegalHold]):
    list_display = ["__str__", "placed_by", "placed_at", "released_at"]
    list_filter = [("released_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["customer", "case"]
    fields = ["customer", "case", "reason", "placed_by", "placed_at", "released_by", "released_at"]
    readonly_fields = ["placed_by", "placed_at", "released_by", "released_at"]
    actions = ["release_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj: LegalHold | None = None) -> Any:
        if obj is not None:
            return [*self.readonly_fields, "customer", "case", "reason"]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: LegalHold | None = None) -> bool:
        return False  # a hold is released, never deleted: its history is the point

    def save_model(self, request: HttpRequest, obj: LegalHold, form: Any, change: bool) -> None:
        if change:
            return
        hold = place_hold(
            reason=obj.reason, placed_by=request.user, customer=obj.customer, case=obj.case
        )
        obj.pk = hold.pk

    @admin.action(description=gettext_lazy("Release selected holds"))
    def release_selected(self, request: HttpRequest, queryset: QuerySet[LegalHold]) -> None:
        for hold in queryset:
            release_hold(hold=hold, released_by=request.user)
        self.message_user(request, _("Released."), messages.SUCCESS)
