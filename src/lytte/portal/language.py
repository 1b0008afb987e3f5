"""The portal's language comes from its URL (/help/fi/...), whoever is signed in: a shared link
opens in the language it was written in, and search engines index each language apart."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from lytte.platform.languages import LANGUAGE_CODES

PREFIX = "/help/"
CODES = frozenset(LANGUAGE_CODES)


def browser_language(request: HttpRequest) -> str:
    """The first of the browser's languages that the portal speaks, else the portal's own."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            language = get_supported_language_variant(code)
        except LookupError:
            continue
        if language in CODES:
            return language
    return settings.PORTAL_LANGUAGE


def language_of(path: str) -> str | None:
    """The language a portal path names, or None outside the portal or without one."""
    if not path.startswith(PREFIX):
        return None
    code = path[len(PREFIX) :].split("/", 1)[0]
    return code if code in CODES else None


class PortalLanguageMiddleware:
    """Activates the URL's language on portal pages (after the staff user's own choice)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_of(request.path_info)
        if language is None:
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers["Content-Language"] = language
        return response
