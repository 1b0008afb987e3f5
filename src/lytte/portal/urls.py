"""The customer portal at /help/: the public help centre (`help`) and the signed-in customer's
own pages (`account`). Every page path starts with its language: /help/nb/..., /help/fi/..."""

from __future__ import annotations

from django.urls import include, path, register_converter

from lytte.platform.languages import LANGUAGE_CODES


class LanguageConverter:
    regex = "|".join(LANGUAGE_CODES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "lang")

app_name = "portal"
urlpatterns = [
    path("", include("lytte.portal.help.urls")),
    path("", include("lytte.portal.account.urls")),
]
