from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import StartPage
from lytte.platform.languages import LANGUAGE_NAMES


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        # Each language in its own name: someone who cannot read the page can still find theirs.
        choices=[("", _("Same as my browser"))]
        + [(code, LANGUAGE_NAMES[code]) for code, _name in settings.LANGUAGES],
    )


class StartPageForm(forms.Form):
    start_page = forms.ChoiceField(label=_("Start page"), required=False, choices=StartPage.choices)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “PBX integration”."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
