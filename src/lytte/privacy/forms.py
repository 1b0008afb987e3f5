from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lytte.customers.models import Customer, fold


class EraseCustomerForm(forms.Form):
    """The reason, and the customer's name typed again: erasure cannot be undone."""

    reason = forms.CharField(
        label=gettext_lazy("Why"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the audit trail, e.g. “The customer asked for erasure”."),
    )
    name = forms.CharField(
        label=gettext_lazy("Type the customer's name to confirm"), max_length=200
    )

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer = customer

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if fold(name) != fold(self.customer.name):
            raise forms.ValidationError(_("That is not the customer's name."))
        return name
