"""The portal's account forms: an address to send a code to, the code, a reply, a new case."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _


def client_token() -> str:
    """A fresh token for a form: its submission, sent twice, is one contact."""
    return uuid.uuid4().hex


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code is six digits.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "maxlength": 8,
            }
        ),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class NewCaseForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
